using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Acornima;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;
using Jint.Runtime.Modules;
using Microsoft.Extensions.Options;

namespace Sicantik.Workflows.Expressions;

/// <summary>
/// Evaluates JUEL expressions (as Camunda 7 users write them) and JavaScript script-task scripts with Jint,
/// inside a sandbox bounded by <see cref="ExpressionOptions"/>.
/// </summary>
/// <remarks>
/// <para>
/// An expression is translated once into a JavaScript function whose parameters are the variables it names;
/// evaluating it passes only those variables. Expressions are pure: assignment, function and method calls,
/// object literals and the JavaScript-only constructs that could reach code are refused, and the grammar is
/// JUEL's: <c>and or not eq ne lt gt le ge div mod empty</c> and their symbolic forms, <c>a ? b : c</c>,
/// property access <c>a.b</c> and <c>a['b']</c>, indexing <c>list[0]</c>, and string, number, boolean and
/// <c>null</c> literals. Property access on <c>null</c> gives <c>null</c>, as in JUEL; <c>and</c>, <c>or</c>
/// and <c>not</c> always give booleans; comparison and arithmetic follow JavaScript's rules (so <c>+</c> on a
/// string concatenates).
/// </para>
/// <para>
/// Scripts are strict-mode JavaScript and run in a fresh engine each, so nothing one script defines is seen
/// by another. Instance variables are globals (a variable named <c>execution</c> is reachable only through
/// <c>execution.getVariable</c>); <c>eval</c> and <c>new Function</c> are disabled. Values a script produces
/// are converted under the same limits, so a getter or proxy cannot escape them.
/// </para>
/// <para>Instances are thread-safe; each thread evaluates expressions on an engine of its own.</para>
/// </remarks>
public sealed class JintExpressionEvaluator : IExpressionEvaluator
{
    // Expression and script texts come from deployed definitions, so a cache rarely grows large; the cap
    // only stops texts built at run time from growing it without bound.
    private const int MaxCachedEntries = 10_000;

    private static readonly ConcurrentDictionary<string, CompiledExpression> Expressions = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, PreparedScript> Scripts = new(StringComparer.Ordinal);

    private static readonly JsonSerializerOptions DescribeOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Jint engines are not thread-safe; one per thread keeps the compiled functions warm without locking.
    [ThreadStatic]
    private static ExpressionEngine? _threadEngine;

    private readonly EngineLimits _limits;

    /// <summary>Creates an evaluator with the configured sandbox limits.</summary>
    /// <param name="options">The sandbox limits; read once.</param>
    public JintExpressionEvaluator(IOptions<ExpressionOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value)
    {
    }

    /// <summary>Creates an evaluator with the given sandbox limits.</summary>
    /// <param name="options">The sandbox limits; copied, so later changes have no effect.</param>
    public JintExpressionEvaluator(ExpressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _limits = new EngineLimits(options.Timeout, options.MemoryLimitBytes, options.RecursionLimit, options.MaxStatements);
    }

    /// <inheritdoc />
    public string? Validate(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return GetCompiled(expression).Error?.ToString();
    }

    /// <inheritdoc />
    public object? Evaluate(string expression, IReadOnlyDictionary<string, object?> variables)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(variables);

        var state = GetThreadEngine();
        var bound = state.Bind(expression);
        var identifiers = bound.Identifiers;
        var arguments = new JsValue[identifiers.Length + 1];
        arguments[0] = state.Empty;
        for (var i = 0; i < identifiers.Length; i++)
        {
            if (!variables.TryGetValue(identifiers[i], out var value))
            {
                throw new ExpressionException(expression, ExpressionText.Format(ExpressionText.UnknownVariable, identifiers[i]));
            }

            arguments[i + 1] = ToJs(state.Engine, value, expression, 0);
        }

        JsValue result;
        try
        {
            result = state.Engine.Call(bound.Function, arguments);
        }
        catch (Exception exception) when (IsEngineFailure(exception))
        {
            throw Failure(expression, exception, isScript: false);
        }

