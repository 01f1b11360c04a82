using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sicantik.Workflows.Expressions;

namespace Sicantik.Workflows.Tests.Expressions;

public sealed class JintExpressionEvaluatorTests
{
    private static readonly Dictionary<string, object?> Variables = new(StringComparer.Ordinal)
    {
        ["outcome"] = "setuju",
        ["approved"] = true,
        ["amount"] = 10L,
        ["count"] = 5L,
        ["notes"] = string.Empty,
        ["status"] = "x",
        ["n"] = 2L,
        ["a"] = true,
        ["b"] = false,
        ["name"] = "Budi",
        ["price"] = 2.5,
        ["nothing"] = null,
        ["list"] = new List<object?> { 1L, 2L, 3L },
        ["emptyList"] = new List<object?>(),
        ["emptyMap"] = new Dictionary<string, object?>(),
        ["x"] = new Dictionary<string, object?>
        {
            ["y"] = "z",
            ["nested"] = new Dictionary<string, object?> { ["k"] = 1L },
        },
    };

    private readonly JintExpressionEvaluator _evaluator = new(new ExpressionOptions());

    [Theory]
    [InlineData("${outcome == 'setuju'}", true)]
    [InlineData("${outcome == \"setuju\"}", true)]
    [InlineData("${outcome != 'tolak'}", true)]
    [InlineData("${approved && amount > 5}", true)]
    [InlineData("${a && !b}", true)]
    [InlineData("${a || b}", true)]
    [InlineData("${!approved}", false)]
    [InlineData("${count > 3}", true)]
    [InlineData("${count >= 5}", true)]
    [InlineData("${count < 5}", false)]
    [InlineData("${count <= 5}", true)]
    [InlineData("${not empty notes}", false)]
    [InlineData("${empty notes}", true)]
    [InlineData("${empty nothing}", true)]
    [InlineData("${empty list}", false)]
    [InlineData("${empty emptyList}", true)]
    [InlineData("${empty emptyMap}", true)]
    [InlineData("${empty x}", false)]
    [InlineData("${empty x.missing}", true)]
    [InlineData("${empty name}", false)]
    [InlineData("${not empty name and count gt 3}", true)]
    [InlineData("${status eq 'x' and n ge 2}", true)]
    [InlineData("${status ne 'x' or n lt 2}", false)]
    [InlineData("${n le 2}", true)]
    [InlineData("${n gt 2}", false)]
    [InlineData("${not (count > 3)}", false)]
    [InlineData("${a and b or not b}", true)]
    [InlineData("${x.y == 'z'}", true)]
    [InlineData("${x.y}", "z")]
    [InlineData("${x['y']}", "z")]
    [InlineData("${x.nested.k}", 1L)]
    [InlineData("${x.missing}", null)]
    [InlineData("${nothing.y}", null)]
    [InlineData("${list[0]}", 1L)]
    [InlineData("${list[1] + list[2]}", 5L)]
    [InlineData("${list[n]}", 3L)]
    [InlineData("${'it\\'s'}", "it's")]
    [InlineData("${\"say \\\"hi\\\"\"}", "say \"hi\"")]
    [InlineData("${'Rp 1.000 — lunas'}", "Rp 1.000 — lunas")]
    [InlineData("${'a\\nb'}", "a\\nb")]
    [InlineData("${42}", 42L)]
    [InlineData("${1.5}", 1.5)]
    [InlineData("${.5}", 0.5)]
    [InlineData("${1e3}", 1000L)]
    [InlineData("${true}", true)]
    [InlineData("${false}", false)]
    [InlineData("${null}", null)]
    [InlineData("${amount + 2 * 3}", 16L)]
    [InlineData("${(amount + 2) * 3}", 36L)]
    [InlineData("${amount - 4}", 6L)]
    [InlineData("${amount - -4}", 14L)]
    [InlineData("${-amount}", -10L)]
    [InlineData("${amount / 4}", 2.5)]
    [InlineData("${amount div 4}", 2.5)]
    [InlineData("${amount % 3}", 1L)]
    [InlineData("${amount mod 3}", 1L)]
    [InlineData("${price * 2}", 5L)]
    [InlineData("${price * 3}", 7.5)]
    [InlineData("${approved ? 'ya' : 'tidak'}", "ya")]
    [InlineData("${count > 10 ? 'banyak' : count > 3 ? 'sedang' : 'sedikit'}", "sedang")]
    [InlineData("outcome == 'setuju'", true)]
    [InlineData("#{count}", 5L)]
    [InlineData("  ${ count }  ", 5L)]
    [InlineData("${name == 'Budi' && count >= 5}", true)]
    public void Evaluate_ReturnsJuelResult_WhenExpressionIsValid(string expression, object? expected)
    {
        Assert.Null(_evaluator.Validate(expression));
        Assert.Equal(expected, _evaluator.Evaluate(expression, Variables));
    }

