using Microsoft.EntityFrameworkCore;
using Sicantik.Data;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Runtime;

namespace Sicantik.Web.ProcessAdmin;

/// <summary>One version of a definition as the versions page lists it.</summary>
public sealed record DefinitionVersionSummary(
    string Key,
    int Version,
    string? Name,
    DefinitionState State,
    string Hash,
    string? DeployedBy,
    string? DeployedByName,
    DateTimeOffset DeployedAt,
    DateTimeOffset? PublishedAt,
    string? PublishedByName,
    DateTimeOffset? RetiredAt,
    string? RetiredByName,
    int RunningInstances);

/// <summary>
/// The versions of a definition with who deployed, published and retired them and how many instances still run on
/// each (running or held by an incident): one grouped count in the database, not a load of every instance.
/// </summary>
public sealed class DefinitionOverview(DefinitionService definitions, SicantikDbContext db)
{
    /// <summary>Every version of <paramref name="key"/>, newest first; empty when the key is unknown.</summary>
    public async Task<IReadOnlyList<DefinitionVersionSummary>> VersionsAsync(string key, CancellationToken cancellationToken = default)
    {
        var versions = await definitions.ListAsync(key, cancellationToken);
        if (versions.Count == 0)
        {
            return [];
        }

        var running = await RunningCountsAsync(key, cancellationToken);
        var people = await NamesAsync(versions.SelectMany(v => new[] { v.DeployedBy, v.PublishedBy, v.RetiredBy }), cancellationToken);
        string? Person(string? id) => id is null ? null : people.GetValueOrDefault(id, id);
        return [.. versions
            .OrderByDescending(v => v.Version)
            .Select(v => new DefinitionVersionSummary(
                v.Key, v.Version, v.Name, v.State, v.Hash, v.DeployedBy, Person(v.DeployedBy), v.DeployedAt,
                v.PublishedAt, Person(v.PublishedBy), v.RetiredAt, Person(v.RetiredBy), running.GetValueOrDefault(v.Version)))];
    }

    /// <summary>How many instances of each version of <paramref name="key"/> are running or faulted.</summary>
    public async Task<IReadOnlyDictionary<int, int>> RunningCountsAsync(string key, CancellationToken cancellationToken = default) =>
        await db.Set<ProcessInstance>().AsNoTracking()
            .Where(i => i.DefinitionKey == key && (i.State == InstanceState.Running || i.State == InstanceState.Faulted))
            .GroupBy(i => i.DefinitionVersion)
            .Select(g => new { Version = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Version, g => g.Count, cancellationToken);

    /// <summary>User ids to full names (or emails), for the people named in a list.</summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string?> userIds, CancellationToken cancellationToken = default)
    {
        var ids = userIds.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.FullName, u.Email }).ToListAsync(cancellationToken);
        return users.ToDictionary(u => u.Id, u => string.IsNullOrWhiteSpace(u.FullName) ? u.Email ?? u.Id : u.FullName, StringComparer.Ordinal);
    }
}
