using Microsoft.EntityFrameworkCore;
using Sicantik.Data;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Privacy;
using Sicantik.Perizinan.Tasks;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Stores;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Web.ProcessAdmin;

/// <summary>
/// One instance as the supervisors' instance view shows it. <see cref="Variables"/> is for administrators only (null
/// for other supervisors), and every identity number in it, in the history and in the incidents is masked
/// (<see cref="IdentityNumbers"/>).
/// </summary>
public sealed record InstanceView(
    Guid Id,
    string DefinitionKey,
    int DefinitionVersion,
    string? DefinitionName,
    string? BusinessKey,
    Guid? ApplicationId,
    string? RegistrationNumber,
    InstanceState State,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? EndedWith,
    IReadOnlyList<string> ActiveElementIds,
    InstancePath Path,
    IReadOnlyList<StepTime> Steps,
    IReadOnlyDictionary<string, object?>? Variables,
    IReadOnlyList<InstanceHistoryEntry> History,
    IReadOnlyList<IncidentView> Incidents);

/// <summary>The elements and sequence flows the instance went through so far.</summary>
public sealed record InstancePath(IReadOnlyList<string> ElementIds, IReadOnlyList<string> FlowIds);

/// <summary>
/// A human step's time against its baku mutu: minutes from its creation to its completion (or to now while open) and
/// the standard the definition sets; late when its escalation timer fired or its due time has passed.
/// </summary>
public sealed record StepTime(
    Guid TaskId,
    string ElementId,
    string Name,
    HumanTaskState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? DueAt,
    double ElapsedMinutes,
    int? StandardMinutes,
    bool IsLate,
    string? Assignee,
    string? Outcome);

public sealed record InstanceHistoryEntry(long Sequence, DateTimeOffset At, HistoryEventType Type, string? ElementId, string? ElementName, string? UserId, string? UserName, string? Outcome, string? FlowId, string? Detail);

public sealed record IncidentView(Guid Id, string ElementId, string? ElementName, IncidentKind Kind, string Message, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt, bool IsOpen);