    [Fact]
    public void Evaluate_ReturnsCanonicalCollections_WhenResultIsListOrObject()
    {
        var list = Assert.IsType<List<object?>>(_evaluator.Evaluate("${list}", Variables));
        Assert.Equal([1L, 2L, 3L], list);

        var map = Assert.IsType<Dictionary<string, object?>>(_evaluator.Evaluate("${x}", Variables));
        Assert.Equal("z", map["y"]);
        Assert.Equal(1L, Assert.IsType<Dictionary<string, object?>>(map["nested"])["k"]);
    }

    [Fact]
    public void Evaluate_NormalizesVariables_WhenValuesAreNotCanonical()
    {
        using var json = JsonDocument.Parse("""{"total": 7, "tags": ["a", "b"]}""");
        var variables = new Dictionary<string, object?>
        {
            ["count"] = 5,
            ["due"] = new DateOnly(2024, 5, 17),
            ["doc"] = json.RootElement.Clone(),
            ["day"] = DayOfWeek.Monday,
        };

        Assert.Equal(6L, _evaluator.Evaluate("${count + 1}", variables));
        Assert.Equal(true, _evaluator.Evaluate("${due == '2024-05-17'}", variables));
        Assert.Equal(8L, _evaluator.Evaluate("${doc.total + 1}", variables));
        Assert.Equal("b", _evaluator.Evaluate("${doc.tags[1]}", variables));
        Assert.Equal(true, _evaluator.Evaluate("${day eq 'Monday'}", variables));
    }

    [Fact]
    public void Evaluate_NeedsOnlyReferencedVariables_WhenOthersAreMissing()
    {
        var variables = new Dictionary<string, object?> { ["outcome"] = "setuju" };

        Assert.True(_evaluator.EvaluateCondition("${outcome == 'setuju'}", variables));
    }

    [Fact]
    public void Evaluate_Throws_WhenVariableIsUnknown()
    {
        using var culture = new UiCulture("id-ID");

        var exception = Assert.Throws<ExpressionException>(() => _evaluator.Evaluate("${missingVar == 1}", Variables));

        Assert.Contains("missingVar", exception.Reason, StringComparison.Ordinal);
        Assert.Contains("tidak dikenal", exception.Reason, StringComparison.Ordinal);
        Assert.Equal("${missingVar == 1}", exception.Expression);
    }

