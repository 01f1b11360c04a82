using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sicantik.Perizinan.Notifications;

/// <summary>The outbox topic of emails; the host registers its deliverer.</summary>
public static class EmailTopic
{
    public const string Name = "email";
}

/// <summary>Which status change an applicant's email tells about.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApplicantEmailKind>))]
public enum ApplicantEmailKind
{
    /// <summary>The application was submitted and the process started (what happens next).</summary>
    Submitted,

    /// <summary>The registration counter returned the file to be completed (Task_LengkapiBerkas), with the clerk's notes.</summary>
    ReturnedForCompletion,

    /// <summary>The back office returned the file to be corrected (Task_PerbaikiBerkas), with the notes.</summary>
    ReturnedForCorrection,

    /// <summary>The receipt was issued: the registration number (and the receipt when the documents slice stores one).</summary>
    Registered,

    /// <summary>The Kepala Bidang rejected the application, with the reason.</summary>
    Rejected,

    /// <summary>The SK was signed: ready for pickup, fill the survey first.</summary>
    SkSigned,

    /// <summary>The SK was handed over: the permit is issued.</summary>
    HandedOver,
}

/// <summary>
/// An email as the outbox keeps it (the payload of a message with topic <see cref="EmailTopic.Name"/>): rendered when the
/// status changed, so what the applicant sees listed is what was sent, and delivered by the host. Attachments are
/// references to the file store, read when the message is sent.
/// </summary>
public sealed record EmailPayload
{
    public required string To { get; init; }

    public string? ToName { get; init; }

    public required string Subject { get; init; }

    /// <summary>The plain-text part.</summary>
    public required string Text { get; init; }

    /// <summary>The HTML part.</summary>
    public required string Html { get; init; }

    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];

    /// <summary>The account the message is for (the applicant's user id), so the applicant can be shown what was sent to them.</summary>
    public string? RecipientUserId { get; init; }

    public Guid? ApplicationId { get; init; }

    public ApplicantEmailKind? Kind { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a payload; <c>null</c> when the JSON is not an email.</summary>
    public static EmailPayload? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<EmailPayload>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A file to attach, by its address in the <see cref="Documents.IFileStore"/>.</summary>
/// <param name="Sha256">The content's SHA-256 (lower-case hex).</param>
/// <param name="FileName">The name the attachment carries.</param>
/// <param name="ContentType">Its media type.</param>
public sealed record EmailAttachment(string Sha256, string FileName, string ContentType);
