using System.Text.Json;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Documents;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Tasks;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Web.Api;

public sealed record RegisterRequest(string FullName, string Email, string Password, string? Nik, string? Nib, string? PhoneNumber);

public sealed record RegisterResponse(string UserId, string Message);

public sealed record ConfirmEmailRequest(string UserId, string Code);

public sealed record EmailRequest(string Email);

public sealed record LoginRequest(string Email, string Password);

public sealed record RefreshRequest(string RefreshToken);

public sealed record MeResponse(string Id, string Email, string FullName, string? Nik, string? Nib, string? PhoneNumber, IReadOnlyList<string> Roles);

public sealed record NewApplicationRequest(string PermitTypeCode, Dictionary<string, string?>? FormValues);

public sealed record FormValuesRequest(Dictionary<string, string?> FormValues);

public sealed record SurveyRequest(Dictionary<string, int> Answers, string? Suggestion);

/// <summary>
/// A completion. Printing the SK (Task_CetakSK) needs <paramref name="Copies"/>; handing it over (Task_SerahkanSK) needs
/// <paramref name="Handover"/>: the recipient's name, <c>pemohon</c> or <c>kuasa</c>, the identity document
/// (<c>KTP</c>, <c>SIM</c>, <c>PASPOR</c>, <c>KITAS</c>) and its number, and for a proxy the power of attorney.
/// </summary>
/// <paramref name="Variables"/> sets process variables (JSON values): a step with a generated form checks its fields
/// against the form; other names are set as given, as Camunda 7 does.
public sealed record CompleteTaskRequest(string? Outcome, string? Notes, int? Copies = null, HandoverDetails? Handover = null, Dictionary<string, JsonElement>? Variables = null);

public sealed record NewStaffRequest(string FullName, string Email, IReadOnlyList<string> Roles, string? PhoneNumber);

public sealed record NewStaffResponse(string UserId, string Email, string TemporaryPassword, IReadOnlyList<string> Roles);

public sealed record RolesRequest(IReadOnlyList<string> Roles);

public sealed record UserSummary(string Id, string Email, string FullName, bool IsStaff, bool IsDisabled, bool EmailConfirmed, IReadOnlyList<string> Roles);

public sealed record DocumentDto(Guid Id, string RequirementKey, string FileName, string ContentType, long SizeBytes, string Sha256, DateTimeOffset UploadedAt)
{
    public static DocumentDto From(ApplicationDocument d) => new(d.Id, d.RequirementKey, d.FileName, d.ContentType, d.SizeBytes, d.Sha256, d.UploadedAt);
}

public sealed record ChecklistItemDto(string Key, string Name, string? Description, bool Mandatory, IReadOnlyList<string> AcceptedTypes, long MaxSizeBytes, DocumentDto? Document)
{
    public static ChecklistItemDto From(ChecklistItem item) => new(
        item.Requirement.Key, item.Requirement.Name, item.Requirement.Description, item.Requirement.Mandatory,
        item.Requirement.AcceptedTypes, item.Requirement.MaxSizeBytes, item.Document is null ? null : DocumentDto.From(item.Document));
}

public sealed record ApplicationDto(
    Guid Id,
    string? Number,
    string PermitTypeCode,
    string ApplicantName,
    string? ApplicantNik,
    string? ApplicantNib,
    IReadOnlyDictionary<string, string> FormValues,
    ApplicationStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? ReceivedAt,
    DateTimeOffset? ClosedAt,
    string? DecisionNote,
    int Revision,
    IReadOnlyList<ChecklistItemDto>? Checklist)
{
    public static ApplicationDto From(PermitApplication a, IReadOnlyList<ChecklistItem>? checklist = null) => new(
        a.Id, a.Number, a.PermitTypeCode, a.ApplicantName, a.ApplicantNik, a.ApplicantNib, a.FormValues, a.Status, a.CreatedAt,
        a.SubmittedAt, a.ReceivedAt, a.ClosedAt, a.DecisionNote, a.Revision, checklist?.Select(ChecklistItemDto.From).ToList());
}

public sealed record PermitTypeDto(
    string Code,
    string Name,
    string? Description,
    string LegalBasis,
    string ProcessKey,
    int? ValidityMonths,
    bool IsActive,
    IReadOnlyList<FormField> FormFields,
    IReadOnlyList<Requirement> Requirements,
    int Revision)
{
    public static PermitTypeDto From(PermitType t) => new(t.Code, t.Name, t.Description, t.LegalBasis, t.ProcessKey, t.ValidityMonths, t.IsActive, t.FormFields, t.Requirements, t.Revision);
}

public sealed record TaskDto(
    Guid Id,
    string ElementId,
    string Name,
    string? BusinessKey,
    IReadOnlyList<string> CandidateGroups,
    string? Assignee,
    HumanTaskState State,
    IReadOnlyList<string> AllowedOutcomes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DueAt,
    int? StandardMinutes,
    bool IsOverdue,
    string? Outcome,
    ApplicationSummaryDto? Application,
    IReadOnlyList<string> EscalatedTo,
    DateTimeOffset? EscalatedAt)
{
    public static TaskDto From(HumanTask t, PermitApplication? application, int? standardMinutes, bool isOverdue) => new(
        t.Id, t.ElementId, t.Name, t.BusinessKey, t.CandidateGroups, t.Assignee, t.State, t.AllowedOutcomes, t.CreatedAt, t.DueAt,
        standardMinutes, isOverdue, t.Outcome, application is null ? null : ApplicationSummaryDto.From(application), t.EscalatedTo.Distinct(StringComparer.Ordinal).ToList(), t.EscalatedAt);

    public static TaskDto From(InboxItem item) => From(item.Task, item.Application, item.StandardMinutes, item.IsOverdue);
}

public sealed record ApplicationSummaryDto(Guid Id, string? Number, string PermitTypeCode, string ApplicantName, ApplicationStatus Status, DateTimeOffset? SubmittedAt)
{
    public static ApplicationSummaryDto From(PermitApplication a) => new(a.Id, a.Number, a.PermitTypeCode, a.ApplicantName, a.Status, a.SubmittedAt);
}

public sealed record TaskDetailDto(TaskDto Task, ApplicationDto? Application, bool CanClaim, bool CanUnclaim, bool CanComplete, IReadOnlyList<TaskComment> Comments, TaskFormDto? Form = null)
{
    public static TaskDetailDto From(StaffTask t) => new(
        TaskDto.From(t.Task, t.Application, t.StandardMinutes, t.IsOverdue),
        t.Application is null ? null : ApplicationDto.From(t.Application, t.Checklist),
        t.CanClaim, t.CanUnclaim, t.CanComplete, t.Task.Comments, t.Form is null ? null : TaskFormDto.From(t.Form));
}

public sealed record ResetPasswordRequest(string UserId, string Code, string NewPassword);

public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);

public sealed record ProfileRequest(string? PhoneNumber);

public sealed record TemporaryPasswordResponse(string UserId, string TemporaryPassword);