    [Fact]
    public void Evaluate_ReportsInEnglish_WhenUiCultureIsEnglish()
    {
        using var culture = new UiCulture("en-US");

        var exception = Assert.Throws<ExpressionException>(() => _evaluator.Evaluate("${missingVar == 1}", Variables));

        Assert.Contains("unknown variable 'missingVar'", exception.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${outcome == 'setuju'}", true)]
    [InlineData("${outcome == 'tolak'}", false)]
    [InlineData("${count > 3 and approved}", true)]
    public void EvaluateCondition_ReturnsBoolean_WhenResultIsBoolean(string expression, bool expected)
    {
        Assert.Equal(expected, _evaluator.EvaluateCondition(expression, Variables));
    }

    [Theory]
    [InlineData("${count}")]
    [InlineData("${outcome}")]
    [InlineData("${nothing}")]
    [InlineData("${list}")]
    public void EvaluateCondition_Throws_WhenResultIsNotBoolean(string expression)
    {
        using var culture = new UiCulture("id-ID");

        var exception = Assert.Throws<ExpressionException>(() => _evaluator.EvaluateCondition(expression, Variables));

        Assert.Contains("bukan boolean", exception.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${a = 1}", "=")]
    [InlineData("${a += 1}", "=")]
    [InlineData("${a; b}", ";")]
    [InlineData("${function() { return 1 }}", "function")]
    [InlineData("${x.constructor}", "constructor")]
    [InlineData("${x.__proto__}", "__proto__")]
    [InlineData("${x.prototype}", "prototype")]
    [InlineData("${__empty}", "__empty")]
    [InlineData("${a => a}", "=>")]
    [InlineData("${new Date()}", "new")]
    [InlineData("${this}", "this")]
    [InlineData("${eval('1')}", "eval")]
    [InlineData("${import('x')}", "import")]
    [InlineData("${while}", "while")]
    [InlineData("${for}", "for")]
    [InlineData("${class}", "class")]
    [InlineData("${`a`}", "`")]
    [InlineData("${{}}", "{")]
    [InlineData("${a === b}", "===")]
    [InlineData("${typeof a}", "typeof")]
    [InlineData("${arguments}", "arguments")]
    [InlineData("${a instanceof b}", "instanceof")]
    [InlineData("${name.toUpperCase()}", "(")]
    [InlineData("${x['constructor']('1')}", "(")]
    public void Validate_RefusesConstruct_WhenNotAPureExpression(string expression, string construct)
    {
        var reason = _evaluator.Validate(expression);

        Assert.NotNull(reason);
        Assert.Contains(construct, reason, StringComparison.Ordinal);
        var exception = Assert.Throws<ExpressionException>(() => _evaluator.Evaluate(expression, Variables));
        Assert.Equal(reason, exception.Reason);
    }

    [Theory]
    [InlineData("${}")]
    [InlineData("   ")]
    [InlineData("${a +}")]
    [InlineData("${(a}")]
    [InlineData("${a b}")]
    [InlineData("${'abc}")]
    [InlineData("${a # b}")]
    [InlineData("${a ? b}")]
    [InlineData("${list[0}")]
    [InlineData("${x.}")]
    [InlineData("${a, b}")]
    [InlineData("${+a}")]
    public void Validate_ReturnsReason_WhenSyntaxIsInvalid(string expression)
    {
        Assert.NotNull(_evaluator.Validate(expression));
        Assert.Throws<ExpressionException>(() => _evaluator.Evaluate(expression, Variables));
    }

    [Fact]
    public void Validate_NamesPosition_WhenTokenIsUnexpected()
    {
        using var culture = new UiCulture("id-ID");

        var reason = _evaluator.Validate("${a b}");

        Assert.Equal("sintaks salah: 'b' tidak diharapkan di posisi 5", reason);
    }

    [Fact]
    public void Validate_WordsCachedReason_InEachReadersLanguage()
    {
        const string Expression = "${cachedReason = 1}";
        string? english;
        using (new UiCulture("en-US"))
        {
            english = _evaluator.Validate(Expression);
        }

        using var culture = new UiCulture("id-ID");
        var indonesian = _evaluator.Validate(Expression);

        Assert.StartsWith("assignment", english, StringComparison.Ordinal);
        Assert.StartsWith("penugasan", indonesian, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${a and b}", "(!!a && !!b)")]
    [InlineData("${not empty x.y}", "(!__empty(x?.y))")]
    [InlineData("${list[0] eq 'a'}", "(list?.[(0)] == \"a\")")]
    public void Translate_EmitsJavaScript_WhenExpressionIsValid(string expression, string javaScript)
    {
        Assert.Equal(javaScript, JuelTranslator.Translate(expression).JavaScript);
    }

    [Fact]
    public void Translate_CollectsFreeIdentifiersOnce_WhenNamesRepeat()
    {
        var translation = JuelTranslator.Translate("${a.b + c[a.d] + a + true + x.a}");

        Assert.Equal(["a", "c", "x"], translation.Identifiers);
    }

    [Fact]
    public void Evaluate_StillWorks_AfterEvaluationBrokeMemoryLimit()
    {
        using var culture = new UiCulture("id-ID");
        var evaluator = new JintExpressionEvaluator(new ExpressionOptions { MemoryLimitBytes = 100_000 });
        var variables = new Dictionary<string, object?> { ["s"] = new string('x', 200_000), ["count"] = 5L };

        var exception = Assert.Throws<ExpressionException>(() => evaluator.Evaluate("${s + s}", variables));

        Assert.Contains("batas memori", exception.Reason, StringComparison.Ordinal);
        Assert.True(evaluator.EvaluateCondition("${count > 3}", variables));
    }

    [Fact]
    public void Evaluate_ResetsStatementBudget_WhenEngineIsReused()
    {
        var evaluator = new JintExpressionEvaluator(new ExpressionOptions { MaxStatements = 5 });

        for (var i = 0; i < 1_000; i++)
        {
            Assert.True(evaluator.EvaluateCondition("${count > 3}", Variables));
        }
    }

    [Fact]
    public void Evaluate_IsCorrect_WhenCalledFromManyThreads()
    {
        var failures = new ConcurrentBag<string>();

        Parallel.For(0, 2_000, i =>
        {
            var variables = new Dictionary<string, object?> { ["n"] = (long)i, ["label"] = "item" + i };
            try
            {
                if (_evaluator.EvaluateCondition("${n % 2 == 0}", variables) != (i % 2 == 0))
                {
                    failures.Add($"condition {i}");
                }

                if (!Equals(_evaluator.Evaluate("${n * 3}", variables), i * 3L))
                {
                    failures.Add($"arithmetic {i}");
                }

                if (!Equals(_evaluator.Evaluate("${label}", variables), "item" + i))
                {
                    failures.Add($"label {i}");
                }
            }
            catch (ExpressionException exception)
            {
                failures.Add($"{i}: {exception.Reason}");
            }
        });

        Assert.Empty(failures);
    }

    [Fact]
    public void Constructor_ReadsOptions_WhenGivenIOptions()
    {
        using var culture = new UiCulture("id-ID");
        var evaluator = new JintExpressionEvaluator(Options.Create(new ExpressionOptions { MaxStatements = 50, Timeout = TimeSpan.FromMinutes(1) }));

        var exception = Assert.Throws<ExpressionException>(() => evaluator.RunScript("while (true) { }", Variables));

        Assert.Contains("50 pernyataan", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_IsChosenByContainer_WhenOptionsAreRegistered()
    {
        var services = new ServiceCollection();
        services.AddOptions<ExpressionOptions>();
        services.AddSingleton<IExpressionEvaluator, JintExpressionEvaluator>();
        using var provider = services.BuildServiceProvider();

        var evaluator = provider.GetRequiredService<IExpressionEvaluator>();

        Assert.True(evaluator.EvaluateCondition("${count > 3}", Variables));
    }

    [Fact]
    public void RunScript_ExposesVariables_AsGlobalsAndThroughExecution()
    {
        const string Script = """
            var total = amount * 2;
            execution.setVariable('total', total);
            execution.setVariable('who', execution.getVariable('name'));
            execution.setVariable('again', execution.getVariable('total'));
            execution.setVariable('unknown', execution.getVariable('doesNotExist'));
            execution.setVariable('items', [1, 'two', { three: 3.5 }]);
            execution.setVariable('first', list[0] + x.nested.k);
            total + 1;
            """;

        var result = _evaluator.RunScript(Script, Variables);

        Assert.Equal(21L, result.Value);
        Assert.Equal(20L, result.SetVariables["total"]);
        Assert.Equal("Budi", result.SetVariables["who"]);
        Assert.Equal(20L, result.SetVariables["again"]);
        Assert.Null(result.SetVariables["unknown"]);
        Assert.Equal(2L, result.SetVariables["first"]);
        var items = Assert.IsType<List<object?>>(result.SetVariables["items"]);
        Assert.Equal(1L, items[0]);
        Assert.Equal("two", items[1]);
        Assert.Equal(3.5, Assert.IsType<Dictionary<string, object?>>(items[2])["three"]);
    }

    [Fact]
    public void RunScript_SnapshotsValue_WhenScriptMutatesItAfterSetVariable()
    {
        var result = _evaluator.RunScript("var o = { a: 1 }; execution.setVariable('o', o); o.a = 2; o", Variables);

        Assert.Equal(1L, Assert.IsType<Dictionary<string, object?>>(result.SetVariables["o"])["a"]);
        Assert.Equal(2L, Assert.IsType<Dictionary<string, object?>>(result.Value)["a"]);
    }

    [Fact]
    public void RunScript_ReturnsIsoString_WhenResultIsDate()
    {
        var result = _evaluator.RunScript("new Date(0)", Variables);

        Assert.Equal("1970-01-01T00:00:00.0000000+00:00", result.Value);
    }

    [Fact]
    public void RunScript_DoesNotLeakGlobals_BetweenRuns()
    {
        _evaluator.RunScript("var leaked = 1; globalThis.other = 2; Object.prototype.polluted = 3;", Variables);

        var result = _evaluator.RunScript("typeof leaked + ',' + typeof other + ',' + typeof ({}).polluted", Variables);

        Assert.Equal("undefined,undefined,undefined", result.Value);
    }

    [Fact]
    public void RunScript_Throws_WhenScriptUsesUndeclaredVariableInStrictMode()
    {
        var exception = Assert.Throws<ExpressionException>(() => _evaluator.RunScript("undeclared = 5;", Variables));

        Assert.Contains("undeclared", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RunScript_ReportsLineAndMessage_WhenScriptThrows()
    {
        using var culture = new UiCulture("id-ID");

        var exception = Assert.Throws<ExpressionException>(() => _evaluator.RunScript("var a = 1;\nthrow new Error('data tidak lengkap');", Variables));

        Assert.Equal("skrip gagal pada baris 2: data tidak lengkap", exception.Reason);
    }

    [Theory]
    [InlineData("(function () { })")]
    [InlineData("Symbol('s')")]
    public void RunScript_Throws_WhenResultCannotBeAVariable(string script)
    {
        Assert.Throws<ExpressionException>(() => _evaluator.RunScript(script, Variables));
    }

    [Fact]
    public void RunScript_Throws_WhenResultContainsItself()
    {
        Assert.Throws<ExpressionException>(() => _evaluator.RunScript("var o = {}; o.self = o; o", Variables));
    }

    [Fact]
    public void RunScript_StopsLoop_WhenStatementLimitIsReached()
    {
        using var culture = new UiCulture("id-ID");
        var evaluator = new JintExpressionEvaluator(new ExpressionOptions { MaxStatements = 1_000, Timeout = TimeSpan.FromMinutes(1) });

        var exception = Assert.Throws<ExpressionException>(() => evaluator.RunScript("while (true) { }", Variables));

        Assert.Contains("1.000 pernyataan", exception.Reason, StringComparison.Ordinal);
        Assert.True(evaluator.EvaluateCondition("${count > 3}", Variables));
        Assert.Equal(3L, evaluator.RunScript("1 + 2", Variables).Value);
    }

    [Fact]
    public void RunScript_StopsLoop_WhenTimeLimitIsReached()
    {
        using var culture = new UiCulture("id-ID");
        var evaluator = new JintExpressionEvaluator(new ExpressionOptions { MaxStatements = 10_000_000, Timeout = TimeSpan.FromMilliseconds(50) });

        var exception = Assert.Throws<ExpressionException>(() => evaluator.RunScript("while (true) { }", Variables));

        Assert.Equal("melebihi batas waktu 50 ms", exception.Reason);
        Assert.True(evaluator.EvaluateCondition("${count > 3}", Variables));
        Assert.Equal(3L, evaluator.RunScript("1 + 2", Variables).Value);
    }

    [Fact]
    public void RunScript_StopsGetter_WhenConvertingResultBreaksLimit()
    {
        var evaluator = new JintExpressionEvaluator(new ExpressionOptions { MaxStatements = 1_000, Timeout = TimeSpan.FromMinutes(1) });

        Assert.Throws<ExpressionException>(() => evaluator.RunScript("({ get x() { while (true) { } } })", Variables));
    }

    [Fact]
    public void RunScript_StopsRecursion_WhenRecursionLimitIsReached()
    {
        using var culture = new UiCulture("id-ID");
        var evaluator = new JintExpressionEvaluator(new ExpressionOptions { RecursionLimit = 20 });

        var exception = Assert.Throws<ExpressionException>(() => evaluator.RunScript("function f(n) { return f(n + 1); } f(0);", Variables));

        Assert.Equal("melebihi batas kedalaman rekursi 20", exception.Reason);
    }

    [Fact]
    public void RunScript_StopsMemoryHog_WhenMemoryLimitIsReached()
    {
        using var culture = new UiCulture("id-ID");
        var evaluator = new JintExpressionEvaluator(new ExpressionOptions
        {
            MemoryLimitBytes = 1024 * 1024,
            MaxStatements = 10_000_000,
            Timeout = TimeSpan.FromMinutes(1),
        });

        var exception = Assert.Throws<ExpressionException>(
            () => evaluator.RunScript("var a = []; while (true) a.push(new Array(1e5).join('x'));", Variables));

        Assert.Contains("batas memori", exception.Reason, StringComparison.Ordinal);
        Assert.True(evaluator.EvaluateCondition("${count > 3}", Variables));
    }

    [Fact]
    public void ValidateScript_ReturnsNull_WhenScriptIsValid()
    {
        Assert.Null(_evaluator.ValidateScript("var a = 1; execution.setVariable('a', a);"));
    }

    [Fact]
    public void ValidateScript_ReturnsLine_WhenSyntaxIsInvalid()
    {
        using var culture = new UiCulture("id-ID");

        var reason = _evaluator.ValidateScript("var a = 1;\nvar = ;");

        Assert.NotNull(reason);
        Assert.StartsWith("sintaks salah pada baris 2", reason, StringComparison.Ordinal);
        Assert.Throws<ExpressionException>(() => _evaluator.RunScript("var a = 1;\nvar = ;", Variables));
    }

    [Fact]
    public void ValidateScript_DoesNotRunScript_WhenScriptWouldLoop()
    {
        Assert.Null(_evaluator.ValidateScript("while (true) { }"));
    }

    /// <summary>Sets the UI culture for one test, so assertions on localized reasons do not depend on the machine.</summary>
    private sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo _previousUi = CultureInfo.CurrentUICulture;
        private readonly CultureInfo _previous = CultureInfo.CurrentCulture;

        public UiCulture(string name) => CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(name);

        public void Dispose()
        {
            CultureInfo.CurrentUICulture = _previousUi;
            CultureInfo.CurrentCulture = _previous;
        }
    }
}
