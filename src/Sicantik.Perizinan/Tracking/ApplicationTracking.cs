using Sicantik.Perizinan.Applications;

namespace Sicantik.Perizinan.Tracking;

/// <summary>What an applicant sees of their application: where it stands, what happened, and what they must do now.</summary>
public sealed record ApplicationTracking
{
    public required Guid ApplicationId { get; init; }

    /// <summary>The registration number, once the receipt was issued.</summary>
    public string? Number { get; init; }

    public required string PermitTypeCode { get; init; }

    public required string PermitTypeName { get; init; }

    /// <summary>The status as the process says it is now (see <see cref="ApplicationStatusService.Derive"/>).</summary>
    public required ApplicationStatus Status { get; init; }

    /// <summary>The status in plain words.</summary>
    public required string StatusText { get; init; }

    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>One entry per SOP step taken, oldest first.</summary>
    public required IReadOnlyList<TimelineEntry> Timeline { get; init; }

    /// <summary>The steps open now (two at once after the signature: printing and the survey).</summary>
    public required IReadOnlyList<CurrentStep> CurrentSteps { get; init; }

    /// <summary>What the applicant must do now; empty when the office has the file.</summary>
    public required IReadOnlyList<ApplicantAction> Actions { get; init; }

    /// <summary>How the process ended, once it has.</summary>
    public ProcessEnding? Ending { get; init; }

    /// <summary>The emails sent to the applicant about this application, oldest first (empty for staff).</summary>
    public IReadOnlyList<Notifications.SentEmail> Emails { get; init; } = [];
}

/// <summary>What kind of thing a timeline entry is.</summary>
public enum TimelineEntryKind
{
    /// <summary>The application was submitted and the process started.</summary>
    Submitted,

    /// <summary>A step done by a person (a user task).</summary>
    Step,

    /// <summary>A step the system did (a service task: the receipt, the drafts, the signature).</summary>
    Automatic,

    /// <summary>The process ended.</summary>
    Ended,
}

/// <summary>Where a step stands.</summary>
public enum StepState
{
    Open,
    Done,
    Cancelled,
}

/// <summary>One step of the timeline.</summary>
public sealed record TimelineEntry
{
    public required TimelineEntryKind Kind { get; init; }

    /// <summary>The step's name in the SOP (the BPMN element's name).</summary>
    public required string Step { get; init; }

    public required string ElementId { get; init; }

    /// <summary>The role that does it (<c>fo-pendaftaran</c>, <c>pemohon</c>...), when a person does.</summary>
    public string? Role { get; init; }

    /// <summary>Who does it, in words: the SOP lane (<c>FO/Petugas Loker 2 (Loker Pendaftaran)</c>), or "Anda" for the applicant.</summary>
    public string? Actor { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The user who completed it.</summary>
    public string? FinishedBy { get; init; }

    public StepState State { get; init; } = StepState.Done;

    /// <summary>The outcome chosen (<c>lengkap</c>, <c>tidak-lengkap</c>, <c>setuju</c>...).</summary>
    public string? Outcome { get; init; }

    /// <summary>The outcome in words.</summary>
    public string? OutcomeText { get; init; }

    /// <summary>The step's baku mutu in minutes (the SOP's service standard), when it has one.</summary>
    public int? StandardMinutes { get; init; }

    /// <summary>When the baku mutu runs out.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Whether the step took (or is taking) longer than its baku mutu.</summary>
    public bool IsLate { get; init; }

    /// <summary>The entry as one sentence in plain words (Bahasa Indonesia by default).</summary>
    public required string Description { get; init; }

    /// <summary>
    /// What the step recorded at the counter, by instance variable (printing: <c>jumlahCetak</c>, <c>skDicetakPada</c>;
    /// handover: <c>penerimaSK</c>, <c>penerimaSebagai</c>, <c>jenisIdentitasPenerima</c>...). Who did it and the
    /// recipient's identity number are for staff only.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Recorded { get; init; }
}

/// <summary>A step open now.</summary>
public sealed record CurrentStep(string Step, string ElementId, string? Actor, DateTimeOffset Since, DateTimeOffset? DueAt, bool IsLate, bool IsApplicants, string Description);

/// <summary>What the applicant is asked to do.</summary>
public enum ApplicantActionKind
{
    /// <summary>Fill the form, upload the requirements and submit (a draft).</summary>
    SubmitDraft,

    /// <summary>Upload what the registration counter found missing, then send the file back (Task_LengkapiBerkas).</summary>
    CompleteDocuments,

    /// <summary>Correct the file as the back office noted, then send it back (Task_PerbaikiBerkas).</summary>
    CorrectDocuments,

    /// <summary>Fill the satisfaction survey before pickup (Task_IsiSKM).</summary>
    FillSurvey,

    /// <summary>Another step assigned to the applicant.</summary>
    Other,
}

/// <summary>One thing the applicant must do now, with the office's notes.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="TaskId">The task to complete, when it is one.</param>
/// <param name="Text">The instruction in plain words.</param>
/// <param name="Notes">The clerk's notes (variable <c>catatan</c>), when the file came back.</param>
public sealed record ApplicantAction(ApplicantActionKind Kind, Guid? TaskId, string Text, string? Notes);

/// <summary>How the process ended.</summary>
public enum EndingKind
{
    Issued,
    Rejected,
    Stopped,
}

/// <summary>The process's end, in words, with the rejection's reason when there is one.</summary>
public sealed record ProcessEnding(EndingKind Kind, DateTimeOffset At, string Text, string? Reason);
