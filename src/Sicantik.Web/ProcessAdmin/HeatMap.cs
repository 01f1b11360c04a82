using Microsoft.EntityFrameworkCore;
using Sicantik.Data;
using Sicantik.Perizinan.Tasks;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Web.ProcessAdmin;

/// <summary>Where the instances of one version wait now, and where time was lost over a period.</summary>
public sealed record HeatMap(
    string Key,
    int Version,
    DateTimeOffset From,
    DateTimeOffset To,
    int RunningInstances,
    IReadOnlyList<HeatMapStep> Steps);

/// <summary>
/// One element: how many running instances wait there now; for a human step, how many of its tasks were completed in
/// the period, their average and longest wait in minutes (creation to completion) and its baku mutu.
/// </summary>
public sealed record HeatMapStep(
    string ElementId,
    string? Name,
    string ElementType,
    int Waiting,
    int Completed,
    double? AverageMinutes,
    double? MaxMinutes,
    int? StandardMinutes);

/// <summary>Computes a version's heat map from the database: grouped token counts and the completed tasks' times.</summary>
public sealed class HeatMapService(DefinitionService definitions, SicantikDbContext db, TimeProvider time)
{
    /// <summary>The default period: the last 30 days.</summary>
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);

    /// <exception cref="Workflows.WorkflowException">No such version.</exception>
    public async Task<HeatMap> ComputeAsync(string key, int version, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default)
    {
        var model = await definitions.GetModelAsync(key, version, cancellationToken);
        var end = to ?? time.GetUtcNow();
        var start = from ?? end - DefaultPeriod;

        var running = db.Set<ProcessInstance>().AsNoTracking()
            .Where(i => i.DefinitionKey == key && i.DefinitionVersion == version && (i.State == InstanceState.Running || i.State == InstanceState.Faulted));
        var runningCount = await running.CountAsync(cancellationToken);
        var positions = await db.Set<Token>().AsNoTracking()
            .Where(t => t.Wait != WaitKind.SubProcess && running.Select(i => i.Id).Contains(EF.Property<Guid>(t, "InstanceId")))
            .Select(t => new { InstanceId = EF.Property<Guid>(t, "InstanceId"), t.ElementId })
            .ToListAsync(cancellationToken);
        var waiting = positions.DistinctBy(p => (p.InstanceId, p.ElementId)).GroupBy(p => p.ElementId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var done = await db.Set<HumanTask>().AsNoTracking()
            .Where(t => t.DefinitionKey == key && t.DefinitionVersion == version && t.State == HumanTaskState.Completed
                && t.CompletedAt >= start && t.CompletedAt <= end)
            .Select(t => new { t.ElementId, t.CreatedAt, t.CompletedAt })
            .ToListAsync(cancellationToken);
        var times = done.GroupBy(t => t.ElementId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(t => (t.CompletedAt!.Value - t.CreatedAt).TotalMinutes).ToList(), StringComparer.Ordinal);

        var steps = model.Nodes.Values
            .Where(n => waiting.ContainsKey(n.Id) || times.ContainsKey(n.Id) || n.Kind == FlowNodeKind.UserTask)
            .OrderBy(n => n.Id, StringComparer.Ordinal)
            .Select(n =>
            {
                var spent = times.GetValueOrDefault(n.Id);
                return new HeatMapStep(
                    n.Id,
                    n.Name,
                    n.ElementType,
                    waiting.GetValueOrDefault(n.Id),
                    spent?.Count ?? 0,
                    spent is { Count: > 0 } ? Math.Round(spent.Average(), 1) : null,
                    spent is { Count: > 0 } ? Math.Round(spent.Max(), 1) : null,
                    n.Kind == FlowNodeKind.UserTask ? BakuMutu.Minutes(model, new HumanTask { ElementId = n.Id }) : null);
            })
            .ToList();
        return new HeatMap(key, version, start, end, runningCount, steps);
    }
}
