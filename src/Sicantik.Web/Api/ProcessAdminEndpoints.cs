using System.Security.Claims;
using Sicantik.Perizinan;
using Sicantik.Web.Identity;
using Sicantik.Web.ProcessAdmin;
using Sicantik.Workflows;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Runtime;

namespace Sicantik.Web.Api;

/// <summary>
/// Process administration beside the definition endpoints: comparing two versions, migrating running instances, the
/// instance view and list, incident retry, and a version's heat map.
/// </summary>
public static class ProcessAdminEndpoints
{
    public static RouteGroupBuilder MapProcessAdminApi(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/definitions/{key}").WithTags("Proses").RequireAuthorization(SicantikPolicies.Admin);
        admin.MapGet("/compare", CompareAsync);
        admin.MapPost("/migrations/plan", PlanAsync);
        admin.MapPost("/migrations", MigrateAsync);

        var supervised = api.MapGroup("/admin").WithTags("Proses").RequireAuthorization(SicantikPolicies.Supervisor);
        supervised.MapGet("/definitions/{key}/versions/{version:int}/heatmap", HeatMapAsync);
        supervised.MapGet("/instances", ListInstancesAsync);
        supervised.MapGet("/instances/{id:guid}", GetInstanceAsync);

        api.MapPost("/admin/instances/{id:guid}/incidents/{incidentId:guid}/retry", RetryAsync)
            .WithTags("Proses").RequireAuthorization(SicantikPolicies.Admin);
        return api;
    }

    /// <summary>What changed from version <c>from</c> to version <c>to</c>, by element id.</summary>
    private static async Task<IResult> CompareAsync(string key, int? from, int? to, DefinitionService definitions, CancellationToken cancellationToken)
    {
        if (from is not { } fromVersion || to is not { } toVersion)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "compare-versions-required", WebText.Get("CompareVersionsRequired"));
        }

        var old = await definitions.GetAsync(key, fromVersion, cancellationToken);
        var current = await definitions.GetAsync(key, toVersion, cancellationToken);
        return TypedResults.Ok(DefinitionComparer.Compare(key, fromVersion, old.Xml, toVersion, current.Xml));
    }

    /// <summary>The proposed mapping, how many instances wait where, and the problems; changes nothing.</summary>
    private static async Task<IResult> PlanAsync(string key, MigrationRequest request, InstanceMigrationService migrations, DefinitionService definitions, CancellationToken cancellationToken)
    {
        if (Invalid(request) is { } refusal)
        {
            return refusal;
        }

        var plan = await migrations.PlanAsync(key, request.FromVersion!.Value, request.ToVersion!.Value, request.Mapping, cancellationToken);
        var source = await definitions.GetModelAsync(key, plan.FromVersion, cancellationToken);
        var target = await definitions.GetModelAsync(key, plan.ToVersion, cancellationToken);
        return TypedResults.Ok(MigrationPlanDto.From(plan, source, target));
    }

    /// <summary>Moves every running instance; refused with each problem (by element id) and nothing moved when the plan has any.</summary>
    private static async Task<IResult> MigrateAsync(string key, MigrationRequest request, InstanceMigrationService migrations, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (Invalid(request) is { } refusal)
        {
            return refusal;
        }

        var from = request.FromVersion!.Value;
        var to = request.ToVersion!.Value;
        var plan = await migrations.PlanAsync(key, from, to, request.Mapping, cancellationToken);
        if (!plan.CanMigrate)
        {
            return Problems.Result(
                StatusCodes.Status422UnprocessableEntity,
                "migration-refused",
                WebText.Get("MigrationRefused", key, from, to, string.Join(" ", plan.Problems.Select(p => p.Message))),
                plan.Problems.GroupBy(p => p.ElementId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal));
        }

        var result = await migrations.MigrateAsync(key, from, to, request.Mapping, principal.UserId(), cancellationToken);
        return TypedResults.Ok(new MigrationResultDto(key, from, to, result.Migrated, result.InstanceIds));
    }

    private static IResult? Invalid(MigrationRequest? request)
    {
        if (request?.FromVersion is not > 0 || request.ToVersion is not > 0)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "migration-versions-required", WebText.Get("MigrationVersionsRequired"));
        }

        if (request.Mapping?.FirstOrDefault(m => string.IsNullOrWhiteSpace(m.Key)) is { Key: not null } blank)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "migration-mapping-invalid", WebText.Get("MigrationMappingInvalid", blank.Value));
        }

        return null;
    }

    /// <summary><c>from</c>, <c>to</c>: the period of completed tasks (ISO 8601; the last 30 days by default).</summary>
    private static async Task<IResult> HeatMapAsync(string key, int version, DateTimeOffset? from, DateTimeOffset? to, HeatMapService heatMaps, CancellationToken cancellationToken)
    {
        if (from is { } start && to is { } end && end < start)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "heatmap-period-invalid", WebText.Get("HeatMapPeriodInvalid"));
        }

        return TypedResults.Ok(await heatMaps.ComputeAsync(key, version, from, to, cancellationToken));
    }

    /// <summary>
    /// <c>definition</c>: the process key; <c>version</c>; <c>state</c>: <c>running</c>, <c>faulted</c>, <c>completed</c>
    /// or <c>terminated</c>; newest first, <c>pageSize</c> (at most 200) per <c>page</c>.
    /// </summary>
    private static async Task<IResult> ListInstancesAsync(string? definition, int? version, string? state, int? page, int? pageSize, InstanceViews views, CancellationToken cancellationToken)
    {
        InstanceState? which = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (!Enum.TryParse<InstanceState>(state.Trim(), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Problems.Result(StatusCodes.Status400BadRequest, "unknown-instance-state", WebText.Get("UnknownInstanceState", state));
            }

            which = parsed;
        }

        return TypedResults.Ok(await views.ListAsync(string.IsNullOrWhiteSpace(definition) ? null : definition.Trim(), version, which, page ?? 1, pageSize ?? 50, cancellationToken));
    }

    private static async Task<IResult> GetInstanceAsync(Guid id, InstanceViews views, ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        TypedResults.Ok(await views.GetAsync(id, principal.IsInRole(SopRoles.Admin), cancellationToken) ?? throw new WorkflowException(WorkflowError.InstanceNotFound, WebText.Get("InstanceNotFound", id)));

    /// <summary>Resolves the incident and lets the held token run again; the instance view afterwards.</summary>
    private static async Task<IResult> RetryAsync(Guid id, Guid incidentId, RuntimeService runtime, InstanceViews views, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        await runtime.RetryIncidentAsync(id, incidentId, principal.UserId(), cancellationToken);
        return TypedResults.Ok(await views.GetAsync(id, withVariables: true, cancellationToken));
    }
}

