using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sicantik.Workflows.Expressions;

/// <summary>
/// Converts the values an instance variable may hold into the engine's canonical form, which is all that
/// expressions, scripts and the stores ever see.
/// </summary>
/// <remarks>
/// The canonical form is JSON-shaped: <c>null</c>, <see cref="bool"/>, <see cref="string"/>,
/// <see cref="long"/>, <see cref="double"/>, <see cref="List{T}"/> of canonical values and
/// <see cref="Dictionary{TKey, TValue}"/> with ordinal string keys and canonical values.
/// <list type="bullet">
/// <item>every integer type becomes <see cref="long"/>; <see cref="float"/>, <see cref="double"/> and <see cref="decimal"/> become <see cref="double"/>;</item>
/// <item><see cref="DateTimeOffset"/> and <see cref="DateTime"/> become ISO 8601 round-trip strings (<c>"O"</c>), <see cref="DateOnly"/> becomes <c>yyyy-MM-dd</c>;</item>
/// <item><see cref="Guid"/> becomes its <c>"D"</c> string, an enum its name, a <see cref="char"/> a one-character string;</item>
/// <item><see cref="JsonElement"/> and <see cref="JsonNode"/> become the same form (JSON integers that fit in <see cref="long"/> become <see cref="long"/>, other numbers <see cref="double"/>);</item>
/// <item>string-keyed dictionaries become <see cref="Dictionary{TKey, TValue}"/>, any other sequence a <see cref="List{T}"/>.</item>
/// </list>
/// </remarks>
public static class VariableValues
{
    /// <summary>How deeply lists and dictionaries may nest; also what stops a value that contains itself.</summary>
    internal const int MaxDepth = 64;

    /// <summary>The most one variable may take as JSON, in UTF-8 bytes: an instance is loaded whole for every step.</summary>
    internal const int MaxSerializedBytes = 1024 * 1024;

    private static readonly MethodInfo NormalizeGenericDictionaryMethod =
        typeof(VariableValues).GetMethod(nameof(NormalizeGenericDictionary), BindingFlags.NonPublic | BindingFlags.Static)!;

    // Dictionaries that implement only the generic interfaces need reflection once per closed type.
    private static readonly ConcurrentDictionary<Type, Func<object, int, Dictionary<string, object?>>?> GenericDictionaryReaders = new();

    /// <summary>Converts a value to the canonical form.</summary>
    /// <param name="value">Any value an instance variable may hold.</param>
    /// <returns>The canonical value.</returns>
    /// <exception cref="ArgumentException">The value, or a value inside it, has a type with no canonical form, or lists and dictionaries nest more than 64 levels deep.</exception>
    public static object? Normalize(object? value) => Normalize(value, 0);

    /// <summary>Converts every value of a set of variables to the canonical form.</summary>
    /// <param name="values">Variables by name; <c>null</c> gives an empty dictionary.</param>
    /// <returns>A new dictionary with ordinal keys; a later duplicate name wins.</returns>
    /// <exception cref="ArgumentException">A value has no canonical form.</exception>
    public static Dictionary<string, object?> NormalizeAll(IEnumerable<KeyValuePair<string, object?>>? values)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (values is null)
        {
            return result;
        }

