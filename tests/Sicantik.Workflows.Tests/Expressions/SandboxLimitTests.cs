using Sicantik.Workflows.Expressions;
using Sicantik.Workflows.Tests.Timers;

namespace Sicantik.Workflows.Tests.Expressions;

/// <summary>The limits that keep a hostile expression, script or variable from stopping the host.</summary>
public sealed class SandboxLimitTests
{
    private static readonly Dictionary<string, object?> NoVariables = new(StringComparer.Ordinal);

    private readonly JintExpressionEvaluator _evaluator = new(new ExpressionOptions());

    [Theory]
    [InlineData("(", ")")]
    [InlineData("!", "")]
    [InlineData("-", "")]
    [InlineData("empty ", "")]
    [InlineData("a[", "]")]
    public void Validate_RefusesWithNestingReason_WhenExpressionNestsTwentyThousandDeep(string open, string close)
    {
        using var culture = UiCultureScope.Indonesian();
        var expression = "${" + string.Concat(Enumerable.Repeat(open, 20_000)) + "1" + string.Concat(Enumerable.Repeat(close, 20_000)) + "}";

        var reason = _evaluator.Validate(expression);

        Assert.NotNull(reason);
        Assert.Contains("bersarang lebih dari 64 tingkat", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusesWithNestingReason_WhenConditionalsChainTwentyThousandDeep()
    {
        using var culture = UiCultureScope.Indonesian();
        var expression = "${" + string.Concat(Enumerable.Repeat("a ? 1 : ", 20_000)) + "2}";

        var reason = _evaluator.Validate(expression);

        Assert.NotNull(reason);
        Assert.Contains("bersarang lebih dari 64 tingkat", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Succeeds_WhenNestingIsWithinLimit()
    {
        var expression = "${" + new string('(', 60) + "1 + 1" + new string(')', 60) + " == 2}";

        Assert.Null(_evaluator.Validate(expression));
        Assert.True(_evaluator.EvaluateCondition(expression, NoVariables));
    }

    [Theory]
    [InlineData("typeof Atomics")]
    [InlineData("typeof SharedArrayBuffer")]
    public void RunScript_OffersNoSharedMemory(string script)
    {
        var result = _evaluator.RunScript(script, NoVariables);

        Assert.Equal("undefined", result.Value);
    }

    [Fact]
    public void RunScript_ThrowsExpressionException_WhenScriptCallsAtomicsWait()
    {
        var script = "const view = new Int32Array(new ArrayBuffer(16)); Atomics.wait(view, 0, 0, 100000);";

        var exception = Assert.Throws<ExpressionException>(() => _evaluator.RunScript(script, NoVariables));

        Assert.Contains("Atomics", exception.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("import('fs')")]
    [InlineData("import('fs').then(m => m.readFileSync('/etc/passwd'))")]
    [InlineData("(async () => { const fs = await import('fs'); return fs; })()")]
    public void RunScript_ThrowsExpressionException_WhenScriptImportsModule(string script)
    {
        using var culture = UiCultureScope.Indonesian();

        var exception = Assert.Throws<ExpressionException>(() => _evaluator.RunScript(script, NoVariables));

        Assert.Contains("modul", exception.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("[", "]")]
    [InlineData("{ let a = ", " }")]
    [InlineData("!", "")]
    public void ValidateScript_Refuses_WhenScriptNestsTwentyThousandDeep(string open, string close)
    {
        var script = "const x = " + string.Concat(Enumerable.Repeat(open, 20_000)) + "1" + string.Concat(Enumerable.Repeat(close, 20_000)) + ";";

        Assert.NotNull(_evaluator.ValidateScript(script));
    }

    [Fact]
    public void ValidateScript_RefusesStaticImport()
    {
        Assert.NotNull(_evaluator.ValidateScript("import fs from 'fs';"));
    }

    [Fact]
    public void RunScript_ThrowsExpressionException_WhenSetVariableValueIsTooLarge()
    {
        using var culture = UiCultureScope.Indonesian();
        var script = "execution.setVariable('big', 'x'.repeat(1100000));";

        var exception = Assert.Throws<ExpressionException>(() => _evaluator.RunScript(script, NoVariables));

        Assert.Contains("terlalu besar", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RunScript_ThrowsExpressionException_WhenCompletionValueIsTooLarge()
    {
        using var culture = UiCultureScope.Indonesian();
        var script = "const parts = []; for (let i = 0; i < 20; i++) { parts.push('y'.repeat(60000)); } parts;";

        var exception = Assert.Throws<ExpressionException>(() => _evaluator.RunScript(script, NoVariables));

        Assert.Contains("terlalu besar", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckSize_Throws_WhenValueIsLargerThanLimit()
    {
        using var culture = UiCultureScope.Indonesian();
        var value = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["rows"] = Enumerable.Range(0, 100_000).Select(i => (object?)("baris-" + i)).ToList(),
        };

        var exception = Assert.Throws<ArgumentException>(() => VariableValues.CheckSize(value));

        Assert.Contains("terlalu besar", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckSize_Accepts_WhenValueIsWithinLimit()
    {
        var value = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["nama"] = new string('a', 100_000),
            ["angka"] = new List<object?> { 1L, 2.5, true, null },
        };

        VariableValues.CheckSize(value);
    }
}
