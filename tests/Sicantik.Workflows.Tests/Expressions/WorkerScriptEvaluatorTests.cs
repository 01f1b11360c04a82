using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sicantik.Workflows.Expressions;
using Sicantik.Workflows.Tests.Timers;

namespace Sicantik.Workflows.Tests.Expressions;

/// <summary>Scripts in the worker process: what ends or stalls a worker fails the script, and the next one runs.</summary>
public sealed class WorkerScriptEvaluatorTests(WorkerScriptEvaluatorTests.SharedWorker shared) : IClassFixture<WorkerScriptEvaluatorTests.SharedWorker>
{
    private const string DeepArray = "let a = []; for (let i = 0; i < 40000; i++) { a = [a]; }";

    private static readonly Dictionary<string, object?> NoVariables = new(StringComparer.Ordinal);

    private readonly WorkerScriptEvaluator _evaluator = shared.Evaluator;

    [Fact]
    public void RunScript_ReturnsValueAndSetVariables_FromWorker()
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["nama"] = "Siti Ñ 名",
            ["jumlah"] = 41L,
            ["rincian"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["tarif"] = 2.5, ["daftar"] = new List<object?> { true, null } },
        };

        var result = _evaluator.RunScript(
            "execution.setVariable('total', jumlah + 1); execution.setVariable('salin', rincian); nama + '!'",
            variables);

        Assert.Equal("Siti Ñ 名!", result.Value);
        Assert.Equal(42L, result.SetVariables["total"]);
        var copy = Assert.IsType<Dictionary<string, object?>>(result.SetVariables["salin"]);
        Assert.Equal(2.5, copy["tarif"]);
        Assert.Equal(new List<object?> { true, null }, copy["daftar"]);
    }

    [Theory]
    [InlineData(DeepArray + " JSON.stringify(a);")]
    [InlineData(DeepArray + " String(a);")]
    public void RunScript_FailsWithWorkerDied_WhenScriptOverflowsStack_AndNextScriptRuns(string script)
    {
        using var culture = UiCultureScope.Indonesian();

        var exception = Assert.Throws<ExpressionException>(() => _evaluator.RunScript(script, NoVariables));

        Assert.Contains("menghentikan proses pekerjanya", exception.Reason, StringComparison.Ordinal);
        Assert.Equal(script, exception.Expression);
        Assert.Equal(2L, _evaluator.RunScript("1 + 1", NoVariables).Value);
    }

    [Fact]
    public void RunScript_FailsWithMemoryReason_WhenOneStatementAllocatesPastHeapCap_AndNextScriptRuns()
    {
        using var culture = UiCultureScope.Indonesian();
        var script = "const s = ['x'.repeat(2**28), 'x'.repeat(2**28), 'x'.repeat(2**28), 'x'.repeat(2**28)]; s.length";

        var exception = Assert.Throws<ExpressionException>(() => _evaluator.RunScript(script, NoVariables));

        Assert.Contains("MB memori", exception.Reason, StringComparison.Ordinal);
        Assert.Equal(2L, _evaluator.RunScript("1 + 1", NoVariables).Value);
    }

    [Fact]
    public void RunScript_KillsWorker_WhenScriptOverrunsWallClock_AndNextScriptRuns()
    {
        using var culture = UiCultureScope.Indonesian();

        // In-worker limits loose enough that only the wall clock can stop a catastrophic regex; the wall clock itself
        // leaves a busy test machine ample time for the plain scripts around it.
        var loose = new ExpressionOptions { Timeout = TimeSpan.FromSeconds(60), MaxStatements = 10_000_000 };
        using var evaluator = Create(loose, new ScriptWorkerOptions { Timeout = TimeSpan.FromSeconds(2) });
        Assert.Equal(1L, evaluator.RunScript("1", NoVariables).Value);

        var exception = Assert.Throws<ExpressionException>(() => evaluator.RunScript("/^(a+)+$/.test('a'.repeat(40) + 'b')", NoVariables));

        Assert.Contains("lebih dari 2000 ms", exception.Reason, StringComparison.Ordinal);
        Assert.Equal(2L, evaluator.RunScript("1 + 1", NoVariables).Value);
    }

    [Theory]
    [InlineData("const v = new Int32Array(new ArrayBuffer(16)); Atomics.wait(v, 0, 0, 100000);", "Atomics")]
    [InlineData("import('fs')", "modul")]
    [InlineData("while (true) {}", "pernyataan")]
    [InlineData("execution.setVariable('besar', 'x'.repeat(2000000));", "terlalu besar")]
    public void RunScript_FailsWithReason_WhenScriptBreaksInWorkerLimit(string script, string reason)
    {
        using var culture = UiCultureScope.Indonesian();

        var exception = Assert.Throws<ExpressionException>(() => _evaluator.RunScript(script, NoVariables));

        Assert.Contains(reason, exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RunScript_AnswersInEnglish_WhenCallerCultureIsEnglish()
    {
        using var culture = UiCultureScope.English();

        var exception = Assert.Throws<ExpressionException>(() => _evaluator.RunScript("import('fs')", NoVariables));

        Assert.Contains("may not load modules", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RunScript_KeepsOneWarmWorker_AcrossScriptsFromManyThreads()
    {
        var values = new long[16];

        Parallel.For(0, values.Length, i =>
            values[i] = (long)_evaluator.RunScript("n * 2", new Dictionary<string, object?> { ["n"] = (long)i })!.Value!);

        Assert.Equal(Enumerable.Range(0, values.Length).Select(i => i * 2L), values);
    }

    [Fact]
    public void Dispose_EndsWorker()
    {
        var evaluator = Create(new ExpressionOptions(), new ScriptWorkerOptions());
        evaluator.RunScript("1", NoVariables);
        var worker = Process.GetProcessById(evaluator.WorkerProcessId!.Value);

        evaluator.Dispose();

        Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void RunScript_FailsWithUnavailableReason_WhenWorkerCannotStart()
    {
        using var culture = UiCultureScope.Indonesian();
        using var evaluator = Create(new ExpressionOptions(), new ScriptWorkerOptions { WorkerPath = Path.Combine(AppContext.BaseDirectory, "tidak-ada.dll") });

        var exception = Assert.Throws<ExpressionException>(() => evaluator.RunScript("1", NoVariables));

        Assert.Contains("tidak dapat dijalankan", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpressionsAndValidation_StayInProcess()
    {
        using var evaluator = Create(new ExpressionOptions(), new ScriptWorkerOptions());

        Assert.True(evaluator.EvaluateCondition("${a == 1}", new Dictionary<string, object?> { ["a"] = 1L }));
        Assert.NotNull(evaluator.Validate("${" + new string('(', 20_000) + "1" + new string(')', 20_000) + "}"));
        Assert.NotNull(evaluator.ValidateScript("let ="));
        Assert.Null(evaluator.WorkerProcessId);
    }

    private static WorkerScriptEvaluator Create(ExpressionOptions limits, ScriptWorkerOptions options) =>
        new(Options.Create(limits), Options.Create(options), NullLogger<WorkerScriptEvaluator>.Instance);


    /// <summary>One warm worker for the tests that need no limits of their own.</summary>
    public sealed class SharedWorker : IDisposable
    {
        // A busy test machine may take a while to build the 40,000-deep array; the time limits are not what these tests check.
        public WorkerScriptEvaluator Evaluator { get; } = Create(
            new ExpressionOptions { Timeout = TimeSpan.FromSeconds(5) },
            new ScriptWorkerOptions { MemoryLimitBytes = 128L * 1024 * 1024, Timeout = TimeSpan.FromSeconds(30) });

        public void Dispose() => Evaluator.Dispose();
    }
}
