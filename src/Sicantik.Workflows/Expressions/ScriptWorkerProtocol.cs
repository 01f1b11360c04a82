using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sicantik.Workflows.Expressions;

/// <summary>
/// The lines a host and its script worker exchange: one JSON object per line, UTF-8. Values travel in the canonical
/// form of <see cref="VariableValues"/>, as the instance stores keep them.
/// </summary>
internal static class ScriptWorkerProtocol
{
    /// <summary>The worker's first line: it has warmed up and takes requests.</summary>
    public const string Ready = """{"ready":true}""";

    // Values nest at most VariableValues.MaxDepth levels inside a message's two levels of envelope.
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        MaxDepth = VariableValues.MaxDepth + 4,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = VariableValues.MaxDepth + 4 };

    public static string Request(string script, string culture, IReadOnlyDictionary<string, object?> variables) =>
        Write(writer =>
        {
            writer.WriteString("script", script);
            writer.WriteString("culture", culture);
            writer.WritePropertyName("variables");
            JsonSerializer.Serialize(writer, variables, WriteOptions);
        });

    public static (string Script, string Culture, Dictionary<string, object?> Variables) ReadRequest(string line)
    {
        using var document = JsonDocument.Parse(line, ReadOptions);
        var root = document.RootElement;
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in root.GetProperty("variables").EnumerateObject())
        {
            variables[property.Name] = VariableValues.Normalize(property.Value);
        }

        return (root.GetProperty("script").GetString()!, root.GetProperty("culture").GetString()!, variables);
    }

    public static string Success(ScriptResult result) =>
        Write(writer =>
        {
            writer.WritePropertyName("value");
            JsonSerializer.Serialize(writer, result.Value, WriteOptions);
            writer.WritePropertyName("set");
            JsonSerializer.Serialize(writer, result.SetVariables, WriteOptions);
        });

    /// <param name="reason">Why the script failed, for the incident.</param>
    /// <param name="exiting">Whether the worker ends after this answer (its state can no longer be trusted).</param>
    public static string Failure(string reason, bool exiting) =>
        Write(writer =>
        {
            writer.WriteString("error", reason);
            writer.WriteBoolean("exiting", exiting);
        });

    /// <summary>Reads an answer: the script's result, or its failure as an <see cref="ExpressionException"/>.</summary>
    public static ScriptResult ReadResponse(string line, string script, out bool exiting)
    {
        using var document = JsonDocument.Parse(line, ReadOptions);
        var root = document.RootElement;
        exiting = root.TryGetProperty("exiting", out var exit) && exit.GetBoolean();
        if (root.TryGetProperty("error", out var error))
        {
            throw new ExpressionException(script, error.GetString() ?? string.Empty);
        }

        var set = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in root.GetProperty("set").EnumerateObject())
        {
            set[property.Name] = VariableValues.Normalize(property.Value);
        }

        return new ScriptResult(VariableValues.Normalize(root.GetProperty("value")), set);
    }

    /// <summary>The sandbox limits as the worker's command-line arguments.</summary>
    public static IEnumerable<string> Arguments(ExpressionOptions limits) =>
    [
        limits.Timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
        limits.MemoryLimitBytes.ToString(CultureInfo.InvariantCulture),
        limits.RecursionLimit.ToString(CultureInfo.InvariantCulture),
        limits.MaxStatements.ToString(CultureInfo.InvariantCulture),
    ];

    public static ExpressionOptions ParseArguments(IReadOnlyList<string> arguments)
    {
        if (arguments.Count != 4)
        {
            throw new ArgumentException("Expected: timeoutMs memoryLimitBytes recursionLimit maxStatements", nameof(arguments));
        }

        return new ExpressionOptions
        {
            Timeout = TimeSpan.FromMilliseconds(double.Parse(arguments[0], CultureInfo.InvariantCulture)),
            MemoryLimitBytes = long.Parse(arguments[1], CultureInfo.InvariantCulture),
            RecursionLimit = int.Parse(arguments[2], CultureInfo.InvariantCulture),
            MaxStatements = int.Parse(arguments[3], CultureInfo.InvariantCulture),
        };
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = WriteOptions.MaxDepth }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