/// <summary>An instance in a list.</summary>
public sealed record InstanceSummary(Guid Id, string DefinitionKey, int DefinitionVersion, string? BusinessKey, string? RegistrationNumber, InstanceState State, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

/// <summary>A page of instances.</summary>
public sealed record InstancePage(IReadOnlyList<InstanceSummary> Items, int Page, int PageSize, int Total);

/// <summary>Reads instances for supervisors: one instance whole (diagram state, times, variables, history), or a filtered page.</summary>
public sealed class InstanceViews(RuntimeService runtime, HistoryService history, DefinitionService definitions, DefinitionOverview overview, SicantikDbContext db, TimeProvider time)
{
    /// <summary>
    /// The instance with id <paramref name="reference"/>, else the instance of the application with that id, business key
    /// or registration number; <c>null</c> when none is found.
    /// </summary>
    public async Task<Guid?> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        var text = reference.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (Guid.TryParse(text, out var id) && await db.Set<ProcessInstance>().AnyAsync(i => i.Id == id, cancellationToken))
        {
            return id;
        }

        var byKey = await db.Set<ProcessInstance>().AsNoTracking().Where(i => i.BusinessKey == text)
            .OrderByDescending(i => i.StartedAt).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(cancellationToken);
        if (byKey is not null)
        {
            return byKey;
        }

        return await db.Set<PermitApplication>().AsNoTracking().Where(a => a.Number == text)
            .Select(a => a.ProcessInstanceId).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The instance's view; <c>null</c> when it is unknown. Its raw variables only when <paramref name="withVariables"/>
    /// (the reader is an administrator); identity numbers are masked either way.
    /// </summary>
    public async Task<InstanceView?> GetAsync(Guid instanceId, bool withVariables, CancellationToken cancellationToken = default)
    {
        var instance = await runtime.FindAsync(instanceId, cancellationToken);
        if (instance is null)
        {
            return null;
        }

        var model = await definitions.GetModelAsync(instance.DefinitionKey, instance.DefinitionVersion, cancellationToken);
        var events = await history.GetAsync(instanceId, cancellationToken);
        var now = time.GetUtcNow();
        var application = instance.BusinessKey is not null && Guid.TryParse(instance.BusinessKey, out var applicationId)
            ? await db.Set<PermitApplication>().AsNoTracking().Where(a => a.Id == applicationId).Select(a => new { a.Id, a.Number }).FirstOrDefaultAsync(cancellationToken)
            : null;
        var people = await overview.NamesAsync(events.Select(e => e.UserId).Concat(instance.Tasks.Select(t => t.Assignee ?? t.CompletedBy)), cancellationToken);

        var active = instance.Tokens
            .Where(t => t.State is TokenState.Waiting or TokenState.Failed or TokenState.Ready && t.Wait != WaitKind.SubProcess)
            .Select(t => t.ElementId)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        var steps = instance.Tasks
            .Where(t => t.State != HumanTaskState.Cancelled || t.CompletedAt is not null)
            .OrderBy(t => t.CreatedAt)
            .Select(t =>
            {
                var end = t.CompletedAt ?? (t.IsOpen ? now : t.CreatedAt);
                var late = t.IsOverdue || (t.DueAt is { } due && (t.State == HumanTaskState.Open ? now > due : t.CompletedAt > due));
                var who = t.CompletedBy ?? t.Assignee;
                return new StepTime(
                    t.Id, t.ElementId, t.Name, t.State, t.CreatedAt, t.CompletedAt, t.DueAt,
                    Math.Round((end - t.CreatedAt).TotalMinutes, 1), BakuMutu.Minutes(model, t), late,
                    who is null ? null : people.GetValueOrDefault(who, who), t.Outcome);
            })
            .ToList();

        return new InstanceView(
            instance.Id,
            instance.DefinitionKey,
            instance.DefinitionVersion,
            model.Name,
            instance.BusinessKey,
            application?.Id,
            application?.Number,
            instance.State,
            instance.StartedAt,
            instance.EndedAt,
            instance.EndedWith,
            active,
            PathOf(model, events, active),
            steps,
            withVariables ? IdentityNumbers.MaskVariables(instance.Variables) : null,
            [.. events.Select(e => new InstanceHistoryEntry(
                e.Sequence, e.At, e.Type, e.ElementId, e.ElementName, e.UserId, e.UserId is null ? null : people.GetValueOrDefault(e.UserId, e.UserId), e.Outcome, e.FlowId, IdentityNumbers.MaskText(e.Detail)))],
            [.. instance.Incidents.OrderByDescending(i => i.CreatedAt).Select(i => new IncidentView(
                i.Id, i.ElementId, model.Nodes.GetValueOrDefault(i.ElementId)?.DisplayName, i.Kind, IdentityNumbers.MaskText(i.Message)!, i.CreatedAt, i.ResolvedAt, i.IsOpen))]);
    }

    /// <summary>Instances filtered by definition key, version and state, newest first, a page at a time.</summary>
    public async Task<InstancePage> ListAsync(string? definitionKey, int? version, InstanceState? state, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        page = Math.Max(page, 1);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var query = db.Set<ProcessInstance>().AsNoTracking()
            .Where(i => (definitionKey == null || i.DefinitionKey == definitionKey)
                && (version == null || i.DefinitionVersion == version)
                && (state == null || i.State == state));
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(i => i.StartedAt).ThenBy(i => i.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(i => new { i.Id, i.DefinitionKey, i.DefinitionVersion, i.BusinessKey, i.State, i.StartedAt, i.EndedAt })
            .ToListAsync(cancellationToken);
        var keys = rows.Select(r => r.BusinessKey).OfType<string>().Select(k => Guid.TryParse(k, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        var numbers = await db.Set<PermitApplication>().AsNoTracking().Where(a => keys.Contains(a.Id) && a.Number != null)
            .ToDictionaryAsync(a => a.Id.ToString("D"), a => a.Number!, cancellationToken);
        return new InstancePage(
            [.. rows.Select(r => new InstanceSummary(r.Id, r.DefinitionKey, r.DefinitionVersion, r.BusinessKey, r.BusinessKey is null ? null : numbers.GetValueOrDefault(r.BusinessKey), r.State, r.StartedAt, r.EndedAt))],
            page,
            pageSize,
            total);
    }

    /// <summary>
    /// The elements the history names, and the flows between them: a decision's flows only as the history records them
    /// taken, any other flow when both its ends were reached.
    /// </summary>
    private static InstancePath PathOf(ProcessModel model, IReadOnlyList<HistoryEvent> events, IReadOnlyList<string> active)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal) { model.StartEvent.Id };
        visited.UnionWith(events.Select(e => e.ElementId).OfType<string>().Where(model.Nodes.ContainsKey));
        visited.UnionWith(active.Where(model.Nodes.ContainsKey));
        // A token enters a sub-process at its start event, which the history does not name.
        visited.UnionWith(visited.Select(id => model.Nodes[id]).OfType<SubProcess>().Select(s => s.StartEvent.Id).ToList());
        var taken = events.Where(e => e.Type == HistoryEventType.GatewayTaken).Select(e => e.FlowId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var flows = model.Flows.Values
            .Where(f => taken.Contains(f.Id) || (visited.Contains(f.SourceId) && visited.Contains(f.TargetId) && !IsDecision(model.Nodes[f.SourceId])))
            .Select(f => f.Id)
            .Order(StringComparer.Ordinal)
            .ToList();
        return new InstancePath([.. visited.Order(StringComparer.Ordinal)], flows);
    }

    private static bool IsDecision(FlowNode node) =>
        node.Kind is FlowNodeKind.ExclusiveGateway or FlowNodeKind.InclusiveGateway && node.Outgoing.Count > 1;
}
