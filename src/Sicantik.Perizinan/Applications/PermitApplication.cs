namespace Sicantik.Perizinan.Applications;

/// <summary>
/// Where an application stands, as the applicant and the office read it. The stored value is written in the same
/// <c>SaveChanges</c> as the engine's step where a step says so (submit, receipt, rejection); the other transitions are
/// read from the process instance (see <see cref="ApplicationStatusService"/>).
/// </summary>
public enum ApplicationStatus
{
    /// <summary>Being filled in by the applicant; no process yet. Form and documents can change.</summary>
    Draft,

    /// <summary>Submitted: the process started and the registration counter verifies completeness (SOP step 5).</summary>
    Submitted,

    /// <summary>Received (registration number issued) and being processed by the back office and officials.</summary>
    InReview,

    /// <summary>Returned to the applicant to complete or correct the file (Task_LengkapiBerkas / Task_PerbaikiBerkas).</summary>
    NeedsCompletion,

    /// <summary>Approved by the Kepala Bidang; the SK is being signed, printed and handed over (and the SKM filled).</summary>
    Approved,

    /// <summary>The permit was handed over: the instance ended at End_Terbit.</summary>
    Issued,

    /// <summary>Rejected by the Kepala Bidang, with a rejection Nota Dinas: the instance ended at End_Ditolak.</summary>
    Rejected,

    /// <summary>Withdrawn by the applicant while a draft, or stopped by an operator (instance terminated).</summary>
    Withdrawn,
}

/// <summary>An application for a permit: the applicant's form, uploaded requirements, and its process instance.</summary>
public sealed class PermitApplication
{
    /// <summary>Also the process instance's business key, as <c>Id.ToString("D")</c>.</summary>
    public Guid Id { get; set; }

    /// <summary>The registration number (nomor pendaftaran), issued with the receipt; <c>null</c> until then.</summary>
    public string? Number { get; set; }

    public string PermitTypeCode { get; set; } = string.Empty;

    /// <summary>The applicant's user id (Identity).</summary>
    public string ApplicantId { get; set; } = string.Empty;

    public string ApplicantName { get; set; } = string.Empty;

    /// <summary>Nomor Induk Kependudukan (16 digits), for a person.</summary>
    public string? ApplicantNik { get; set; }

    /// <summary>Nomor Induk Berusaha (13 digits), for a business.</summary>
    public string? ApplicantNib { get; set; }

    /// <summary>The form's values by field key, normalised (numbers with a dot, dates as yyyy-MM-dd).</summary>
    public Dictionary<string, string> FormValues { get; set; } = new(StringComparer.Ordinal);

    public ApplicationStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }

    /// <summary>When the receipt (tanda terima) and its number were issued.</summary>
    public DateTimeOffset? ReceivedAt { get; set; }

    /// <summary>When it was issued, rejected or withdrawn.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The rejection's reason, as the Kepala Bidang wrote it.</summary>
    public string? DecisionNote { get; set; }

    /// <summary>The process instance, once submitted.</summary>
    public Guid? ProcessInstanceId { get; set; }

    /// <summary>Optimistic concurrency token.</summary>
    public int Revision { get; set; }

    /// <summary>The process instance's business key.</summary>
    public string BusinessKey => Id.ToString("D");
}