        foreach (var (name, value) in values)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(values));
            result[name] = Normalize(value, 0);
        }

        return result;
    }

    /// <summary>Checks that a canonical value is no larger than one variable may be (1 MiB as JSON).</summary>
    /// <param name="value">A value in the canonical form.</param>
    /// <exception cref="ArgumentException">The value's JSON would take more than 1 MiB.</exception>
    public static void CheckSize(object? value)
    {
        var remaining = (long)MaxSerializedBytes;
        if (!FitsIn(value, ref remaining))
        {
            throw new ArgumentException(ExpressionText.Format(ExpressionText.ValueTooLarge, MaxSerializedBytes / 1024));
        }
    }

    // Counts the value's JSON length (strings unescaped) and stops as soon as it no longer fits, so a huge value is
    // refused without being serialized. The canonical form nests at most MaxDepth levels, which bounds the recursion.
    private static bool FitsIn(object? value, ref long remaining)
    {
        switch (value)
        {
            case string s:
                remaining -= s.Length <= remaining ? System.Text.Encoding.UTF8.GetByteCount(s) + 2 : s.Length;
                break;
            case List<object?> list:
                remaining -= 2 + list.Count;
                foreach (var item in list)
                {
                    if (remaining < 0 || !FitsIn(item, ref remaining))
                    {
                        return false;
                    }
                }

                break;
            case Dictionary<string, object?> dictionary:
                remaining -= 2;
                foreach (var (key, item) in dictionary)
                {
                    remaining -= System.Text.Encoding.UTF8.GetByteCount(key) + 4;
                    if (remaining < 0 || !FitsIn(item, ref remaining))
                    {
                        return false;
                    }
                }

                break;
            default:
                // null, booleans and numbers: at most the 24 characters of a double's round-trip form.
                remaining -= 24;
                break;
        }

        return remaining >= 0;
    }

    internal static object? Normalize(object? value, int depth)
    {
        switch (value)
        {
            case null:
            case bool:
            case string:
            case long:
            case double:
                return value;
            case int i:
                return (long)i;
            case short s:
                return (long)s;
            case byte b:
                return (long)b;
            case sbyte sb:
                return (long)sb;
            case ushort us:
                return (long)us;
            case uint ui:
                return (long)ui;
            case ulong ul:
                // Beyond long's range the value can still be represented, approximately, as a number.
                return ul <= long.MaxValue ? (object)(long)ul : (double)ul;
            case nint n:
                return (long)n;
            case nuint nu:
                return nu <= long.MaxValue ? (object)(long)nu : (double)nu;
            case Int128 i128:
                return i128 >= long.MinValue && i128 <= long.MaxValue ? (object)(long)i128 : (double)i128;
            case UInt128 u128:
                return u128 <= long.MaxValue ? (object)(long)u128 : (double)u128;
            case float f:
                // Widening a float directly turns 0.1f into 0.10000000149011612; its shortest text is what was meant.
                return float.IsFinite(f) ? double.Parse(f.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : f;
            case Half h:
                return (double)h;
            case decimal m:
                return (double)m;
            case char c:
                return c.ToString();
            case DateTimeOffset dto:
                return dto.ToString("O", CultureInfo.InvariantCulture);
            case DateTime dt:
                return dt.ToString("O", CultureInfo.InvariantCulture);
            case DateOnly d:
                return d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case Guid g:
                return g.ToString("D");
            case Enum e:
                return e.ToString();
            case JsonElement element:
                return FromJsonElement(element, depth);
            case JsonNode node:
                return FromJsonNode(node, depth);
        }

        CheckDepth(depth);
        switch (value)
        {
            case Dictionary<string, object?> dictionary:
                return NormalizeEntries(dictionary, depth);
            case IReadOnlyDictionary<string, object?> readOnly:
                return NormalizeEntries(readOnly, depth);
            case IDictionary<string, object?> generic:
                return NormalizeEntries(generic, depth);
            case IDictionary nonGeneric:
                return NormalizeNonGenericDictionary(nonGeneric, depth);
        }

        if (GenericDictionaryReaders.GetOrAdd(value.GetType(), CreateGenericDictionaryReader) is { } reader)
        {
            return reader(value, depth);
        }

        if (value is IEnumerable sequence)
        {
            var list = value is ICollection collection ? new List<object?>(collection.Count) : [];
            foreach (var item in sequence)
            {
                list.Add(Normalize(item, depth + 1));
            }

            return list;
        }

        throw new ArgumentException(ExpressionText.Format(ExpressionText.UnsupportedValue, value.GetType().FullName), nameof(value));
    }

    private static Dictionary<string, object?> NormalizeEntries<T>(IEnumerable<KeyValuePair<string, T>> entries, int depth)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, item) in entries)
        {
            result[key] = Normalize(item, depth + 1);
        }

        return result;
    }

    private static Dictionary<string, object?> NormalizeNonGenericDictionary(IDictionary dictionary, int depth)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key is not string key)
            {
                throw new ArgumentException(ExpressionText.Format(ExpressionText.NonStringKey, entry.Key.GetType().FullName), nameof(dictionary));
            }

            result[key] = Normalize(entry.Value, depth + 1);
        }

        return result;
    }

    private static Func<object, int, Dictionary<string, object?>>? CreateGenericDictionaryReader(Type type)
    {
        foreach (var candidate in type.GetInterfaces())
        {
            if (candidate.IsGenericType
                && (candidate.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) || candidate.GetGenericTypeDefinition() == typeof(IDictionary<,>))
                && candidate.GetGenericArguments()[0] == typeof(string))
            {
                var method = NormalizeGenericDictionaryMethod.MakeGenericMethod(candidate.GetGenericArguments()[1]);
                return method.CreateDelegate<Func<object, int, Dictionary<string, object?>>>();
            }
        }

        return null;
    }

    private static Dictionary<string, object?> NormalizeGenericDictionary<T>(object dictionary, int depth) =>
        NormalizeEntries((IEnumerable<KeyValuePair<string, T>>)dictionary, depth);

    private static object? FromJsonElement(JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return element.TryGetInt64(out var integer) ? (object)integer : element.GetDouble();
            case JsonValueKind.Array:
                CheckDepth(depth);
                var list = new List<object?>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    list.Add(FromJsonElement(item, depth + 1));
                }

                return list;
            default:
                CheckDepth(depth);
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    result[property.Name] = FromJsonElement(property.Value, depth + 1);
                }

                return result;
        }
    }

    private static object? FromJsonNode(JsonNode node, int depth)
    {
        switch (node)
        {
            case JsonObject obj:
                CheckDepth(depth);
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, item) in obj)
                {
                    result[key] = item is null ? null : FromJsonNode(item, depth + 1);
                }

                return result;
            case JsonArray array:
                CheckDepth(depth);
                var list = new List<object?>(array.Count);
                foreach (var item in array)
                {
                    list.Add(item is null ? null : FromJsonNode(item, depth + 1));
                }

                return list;
            default:
                // A JsonValue may wrap a parsed element or any CLR value; its JSON text is the one form both share.
                var buffer = new ArrayBufferWriter<byte>();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    node.WriteTo(writer);
                }

                using (var document = JsonDocument.Parse(buffer.WrittenMemory))
                {
                    return FromJsonElement(document.RootElement, depth);
                }
        }
    }

    private static void CheckDepth(int depth)
    {
        if (depth >= MaxDepth)
        {
            throw new ArgumentException(ExpressionText.Format(ExpressionText.NestingTooDeep, MaxDepth));
        }
    }
}