        // Expressions only read the data passed in, so the result holds no getters or proxies to run.
        return FromJs(result, expression, null);
    }

    /// <inheritdoc />
    public bool EvaluateCondition(string expression, IReadOnlyDictionary<string, object?> variables)
    {
        var result = Evaluate(expression, variables);
        return result as bool?
            ?? throw new ExpressionException(expression, ExpressionText.Format(ExpressionText.NotBoolean, Describe(result)));
    }

    /// <inheritdoc />
    public string? ValidateScript(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return GetPrepared(script).Error?.ToString();
    }

    /// <inheritdoc />
    public ScriptResult RunScript(string script, IReadOnlyDictionary<string, object?> variables)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(variables);

        var prepared = GetPrepared(script);
        if (prepared.Error is not null)
        {
            throw new ExpressionException(script, prepared.Error.ToString());
        }

        var setVariables = new Dictionary<string, object?>(StringComparer.Ordinal);
        using var engine = CreateEngine(_limits, script);
        try
        {
            foreach (var (name, variable) in variables)
            {
                engine.SetValue(name, ToJs(engine, variable, script, 0));
            }

            engine.SetValue("execution", CreateExecutionObject(engine, script, variables, setVariables));
            var program = prepared.Program;
            var completion = engine.Evaluate(program);

            // Converting the completion value may run script (getters, proxies), so it runs as a call into
            // the engine, under the same limits.
            object? value = null;
            var snapshot = new ClrFunction(engine, "snapshot", (_, arguments) =>
            {
                value = Sized(FromJs(Argument(arguments, 0), script, engine), script);
                return JsValue.Undefined;
            });
            engine.Call(snapshot, completion);
            return new ScriptResult(value, setVariables);
        }
        catch (Exception exception) when (IsEngineFailure(exception))
        {
            throw Failure(script, exception, isScript: true);
        }
    }

    private static CompiledExpression GetCompiled(string expression)
    {
        if (Expressions.TryGetValue(expression, out var compiled))
        {
            return compiled;
        }

        compiled = CompiledExpression.Compile(expression);
        if (Expressions.Count >= MaxCachedEntries)
        {
            Expressions.Clear();
        }

        return Expressions.GetOrAdd(expression, compiled);
    }

    private static PreparedScript GetPrepared(string script)
    {
        if (Scripts.TryGetValue(script, out var prepared))
        {
            return prepared;
        }

        prepared = PreparedScript.Prepare(script);
        if (Scripts.Count >= MaxCachedEntries)
        {
            Scripts.Clear();
        }

        return Scripts.GetOrAdd(script, prepared);
    }

    private ExpressionEngine GetThreadEngine()
    {
        var state = _threadEngine;
        if (state is not null && state.Limits == _limits)
        {
            return state;
        }

        // Evaluators with other limits on this thread are rare (tests); swapping keeps one engine per thread.
        state?.Dispose();
        state = new ExpressionEngine(_limits);
        _threadEngine = state;
        return state;
    }

    private static Engine CreateEngine(EngineLimits limits, string text)
    {
        var engine = new Engine(options =>
        {
            options.Strict();
            options.TimeoutInterval(limits.Timeout);
            options.LimitMemory(limits.MemoryLimitBytes);
            options.LimitRecursion(limits.RecursionLimit);
            options.MaxStatements(limits.MaxStatements);
            options.DisableStringCompilation();
            options.Constraints.RegexTimeout = limits.Timeout;
            options.EnableModules(new NoModules(text));
        });

        // Atomics.wait blocks the thread where the engine's clock cannot see it; a script has no shared memory to
        // wait on, so neither it nor SharedArrayBuffer is offered.
        engine.Global.Delete("Atomics");
        engine.Global.Delete("SharedArrayBuffer");
        return engine;
    }

    private static JsObject CreateExecutionObject(
        Engine engine,
        string script,
        IReadOnlyDictionary<string, object?> variables,
        Dictionary<string, object?> setVariables)
    {
        var execution = new JsObject(engine);
        execution.FastSetDataProperty("getVariable", new ClrFunction(engine, "getVariable", (_, arguments) =>
        {
            var name = VariableName(engine, Argument(arguments, 0), "getVariable");
            if (setVariables.TryGetValue(name, out var value) || variables.TryGetValue(name, out value))
            {
                return ToJs(engine, value, script, 0);
            }

            return JsValue.Null;
        }));
        execution.FastSetDataProperty("setVariable", new ClrFunction(engine, "setVariable", (_, arguments) =>
        {
            var name = VariableName(engine, Argument(arguments, 0), "setVariable");
            setVariables[name] = Sized(FromJs(Argument(arguments, 1), script, engine), script);
            return JsValue.Undefined;
        }));
        return execution;
    }

    private static string VariableName(Engine engine, JsValue name, string method) =>
        name.IsString()
            ? name.AsString()
            : throw new JavaScriptException(engine.Intrinsics.TypeError, ExpressionText.Format(ExpressionText.VariableNameNotString, method));

    private static JsValue Argument(JsValue[] arguments, int index) =>
        index < arguments.Length ? arguments[index] : JsValue.Undefined;

    private static JsValue ToJs(Engine engine, object? value, string text, int depth)
    {
        switch (value)
        {
            case null:
                return JsValue.Null;
            case string s:
                return JsString.Create(s);
            case bool b:
                return b ? JsBoolean.True : JsBoolean.False;
            case long l:
                return JsNumber.Create(l);
            case double d:
                return JsNumber.Create(d);
        }

        if (depth >= VariableValues.MaxDepth)
        {
            throw new ExpressionException(text, ExpressionText.Format(ExpressionText.NestingTooDeep, VariableValues.MaxDepth));
        }

        switch (value)
        {
            case List<object?> list:
                var items = new JsValue[list.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = ToJs(engine, list[i], text, depth + 1);
                }

                return new JsArray(engine, items);
            case Dictionary<string, object?> dictionary:
                var obj = new JsObject(engine);
                foreach (var (key, item) in dictionary)
                {
                    obj.FastSetDataProperty(key, ToJs(engine, item, text, depth + 1));
                }

                return obj;
        }

        object? normalized;
        try
        {
            normalized = VariableValues.Normalize(value, depth);
        }
        catch (ArgumentException exception)
        {
            throw new ExpressionException(text, exception.Message, exception);
        }

        return ToJs(engine, normalized, text, depth);
    }

    private static object? Sized(object? value, string text)
    {
        try
        {
            VariableValues.CheckSize(value);
            return value;
        }
        catch (ArgumentException exception)
        {
            throw new ExpressionException(text, exception.Message, exception);
        }
    }

    private static object? FromJs(JsValue value, string text, Engine? constrained) =>
        new JsConverter(text, constrained).Convert(value, 0);

    private static bool IsEngineFailure(Exception exception) =>
        exception is JintException or TimeoutException or ParseErrorException;

    private ExpressionException Failure(string text, Exception exception, bool isScript)
    {
        var reason = exception switch
        {
            TimeoutException => ExpressionText.Format(ExpressionText.Timeout, _limits.Timeout.TotalMilliseconds),
            MemoryLimitExceededException => ExpressionText.Format(ExpressionText.MemoryLimit, _limits.MemoryLimitBytes),
            RecursionDepthOverflowException => ExpressionText.Format(ExpressionText.RecursionLimit, _limits.RecursionLimit),
            StatementsCountOverflowException => ExpressionText.Format(ExpressionText.StatementLimit, _limits.MaxStatements),
            ParseErrorException parse => ExpressionText.Format(ExpressionText.Syntax, parse.Description),
            JavaScriptException script when isScript && script.Location.Start.Line > 0 =>
                ExpressionText.Format(ExpressionText.ScriptFailedAt, script.Location.Start.Line, script.Message),
            _ when isScript => ExpressionText.Format(ExpressionText.ScriptFailed, exception.Message),
            _ => ExpressionText.Format(ExpressionText.EvaluationFailed, exception.Message),
        };
        return new ExpressionException(text, reason, exception);
    }

    private static string Describe(object? value)
    {
        const int MaxLength = 100;
        var json = JsonSerializer.Serialize(value, DescribeOptions);
        return json.Length <= MaxLength ? json : string.Concat(json.AsSpan(0, MaxLength), "…");
    }

    /// <summary>Refuses every <c>import</c>: Jint's own refusal is not a script error, and a loader could reach files.</summary>
    private sealed class NoModules(string text) : IModuleLoader
    {
        public ResolvedSpecifier Resolve(string? referencingModuleLocation, ModuleRequest moduleRequest) =>
            throw new ExpressionException(text, ExpressionText.Format(ExpressionText.ModulesUnavailable, moduleRequest.Specifier));

        public Jint.Runtime.Modules.Module LoadModule(Engine engine, ResolvedSpecifier resolved) =>
            throw new ExpressionException(text, ExpressionText.Format(ExpressionText.ModulesUnavailable, resolved.Key));
    }

    private readonly record struct EngineLimits(TimeSpan Timeout, long MemoryLimitBytes, int RecursionLimit, int MaxStatements);

    /// <summary>An expression translated to JavaScript and parsed, or the reason it cannot be.</summary>
    private sealed class CompiledExpression
    {
        private CompiledExpression(LocalizedReason? error, string[] identifiers, Prepared<Script> program)
        {
            Error = error;
            Identifiers = identifiers;
            Program = program;
        }

        /// <summary>Why the text is refused, worded when read so that each reader gets their own language.</summary>
        public LocalizedReason? Error { get; }

        /// <summary>The free variables, in the order the compiled function takes them (after the helper).</summary>
        public string[] Identifiers { get; }

        public Prepared<Script> Program { get; }

        public static CompiledExpression Compile(string expression)
        {
            try
            {
                var translation = JuelTranslator.Translate(expression);
                var source = new StringBuilder("(function(__empty");
                foreach (var identifier in translation.Identifiers)
                {
                    source.Append(", ").Append(identifier);
                }

                source.Append(") { return ").Append(translation.JavaScript).Append("; })");
                var program = Engine.PrepareScript(source.ToString(), strict: true);
                return new CompiledExpression(null, translation.Identifiers, program);
            }
            catch (JuelSyntaxException exception)
            {
                return new CompiledExpression(exception.Reason, [], default);
            }
            catch (ScriptPreparationException exception)
            {
                // The translator emits only well-formed JavaScript; this is the safety net should it not.
                var detail = exception.InnerException is ParseErrorException parse ? parse.Description : exception.Message;
                return new CompiledExpression(new LocalizedReason(ExpressionText.Syntax, detail), [], default);
            }
        }
    }

    /// <summary>A script parsed once, shareable by every engine, or the reason it cannot be parsed.</summary>
    private sealed class PreparedScript
    {
        private PreparedScript(LocalizedReason? error, Prepared<Script> program)
        {
            Error = error;
            Program = program;
        }

        /// <summary>Why the text is refused, worded when read so that each reader gets their own language.</summary>
        public LocalizedReason? Error { get; }

        public Prepared<Script> Program { get; }

        public static PreparedScript Prepare(string script)
        {
            try
            {
                return new PreparedScript(null, Engine.PrepareScript(script, strict: true));
            }
            catch (ScriptPreparationException exception)
            {
                var reason = exception.InnerException is ParseErrorException parse
                    ? new LocalizedReason(ExpressionText.ScriptSyntax, parse.LineNumber, parse.Column, parse.Description)
                    : new LocalizedReason(ExpressionText.Syntax, exception.Message);
                return new PreparedScript(reason, default);
            }
        }
    }

    /// <summary>A compiled expression as a function value of one thread's engine.</summary>
    private sealed class BoundExpression(string[] identifiers, JsValue function)
    {
        public string[] Identifiers { get; } = identifiers;

        public JsValue Function { get; } = function;
    }

    /// <summary>One thread's engine for expressions, with the functions compiled on it.</summary>
    private sealed class ExpressionEngine : IDisposable
    {
        private readonly Dictionary<string, BoundExpression> _bound = new(StringComparer.Ordinal);

        public ExpressionEngine(EngineLimits limits)
        {
            Limits = limits;
            Engine = CreateEngine(limits, string.Empty);
            Empty = new ClrFunction(Engine, "__empty", (_, arguments) => IsEmpty(Argument(arguments, 0)) ? JsBoolean.True : JsBoolean.False);
        }

        public EngineLimits Limits { get; }

        public Engine Engine { get; }

        /// <summary>JUEL's <c>empty</c> operator, passed to every compiled expression as its first argument.</summary>
        public JsValue Empty { get; }

        public BoundExpression Bind(string expression)
        {
            if (_bound.TryGetValue(expression, out var bound))
            {
                return bound;
            }

            var compiled = GetCompiled(expression);
            if (compiled.Error is not null)
            {
                throw new ExpressionException(expression, compiled.Error.ToString());
            }

            var program = compiled.Program;
            JsValue function;
            try
            {
                function = Engine.Evaluate(program);
            }
            catch (Exception exception) when (IsEngineFailure(exception))
            {
                throw new ExpressionException(expression, ExpressionText.Format(ExpressionText.EvaluationFailed, exception.Message), exception);
            }

            if (_bound.Count >= MaxCachedEntries)
            {
                _bound.Clear();
            }

            bound = new BoundExpression(compiled.Identifiers, function);
            _bound[expression] = bound;
            return bound;
        }

        public void Dispose() => Engine.Dispose();

        private static bool IsEmpty(JsValue value)
        {
            switch (value.Type)
            {
                case Types.Undefined:
                case Types.Null:
                    return true;
                case Types.String:
                    return value.AsString().Length == 0;
                case Types.Object when value is JsArray array:
                    return array.Length == 0;
                case Types.Object when !value.IsCallable():
                    return value.AsObject().GetOwnPropertyKeys(Types.String).Count == 0;
                default:
                    return false;
            }
        }
    }

    /// <summary>Converts a JavaScript value to the canonical form of <see cref="VariableValues"/>.</summary>
    private sealed class JsConverter(string text, Engine? constrained)
    {
        // How many values may be converted between two checks of the engine's limits.
        private const int CheckInterval = 1024;

        private int _converted;

        public object? Convert(JsValue value, int depth)
        {
            if (constrained is not null && ++_converted % CheckInterval == 0)
            {
                // A huge or sparse array is converted here, in .NET, where the engine cannot see the time pass.
                constrained.Constraints.Check();
            }

            switch (value.Type)
            {
                case Types.Undefined:
                case Types.Null:
                case Types.Empty:
                    return null;
                case Types.Boolean:
                    return value.AsBoolean();
                case Types.String:
                    return value.AsString();
                case Types.Number:
                    var number = value.AsNumber();
                    return IsInt64(number) ? (object)(long)number : number;
                case Types.BigInt:
                    var big = TypeConverter.ToBigInt(value);
                    return big >= long.MinValue && big <= long.MaxValue ? (object)(long)big : (double)big;
                case Types.Object:
                    break;
                default:
                    throw Unsupported(value.Type.ToString().ToLowerInvariant());
            }

            if (value.IsCallable())
            {
                throw Unsupported("function");
            }

            if (value is JsDate date)
            {
                return double.IsNaN(date.DateValue)
                    ? null
                    : DateTimeOffset.FromUnixTimeMilliseconds((long)date.DateValue).ToString("O", CultureInfo.InvariantCulture);
            }

            if (depth >= VariableValues.MaxDepth)
            {
                throw new ExpressionException(text, ExpressionText.Format(ExpressionText.NestingTooDeep, VariableValues.MaxDepth));
            }

            if (value is JsArray array)
            {
                var length = array.Length;
                var list = new List<object?>((int)Math.Min(length, CheckInterval));
                for (uint i = 0; i < length; i++)
                {
                    list.Add(Convert(array[i], depth + 1));
                }

                return list;
            }

            var obj = value.AsObject();
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var key in obj.GetOwnPropertyKeys(Types.String))
            {
                var descriptor = obj.GetOwnProperty(key);
                if (descriptor.Enumerable)
                {
                    result[key.AsString()] = Convert(obj.Get(key), depth + 1);
                }
            }

            return result;
        }

        private static bool IsInt64(double number) =>
            number == Math.Floor(number) && number >= -9_223_372_036_854_775_808.0 && number < 9_223_372_036_854_775_808.0;

        private ExpressionException Unsupported(string type) =>
            new(text, ExpressionText.Format(ExpressionText.UnsupportedValue, type));
    }
}
