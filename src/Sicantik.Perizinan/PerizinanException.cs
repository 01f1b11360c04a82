namespace Sicantik.Perizinan;

/// <summary>Why the domain refused a request: a stable code that the host maps to a status and an RFC 7807 type.</summary>
public enum PerizinanError
{
    /// <summary>No such application, document or permit type for this caller (the host answers 404, never 403).</summary>
    NotFound,

    /// <summary>The permit type's definition breaks a rule (see <see cref="PerizinanException.Errors"/>).</summary>
    PermitTypeInvalid,

    /// <summary>Another permit type already uses the code.</summary>
    PermitTypeCodeTaken,

    /// <summary>The permit type is closed for new applications.</summary>
    PermitTypeInactive,

    /// <summary>Form values or applicant identity are invalid (one entry per field in <see cref="PerizinanException.Errors"/>).</summary>
    FormInvalid,

    /// <summary>Submission refused: every missing mandatory requirement and invalid field is listed.</summary>
    SubmissionIncomplete,

    /// <summary>The application is not in a state that allows this (for example editing after submission).</summary>
    InvalidState,

    /// <summary>The requirement key is not one of the permit type's requirements.</summary>
    UnknownRequirement,

    /// <summary>The file is larger than the requirement allows.</summary>
    DocumentTooLarge,

    /// <summary>The file's content or name is not a type the requirement accepts (or is an executable).</summary>
    DocumentTypeRefused,

    /// <summary>The file is empty.</summary>
    DocumentEmpty,

    /// <summary>The file's name holds a control character or a bidirectional control (see <c>Validation.TextRules</c>).</summary>
    DocumentNameInvalid,

    /// <summary>The permit type's process cannot start (unknown key or nothing published).</summary>
    ProcessUnavailable,

    /// <summary>Someone else changed the application meanwhile; reload and try again.</summary>
    ConcurrencyConflict,

    /// <summary>The outcome sends the file back or rejects it, and needs notes for the applicant (or a reason).</summary>
    NotesRequired,

    /// <summary>Printing the SK (step 10) needs the number of copies printed, 1 to 10.</summary>
    PrintCopiesInvalid,

    /// <summary>Handing the SK over (step 12) needs the recipient's name.</summary>
    HandoverRecipientRequired,

    /// <summary>The recipient must be the applicant (<c>pemohon</c>) or their proxy (<c>kuasa</c>).</summary>
    HandoverRecipientKindInvalid,

    /// <summary>The recipient's identity document (its type and number) is missing.</summary>
    HandoverIdentityRequired,

    /// <summary>The identity document's type is unknown or its number is not one that type has.</summary>
    HandoverIdentityInvalid,

    /// <summary>A proxy receives the SK only with a power of attorney (surat kuasa).</summary>
    HandoverPowerOfAttorneyRequired,

    /// <summary>The application's satisfaction survey was already filled; a second one is refused.</summary>
    SurveyAlreadyFilled,

    /// <summary>The IKM report needs both dates of its period.</summary>
    IkmPeriodRequired,

    /// <summary>A date of the IKM report's period is not a date written yyyy-MM-dd.</summary>
    IkmDateInvalid,

    /// <summary>The IKM report's period ends before it starts.</summary>
    IkmPeriodInvalid,

    /// <summary>The IKM report's period is longer than the report allows.</summary>
    IkmPeriodTooLong,

    /// <summary>The IKM report was asked for a permit type that does not exist.</summary>
    IkmPermitTypeUnknown,

    /// <summary>A holiday's date or description breaks a rule (see <see cref="PerizinanException.Errors"/>).</summary>
    HolidayInvalid,

    /// <summary>The date is on the holiday list already.</summary>
    HolidayDuplicate,

    /// <summary>The SLA report needs both dates of its period.</summary>
    SlaPeriodRequired,

    /// <summary>A date of the SLA report's period is not a date written yyyy-MM-dd.</summary>
    SlaDateInvalid,

    /// <summary>The SLA report's period ends before it starts.</summary>
    SlaPeriodInvalid,

    /// <summary>The SLA report's period is longer than the report allows.</summary>
    SlaPeriodTooLong,

    /// <summary>The SLA report was asked for a permit type that does not exist.</summary>
    SlaPermitTypeUnknown,

    /// <summary>An edited email template does not parse or does not render (each part's issue in <see cref="PerizinanException.Errors"/>).</summary>
    EmailTemplateInvalid,

    /// <summary>An uploaded PDF's structure cannot be read within the reader's limits (damaged or hostile).</summary>
    PdfUnreadable,

    /// <summary>Every PDF check worker is busy; try again shortly.</summary>
    PdfCheckBusy,
}

/// <summary>One broken rule: which field, requirement or setting (<paramref name="Key"/>) and what to do about it.</summary>
/// <param name="Key">A form field key, a requirement key, or a permit type property.</param>
/// <param name="Message">For a person, in the current UI culture (Bahasa Indonesia by default).</param>
public sealed record PerizinanIssue(string Key, string Message);

/// <summary>A request the permit domain refuses; <see cref="Exception.Message"/> is for a person (Bahasa Indonesia by default).</summary>
public sealed class PerizinanException : Exception
{
    public PerizinanException(PerizinanError code, string message, IReadOnlyList<PerizinanIssue>? errors = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Errors = errors ?? [];
    }

    public PerizinanException()
        : this(PerizinanError.InvalidState, string.Empty)
    {
    }

    public PerizinanException(string message)
        : this(PerizinanError.InvalidState, message)
    {
    }

    public PerizinanException(string message, Exception innerException)
        : this(PerizinanError.InvalidState, message, null, innerException)
    {
    }

    /// <summary>The stable error code.</summary>
    public PerizinanError Code { get; }

    /// <summary>Every broken rule, when the refusal has several (missing requirements, invalid fields); else empty.</summary>
    public IReadOnlyList<PerizinanIssue> Errors { get; }
}
