namespace Sicantik.Perizinan.Reports.Sla;

/// <summary>
/// The service-standard (SLA) report of a period: each step of the SOP, each clerk, and the tasks overdue now.
/// Durations count in the step's calendar (office hours for the SOP), as the engine counts the baku mutu; medians and
/// 90th percentiles are nearest-rank (see <see cref="SlaService.NearestRank"/>).
/// </summary>
/// <param name="From">The first office day of the period (WIB).</param>
/// <param name="To">The last office day of the period (WIB), inclusive.</param>
/// <param name="PermitTypeCode">The permit type reported on; null for all.</param>
/// <param name="GeneratedAt">The instant the report was computed: "overdue now" is as of this instant.</param>
/// <param name="Steps">Every user task of the process, in SOP order, with the tasks completed in the period.</param>
/// <param name="Clerks">Every clerk who completed a staff step's task in the period.</param>
/// <param name="Overdue">Open tasks past their due date (or escalated) at <paramref name="GeneratedAt"/>, latest first.</param>
public sealed record SlaReport(
    DateOnly From,
    DateOnly To,
    string? PermitTypeCode,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<SlaStep> Steps,
    IReadOnlyList<SlaClerk> Clerks,
    IReadOnlyList<SlaOverdueTask> Overdue);

/// <summary>One step (a user task of the process) over the tasks completed in the period.</summary>
/// <param name="DefinitionKey">The process the step belongs to.</param>
/// <param name="ElementId">The user task's element id.</param>
/// <param name="Name">The step's name in the definition.</param>
/// <param name="IsStaffStep">Whether the step goes to an office role (else it is the applicant's).</param>
/// <param name="Calendar">The calendar its durations count in (<c>office-hours</c> or <c>wall-clock</c>).</param>
/// <param name="StandardMinutes">The baku mutu in minutes of that calendar, when the definition states one.</param>
/// <param name="Tasks">Tasks of the step completed in the period.</param>
/// <param name="MedianMinutes">Nearest-rank median of their time from creation to completion, in calendar minutes.</param>
/// <param name="P90Minutes">Nearest-rank 90th percentile of the same times.</param>
/// <param name="Measured">Of <paramref name="Tasks"/>, those with a baku mutu (a due date) to measure against.</param>
/// <param name="WithinStandard">Of <paramref name="Measured"/>, those completed at or before their due instant.</param>
/// <param name="WithinStandardPercent"><paramref name="WithinStandard"/> / <paramref name="Measured"/> × 100, one decimal.</param>
/// <param name="Escalated">Of <paramref name="Tasks"/>, those a baku mutu timer escalated (once or more).</param>
public sealed record SlaStep(
    string DefinitionKey,
    string ElementId,
    string Name,
    bool IsStaffStep,
    string Calendar,
    int? StandardMinutes,
    int Tasks,
    decimal? MedianMinutes,
    decimal? P90Minutes,
    int Measured,
    int WithinStandard,
    decimal? WithinStandardPercent,
    int Escalated);

/// <summary>One clerk: the staff-step tasks they completed in the period.</summary>
/// <param name="UserId">The account id (the task's <c>CompletedBy</c>).</param>
/// <param name="Name">The clerk's full name; the id when the account is unknown.</param>
/// <param name="Tasks">Tasks completed.</param>
/// <param name="Measured">Of those, the ones with a baku mutu.</param>
/// <param name="WithinStandard">Of <paramref name="Measured"/>, the ones completed within it.</param>
/// <param name="WithinStandardPercent"><paramref name="WithinStandard"/> / <paramref name="Measured"/> × 100, one decimal.</param>
public sealed record SlaClerk(string UserId, string Name, int Tasks, int Measured, int WithinStandard, decimal? WithinStandardPercent);

/// <summary>An open task past its due date.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="ApplicationId">The application (the task's business key), when it belongs to one.</param>
/// <param name="ApplicationNumber">The application's registration number, once it has one.</param>
/// <param name="PermitTypeCode">The application's permit type.</param>
/// <param name="ElementId">The step's element id.</param>
/// <param name="Step">The step's name.</param>
/// <param name="HolderId">Who holds (claimed) it; null while nobody has taken it.</param>
/// <param name="Holder">The holder's full name (the id when unknown); null while nobody has taken it.</param>
/// <param name="Candidates">Who may take it: the step's lane, else its roles.</param>
/// <param name="CreatedAt">When the task was created.</param>
/// <param name="DueAt">When its baku mutu ran out.</param>
/// <param name="LateMinutes">Calendar minutes (office hours for the SOP) from <paramref name="DueAt"/> to the report's instant.</param>
/// <param name="Escalated">Whether a baku mutu timer has escalated it.</param>
public sealed record SlaOverdueTask(
    Guid TaskId,
    Guid? ApplicationId,
    string? ApplicationNumber,
    string? PermitTypeCode,
    string ElementId,
    string Step,
    string? HolderId,
    string? Holder,
    string Candidates,
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    decimal LateMinutes,
    bool Escalated);