/// <summary>Which versions, and source element id to target element id where the ids differ.</summary>
public sealed record MigrationRequest(int? FromVersion, int? ToVersion, Dictionary<string, string>? Mapping);

public sealed record MigrationResultDto(string Key, int FromVersion, int ToVersion, int Migrated, IReadOnlyList<Guid> InstanceIds);

/// <summary>A source element with its proposed target (or none) and how many instances wait there.</summary>
public sealed record MappingRow(string SourceId, string? SourceName, string SourceType, string? TargetId, int Waiting);

/// <summary>An element of the target version, for the mapping's choices.</summary>
public sealed record ElementOption(string Id, string? Name, string Type);

public sealed record MigrationPlanDto(
    string Key,
    int FromVersion,
    int ToVersion,
    bool CanMigrate,
    int InstanceCount,
    IReadOnlyDictionary<string, string> Mapping,
    IReadOnlyDictionary<string, int> WaitingCounts,
    IReadOnlyList<MappingRow> Rows,
    IReadOnlyList<ElementOption> TargetElements,
    IReadOnlyList<MigrationProblem> Problems)
{
    public static MigrationPlanDto From(MigrationPlan plan, ProcessModel source, ProcessModel target)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var rows = source.Nodes.Values
            .OrderByDescending(n => plan.WaitingCounts.GetValueOrDefault(n.Id) > 0)
            .ThenBy(n => n.Id, StringComparer.Ordinal)
            .Select(n => new MappingRow(n.Id, n.Name, n.ElementType, plan.Mapping.GetValueOrDefault(n.Id), plan.WaitingCounts.GetValueOrDefault(n.Id)))
            .ToList();
        var options = target.Nodes.Values.OrderBy(n => n.Id, StringComparer.Ordinal).Select(n => new ElementOption(n.Id, n.Name, n.ElementType)).ToList();
        return new MigrationPlanDto(plan.Key, plan.FromVersion, plan.ToVersion, plan.CanMigrate, plan.InstanceCount, plan.Mapping, plan.WaitingCounts, rows, options, plan.Problems);
    }
}
