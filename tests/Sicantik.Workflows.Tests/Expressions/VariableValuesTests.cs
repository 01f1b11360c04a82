using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sicantik.Workflows.Expressions;

namespace Sicantik.Workflows.Tests.Expressions;

public sealed class VariableValuesTests
{
    public static TheoryData<object?, object?> Scalars => new()
    {
        { null, null },
        { true, true },
        { "teks", "teks" },
        { 5, 5L },
        { (short)-3, -3L },
        { (byte)7, 7L },
        { (sbyte)-7, -7L },
        { (ushort)9, 9L },
        { 4_000_000_000u, 4_000_000_000L },
        { 12UL, 12L },
        { ulong.MaxValue, (double)ulong.MaxValue },
        { 42L, 42L },
        { 0.1f, 0.1 },
        { 2.5, 2.5 },
        { 1.5m, 1.5 },
        { 'c', "c" },
        { new DateOnly(2024, 5, 17), "2024-05-17" },
        { new DateTimeOffset(2024, 5, 17, 8, 30, 0, TimeSpan.FromHours(7)), "2024-05-17T08:30:00.0000000+07:00" },
        { new DateTime(2024, 5, 17, 1, 30, 0, DateTimeKind.Utc), "2024-05-17T01:30:00.0000000Z" },
        { new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"), "0f8fad5b-d9cb-469f-a165-70867728950e" },
        { DayOfWeek.Friday, "Friday" },
    };

    [Theory]
    [MemberData(nameof(Scalars))]
    public void Normalize_ReturnsCanonicalScalar_WhenValueIsScalar(object? value, object? expected)
    {
        var normalized = VariableValues.Normalize(value);

        Assert.Equal(expected, normalized);
        Assert.Equal(expected?.GetType(), normalized?.GetType());
    }

    [Fact]
    public void Normalize_ConvertsJsonElement_Recursively()
    {
        using var document = JsonDocument.Parse("""
            {"a": 1, "b": 1.5, "c": "x", "d": [true, null, false], "e": {"f": 12345678901234567890, "g": 1.0}}
            """);

        var result = Assert.IsType<Dictionary<string, object?>>(VariableValues.Normalize(document.RootElement));

        Assert.Equal(1L, result["a"]);
        Assert.Equal(1.5, result["b"]);
        Assert.Equal("x", result["c"]);
        Assert.Equal([true, null, false], Assert.IsType<List<object?>>(result["d"]));
        var e = Assert.IsType<Dictionary<string, object?>>(result["e"]);
        Assert.Equal(12345678901234567890d, e["f"]);
        Assert.Equal(1.0, Assert.IsType<double>(e["g"]));
    }

    [Theory]
    [InlineData("null", null)]
    [InlineData("true", true)]
    [InlineData("7", 7L)]
    [InlineData("\"s\"", "s")]
    public void Normalize_ConvertsJsonElement_WhenElementIsScalar(string json, object? expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, VariableValues.Normalize(document.RootElement));
    }

    [Fact]
    public void Normalize_ConvertsJsonNode_Recursively()
    {
        var node = new JsonObject
        {
            ["parsed"] = JsonNode.Parse("""{"n": 3, "list": [1, "two"]}"""),
            ["created"] = JsonValue.Create(5),
            ["fraction"] = JsonValue.Create(0.25),
            ["flag"] = JsonValue.Create(true),
            ["none"] = null,
            ["array"] = new JsonArray(1, "a"),
        };

        var result = Assert.IsType<Dictionary<string, object?>>(VariableValues.Normalize(node));

        var parsed = Assert.IsType<Dictionary<string, object?>>(result["parsed"]);
        Assert.Equal(3L, parsed["n"]);
        Assert.Equal([1L, "two"], Assert.IsType<List<object?>>(parsed["list"]));
        Assert.Equal(5L, result["created"]);
        Assert.Equal(0.25, result["fraction"]);
        Assert.Equal(true, result["flag"]);
        Assert.Null(result["none"]);
        Assert.Equal([1L, "a"], Assert.IsType<List<object?>>(result["array"]));
    }

