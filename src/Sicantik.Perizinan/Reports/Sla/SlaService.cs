using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Issuance;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Resources;
using Sicantik.Perizinan.Tasks;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Timers;

namespace Sicantik.Perizinan.Reports.Sla;

/// <summary>
/// Computes the service-standard (SLA) report from the engine's tasks: per step, per clerk, and what is overdue now.
/// </summary>
/// <remarks>
/// <para>
/// <b>Which tasks.</b> A step's and a clerk's figures count the tasks <i>completed</i> in the period (office days in the
/// office's time zone, WIB); cancelled tasks are left out. With a permit type, only tasks of that type's applications.
/// </para>
/// <para>
/// <b>Time from creation to completion</b> counts in the calendar of the step's baku mutu timer (the process's
/// <c>sicantik:calendar</c> otherwise): office hours for the SOP, Monday to Friday 08:00–16:00 WIB minus holidays, so a
/// task created Friday 15:58 and completed Monday 08:03 took 5 minutes, not three days. The baku mutu is stated in the
/// same minutes, so medians compare with it directly. The time is the most whole seconds <c>s</c> for which the
/// engine's <see cref="IBusinessCalendar.Add"/> of <c>s</c> to the creation does not pass the completion.
/// </para>
/// <para>
/// <b>Within baku mutu</b> means completed at or before the instant the engine's own calendar puts the baku mutu at:
/// the step's timer's first due instant from the task's creation (<see cref="TimerSpec.FirstDue"/>), else the task's
/// due date; tasks of a step with neither are not measured. <b>Escalated</b> counts tasks a baku mutu timer marked
/// (<see cref="HumanTask.EscalatedAt"/>, written with each <c>Escalated</c> history event).
/// </para>
/// <para>
/// <b>Percentiles</b> are nearest-rank: the p-th percentile of n sorted values is the value at rank ⌈p/100 × n⌉
/// (1-based), always one of the observed times; the median is the 50th (for an even n, the lower middle value).
/// </para>
/// </remarks>
public sealed class SlaService(
    PerizinanDb db,
    PermitTypeService permitTypes,
    DefinitionService definitions,
    IEnumerable<IBusinessCalendar> calendars,
    IPersonDirectory people,
    IOptions<PerizinanOptions> options,
    TimeProvider time)
{
    /// <summary>The longest period one report covers, in years.</summary>
    public const int MaxPeriodYears = 2;

    private static readonly ReportPeriodErrors PeriodErrors = new(
        PerizinanError.SlaPeriodRequired, PerizinanError.SlaDateInvalid, PerizinanError.SlaPeriodInvalid, PerizinanError.SlaPeriodTooLong, "SlaPeriodTooLong");

    private readonly Dictionary<string, IBusinessCalendar> _calendars = calendars.ToDictionary(c => c.Name, StringComparer.Ordinal);
    private readonly Dictionary<(string Key, int Version), ProcessModel> _models = [];

    /// <summary>Reads a period as the API and the pages receive it (<c>yyyy-MM-dd</c>) and computes its report.</summary>
    /// <exception cref="PerizinanException">
    /// <see cref="PerizinanError.SlaPeriodRequired"/>, <see cref="PerizinanError.SlaDateInvalid"/>, <see cref="PerizinanError.SlaPeriodInvalid"/>,
    /// <see cref="PerizinanError.SlaPeriodTooLong"/> or <see cref="PerizinanError.SlaPermitTypeUnknown"/>.
    /// </exception>
    public async Task<SlaReport> ComputeAsync(string? from, string? to, string? permitTypeCode, CancellationToken cancellationToken = default)
    {
        var (start, end) = ReportPeriod.Parse(from, to, PeriodErrors);
        return await ComputeAsync(start, end, permitTypeCode, cancellationToken);
    }

    /// <summary>The report for the office's days <paramref name="from"/> to <paramref name="to"/> (inclusive).</summary>
    /// <param name="from">The first day, in the office's time zone.</param>
    /// <param name="to">The last day, in the office's time zone.</param>
    /// <param name="permitTypeCode">Only this permit type's applications; all when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<SlaReport> ComputeAsync(DateOnly from, DateOnly to, string? permitTypeCode = null, CancellationToken cancellationToken = default)
    {
        ReportPeriod.Check(from, to, MaxPeriodYears, PeriodErrors);
        permitTypeCode = string.IsNullOrWhiteSpace(permitTypeCode) ? null : permitTypeCode.Trim();
        IReadOnlyList<PermitType> types;
        if (permitTypeCode is not null)
        {
            var type = await permitTypes.FindByCodeAsync(permitTypeCode, cancellationToken);
            if (type is null)
            {
                var message = PerizinanText.Message("IkmPermitTypeUnknown", permitTypeCode);
                throw new PerizinanException(PerizinanError.SlaPermitTypeUnknown, message, [new PerizinanIssue("jenisIzin", message)]);
            }

            permitTypeCode = type.Code;
            types = [type];
        }
        else
        {
            types = await permitTypes.ListAllAsync(cancellationToken);
        }

        var now = time.GetUtcNow();
        var zone = options.Value.TimeZone;
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(from.ToDateTime(TimeOnly.MinValue)));
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue)));

        var completed = await db.Set<HumanTask>().AsNoTracking()
            .Where(t => t.State == HumanTaskState.Completed && t.CompletedAt >= start && t.CompletedAt < end)
            .ToListAsync(cancellationToken);
        var open = await db.Set<HumanTask>().AsNoTracking()
            .Where(t => t.State == HumanTaskState.Open && (t.DueAt < now || t.EscalatedAt != null))
            .ToListAsync(cancellationToken);

        var applicationIds = completed.Concat(open).Select(ApplicationId).OfType<Guid>().Distinct().ToList();
        var applications = applicationIds.Count == 0
            ? []
            : await db.Set<PermitApplication>().AsNoTracking().Where(a => applicationIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        PermitApplication? ApplicationOf(HumanTask task) => ApplicationId(task) is { } id ? applications.GetValueOrDefault(id) : null;
        bool InScope(HumanTask task) => permitTypeCode is null || ApplicationOf(task)?.PermitTypeCode == permitTypeCode;

        completed = [.. completed.Where(InScope)];
        open = [.. open.Where(InScope)];

        var measured = new List<(HumanTask Task, long Seconds, bool? Within)>(completed.Count);
        foreach (var task in completed)
        {
            var model = await ModelAsync(task.DefinitionKey, task.DefinitionVersion, cancellationToken);
            var calendar = Calendar(model, task.ElementId);
            var seconds = ElapsedSeconds(calendar, task.CreatedAt, task.CompletedAt!.Value);
            bool? within = Due(model, calendar, task) is { } due ? task.CompletedAt <= due : null;
            measured.Add((task, seconds, within));
        }

        var steps = await StepsAsync(types.Select(t => t.ProcessKey).Concat(completed.Select(t => t.DefinitionKey)), measured, cancellationToken);
        var clerks = await ClerksAsync(measured, cancellationToken);
        var overdue = await OverdueAsync(open, ApplicationOf, now, cancellationToken);
        return new SlaReport(from, to, permitTypeCode, now, steps, clerks, overdue);
    }

    /// <summary>
    /// The nearest-rank <paramref name="percent"/>-th percentile of <paramref name="sorted"/> (ascending): the value at
    /// rank ⌈percent/100 × n⌉, counting from 1. For n = 6 the median is the 3rd value and the 90th percentile the 6th.
    /// </summary>
    public static long NearestRank(IReadOnlyList<long> sorted, int percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfLessThan(sorted.Count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        var rank = (int)(((long)percent * sorted.Count + 99) / 100);
        return sorted[rank - 1];
    }

    /// <summary>
    /// The time from <paramref name="from"/> to <paramref name="to"/> as <paramref name="calendar"/> counts it, in whole
    /// seconds: the most <c>s</c> with <c>calendar.Add(from, s) ≤ to</c>, found by bisection, so that it agrees with the
    /// engine's due dates by construction (a task is within a baku mutu of <c>b</c> exactly when this is at most
    /// <c>b</c>). Zero when <paramref name="to"/> is not after <paramref name="from"/> or comes before the office next
    /// opens; a completion while the office is closed counts the office time up to closing.
    /// </summary>
    public static long ElapsedSeconds(IBusinessCalendar calendar, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (to <= from || calendar.Add(from, default) > to)
        {
            return 0;
        }

        // A calendar counts at most every second of the wall clock, so the answer lies within the wall-clock span.
        var low = 0L;
        var high = (long)Math.Floor((to - from).TotalSeconds);
        while (low < high)
        {
            var middle = low + ((high - low + 1) / 2);
            if (calendar.Add(from, IsoDuration.FromTimeSpan(TimeSpan.FromSeconds(middle))) <= to)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }

    /// <summary>
    /// The user tasks of <paramref name="model"/> in the order a token first meets them from the start event (shortest
    /// distance along sequence flows, ties by element id): the SOP's order, with parallel steps side by side.
    /// </summary>
    public static IReadOnlyList<UserTask> SopOrder(ProcessModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var distance = new Dictionary<string, int>(StringComparer.Ordinal) { [model.StartEvent.Id] = 0 };
        var queue = new Queue<FlowNode>();
        queue.Enqueue(model.StartEvent);
        while (queue.TryDequeue(out var node))
        {
            IEnumerable<FlowNode> next = node.Outgoing.Select(f => f.Target).Concat(node.BoundaryEvents);
            if (node is SubProcess sub)
            {
                next = next.Prepend(sub.StartEvent);
            }

            foreach (var target in next)
            {
                if (distance.TryAdd(target.Id, distance[node.Id] + 1))
                {
                    queue.Enqueue(target);
                }
            }
        }

        return model.Nodes.Values.OfType<UserTask>()
            .OrderBy(t => distance.GetValueOrDefault(t.Id, int.MaxValue))
            .ThenBy(t => t.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The report as a CSV file (see <see cref="SlaCsv"/>), its instants in the office's time zone.</summary>
    public byte[] ToCsvFile(SlaReport report) => SlaCsv.ToCsvFile(report, options.Value.TimeZone);

    /// <summary>"sla-2026-11-01-2026-11-30.csv", with the permit type when the report is for one.</summary>
    public static string FileName(SlaReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var days = $"{report.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}-{report.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        return report.PermitTypeCode is null ? $"sla-{days}.csv" : $"sla-{report.PermitTypeCode.ToLowerInvariant()}-{days}.csv";
    }

    private async Task<IReadOnlyList<SlaStep>> StepsAsync(IEnumerable<string> keys, List<(HumanTask Task, long Seconds, bool? Within)> measured, CancellationToken cancellationToken)
    {
        var byStep = measured.ToLookup(m => (m.Task.DefinitionKey, m.Task.ElementId));
        var steps = new List<SlaStep>();
        var listed = new HashSet<(string, string)>();
        foreach (var key in keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var model = await CurrentModelAsync(key, measured, cancellationToken);
            if (model is null)
            {
                continue;
            }

            foreach (var node in SopOrder(model))
            {
                listed.Add((key, node.Id));
                steps.Add(Step(key, node.Id, node.DisplayName, model, byStep[(key, node.Id)].ToList()));
            }

            // A step an older version had and the current one no longer has: after the current ones.
            foreach (var gone in byStep.Where(g => g.Key.DefinitionKey == key && !listed.Contains(g.Key)).OrderBy(g => g.Key.ElementId, StringComparer.Ordinal))
            {
                listed.Add(gone.Key);
                var first = gone.First().Task;
                steps.Add(Step(key, first.ElementId, first.Name, await ModelAsync(key, first.DefinitionVersion, cancellationToken), gone.ToList()));
            }
        }

        return steps;
    }

    private static SlaStep Step(string key, string elementId, string name, ProcessModel model, List<(HumanTask Task, long Seconds, bool? Within)> tasks)
    {
        var node = model.Nodes.GetValueOrDefault(elementId) as UserTask;
        var standard = BakuMutu.Minutes(model, new HumanTask { ElementId = elementId });
        var sorted = tasks.Select(t => t.Seconds).Order().ToList();
        var counted = tasks.Count(t => t.Within is not null);
        var within = tasks.Count(t => t.Within == true);
        return new SlaStep(
            key,
            elementId,
            name,
            node is not null && node.EffectiveCandidateGroups.Count > 0,
            CalendarName(model, elementId),
            standard,
            tasks.Count,
            sorted.Count == 0 ? null : Minutes(NearestRank(sorted, 50)),
            sorted.Count == 0 ? null : Minutes(NearestRank(sorted, 90)),
            counted,
            within,
            Percent(within, counted),
            tasks.Count(t => t.Task.EscalatedAt is not null));
    }

    private async Task<IReadOnlyList<SlaClerk>> ClerksAsync(List<(HumanTask Task, long Seconds, bool? Within)> measured, CancellationToken cancellationToken)
    {
        var staff = new List<(HumanTask Task, bool? Within)>();
        foreach (var (task, _, within) in measured)
        {
            var model = await ModelAsync(task.DefinitionKey, task.DefinitionVersion, cancellationToken);
            if (task.CompletedBy is not null && model.Nodes.GetValueOrDefault(task.ElementId) is UserTask { EffectiveCandidateGroups.Count: > 0 })
            {
                staff.Add((task, within));
            }
        }

        var clerks = new List<SlaClerk>();
        foreach (var group in staff.GroupBy(s => s.Task.CompletedBy!, StringComparer.Ordinal))
        {
            var counted = group.Count(s => s.Within is not null);
            var within = group.Count(s => s.Within == true);
            var name = await people.FullNameAsync(group.Key, cancellationToken) ?? group.Key;
            clerks.Add(new SlaClerk(group.Key, name, group.Count(), counted, within, Percent(within, counted)));
        }

        return clerks.OrderByDescending(c => c.Tasks).ThenBy(c => c.Name, StringComparer.CurrentCulture).ThenBy(c => c.UserId, StringComparer.Ordinal).ToList();
    }

    private async Task<IReadOnlyList<SlaOverdueTask>> OverdueAsync(List<HumanTask> open, Func<HumanTask, PermitApplication?> applicationOf, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = new List<SlaOverdueTask>(open.Count);
        foreach (var task in open)
        {
            if ((task.DueAt ?? task.EscalatedAt) is not { } due)
            {
                continue;
            }

            var model = await ModelAsync(task.DefinitionKey, task.DefinitionVersion, cancellationToken);
            string? holder = null;
            if (task.Assignee is { } assignee)
            {
                if (!names.TryGetValue(assignee, out holder))
                {
                    holder = await people.FullNameAsync(assignee, cancellationToken) ?? assignee;
                    names[assignee] = holder;
                }
            }

            var lane = model.Nodes.GetValueOrDefault(task.ElementId)?.Lane?.Name;
            var application = applicationOf(task);
            rows.Add(new SlaOverdueTask(
                task.Id,
                application?.Id,
                application?.Number,
                application?.PermitTypeCode,
                task.ElementId,
                task.Name,
                task.Assignee,
                holder,
                lane ?? string.Join(", ", task.CandidateGroups),
                task.CreatedAt,
                due,
                Minutes(ElapsedSeconds(Calendar(model, task.ElementId), due, now)),
                task.EscalatedAt is not null));
        }

        return rows.OrderBy(r => r.DueAt).ThenBy(r => r.TaskId).ToList();
    }

    // The definition's published version, else the newest one a counted task ran on, else its newest version.
    private async Task<ProcessModel?> CurrentModelAsync(string key, List<(HumanTask Task, long Seconds, bool? Within)> measured, CancellationToken cancellationToken)
    {
        var versions = await definitions.ListAsync(key, cancellationToken);
        var chosen = versions.FirstOrDefault(v => v.State == DefinitionState.Published)?.Version
            ?? measured.Where(m => m.Task.DefinitionKey == key).Select(m => (int?)m.Task.DefinitionVersion).Max()
            ?? versions.Select(v => (int?)v.Version).Max();
        return chosen is { } version ? await ModelAsync(key, version, cancellationToken) : null;
    }

    private async Task<ProcessModel> ModelAsync(string key, int version, CancellationToken cancellationToken)
    {
        if (!_models.TryGetValue((key, version), out var model))
        {
            model = await definitions.GetModelAsync(key, version, cancellationToken);
            _models[(key, version)] = model;
        }

        return model;
    }

    private static BoundaryTimerEvent? EscalationTimer(ProcessModel model, string elementId) =>
        model.Nodes.GetValueOrDefault(elementId)?.BoundaryEvents.FirstOrDefault(b => b.EscalateTo is not null && b.Timer.Spec is not null);

    private static string CalendarName(ProcessModel model, string elementId) =>
        EscalationTimer(model, elementId)?.Timer.Calendar ?? model.Calendar;

    private IBusinessCalendar Calendar(ProcessModel model, string elementId)
    {
        var name = CalendarName(model, elementId);
        return _calendars.TryGetValue(name, out var calendar)
            ? calendar
            : throw new InvalidOperationException($"No business calendar '{name}' is registered (definition '{model.Key}', element '{elementId}').");
    }

    // The instant the engine put the baku mutu at: the escalation timer's first due instant in its calendar.
    private static DateTimeOffset? Due(ProcessModel model, IBusinessCalendar calendar, HumanTask task) =>
        EscalationTimer(model, task.ElementId)?.Timer.Spec is { } spec ? spec.FirstDue(task.CreatedAt, calendar) : task.DueAt;

    private static decimal Minutes(long seconds) => Math.Round(seconds / 60m, 1, MidpointRounding.AwayFromZero);

    private static decimal? Percent(int part, int whole) =>
        whole == 0 ? null : Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);

    private static Guid? ApplicationId(HumanTask task) => Guid.TryParse(task.BusinessKey, out var id) ? id : null;

}
