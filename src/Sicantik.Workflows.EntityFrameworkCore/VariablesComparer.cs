using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Sicantik.Workflows.Expressions;

namespace Sicantik.Workflows.EntityFrameworkCore;

/// <summary>
/// Change tracking for an instance's variables. They are in the engine's canonical, JSON-shaped form
/// (<see cref="VariableValues"/>), so equality is a structural walk and the snapshot a deep copy. Comparing their JSON
/// texts instead cost two serializations per tracked instance at every DetectChanges, and a serialization plus a parse
/// per snapshot: a sixth of a durable step's CPU.
/// </summary>
internal static class VariablesComparer
{
    public static readonly ValueComparer<Dictionary<string, object?>> Instance = new(
        (a, b) => AreEqual(a, b),
        v => HashOf(v),
        v => Snapshot(v));

    private static Dictionary<string, object?> Snapshot(Dictionary<string, object?> variables) =>
        (Dictionary<string, object?>)VariableValues.Normalize(variables)!;

    private static int HashOf(Dictionary<string, object?> variables)
    {
        var hash = new HashCode();
        hash.Add(variables.Count);
        foreach (var name in variables.Keys.Order(StringComparer.Ordinal))
        {
            hash.Add(name, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public static bool AreEqual(object? a, object? b)
    {
        switch (a)
        {
            case null:
                return b is null;
            case string s:
                return b is string t && string.Equals(s, t, StringComparison.Ordinal);
            case bool or long or double:
                return a.Equals(b);
            case Dictionary<string, object?> x when b is Dictionary<string, object?> y:
                if (x.Count != y.Count)
                {
                    return false;
                }

                foreach (var (key, value) in x)
                {
                    if (!y.TryGetValue(key, out var other) || !AreEqual(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case List<object?> x when b is List<object?> y:
                if (x.Count != y.Count)
                {
                    return false;
                }

                for (var i = 0; i < x.Count; i++)
                {
                    if (!AreEqual(x[i], y[i]))
                    {
                        return false;
                    }
                }

                return true;
            case Dictionary<string, object?> or List<object?>:
                return false;
            default:
                // Not in canonical form (a value set around the engine): compare what would be stored.
                return b is not null
                    && JsonSerializer.Serialize(a, JsonSerializerOptions.Default) == JsonSerializer.Serialize(b, JsonSerializerOptions.Default);
        }
    }
}