    [Fact]
    public void Normalize_ConvertsDictionary_WithOrdinalKeysAndNormalizedValues()
    {
        var value = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["A"] = 1, ["b"] = 2 };

        var result = Assert.IsType<Dictionary<string, object?>>(VariableValues.Normalize(value));

        Assert.Same(StringComparer.Ordinal, result.Comparer);
        Assert.Equal(1L, result["A"]);
        Assert.Equal(2L, result["b"]);
        Assert.False(result.ContainsKey("a"));
    }

    [Fact]
    public void Normalize_ConvertsReadOnlyDictionary_WhenItIsOnlyGeneric()
    {
        var value = new ReadOnlyOnly(new Dictionary<string, decimal> { ["price"] = 2.5m });

        var result = Assert.IsType<Dictionary<string, object?>>(VariableValues.Normalize(value));

        Assert.Equal(2.5, result["price"]);
    }

    [Fact]
    public void Normalize_ConvertsSequences_ToLists()
    {
        var value = new Dictionary<string, object?>
        {
            ["numbers"] = new[] { 1, 2 },
            ["set"] = new SortedSet<string> { "b", "a" },
            ["nested"] = new List<object?> { new List<int> { 3 }, null },
        };

        var result = Assert.IsType<Dictionary<string, object?>>(VariableValues.Normalize(value));

        Assert.Equal([1L, 2L], Assert.IsType<List<object?>>(result["numbers"]));
        Assert.Equal(["a", "b"], Assert.IsType<List<object?>>(result["set"]));
        var nested = Assert.IsType<List<object?>>(result["nested"]);
        Assert.Equal([3L], Assert.IsType<List<object?>>(nested[0]));
        Assert.Null(nested[1]);
    }

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void Normalize_Throws_WhenTypeHasNoCanonicalForm(object value, string typeName)
    {
        var exception = Assert.Throws<ArgumentException>(() => VariableValues.Normalize(value));

        Assert.Contains(typeName, exception.Message, StringComparison.Ordinal);
    }

    public static TheoryData<object, string> Unsupported => new()
    {
        { new object(), "System.Object" },
        { TimeSpan.FromMinutes(1), "System.TimeSpan" },
        { new List<object?> { new Uri("https://example.org") }, "System.Uri" },
        { new Hashtable { [1] = "one" }, "System.Int32" },
    };

    [Fact]
    public void Normalize_Throws_WhenValueContainsItself()
    {
        var list = new List<object?>();
        list.Add(list);

        Assert.Throws<ArgumentException>(() => VariableValues.Normalize(list));
    }

    [Fact]
    public void NormalizeAll_ReturnsEmpty_WhenValuesAreNull()
    {
        Assert.Empty(VariableValues.NormalizeAll(null));
    }

    [Fact]
    public void NormalizeAll_NormalizesEveryValue_WhenValuesAreGiven()
    {
        var result = VariableValues.NormalizeAll([new("count", 3), new("when", new DateOnly(2024, 1, 2)), new("none", null)]);

        Assert.Equal(3L, result["count"]);
        Assert.Equal("2024-01-02", result["when"]);
        Assert.Null(result["none"]);
        Assert.Same(StringComparer.Ordinal, result.Comparer);
    }

    private sealed class ReadOnlyOnly(Dictionary<string, decimal> inner) : IReadOnlyDictionary<string, decimal>
    {
        public decimal this[string key] => inner[key];

        public IEnumerable<string> Keys => inner.Keys;

        public IEnumerable<decimal> Values => inner.Values;

        public int Count => inner.Count;

        public bool ContainsKey(string key) => inner.ContainsKey(key);

        public IEnumerator<KeyValuePair<string, decimal>> GetEnumerator() => inner.GetEnumerator();

        public bool TryGetValue(string key, out decimal value) => inner.TryGetValue(key, out value);

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
