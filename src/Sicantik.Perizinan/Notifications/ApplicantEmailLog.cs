using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Sicantik.Perizinan.Resources;
using Sicantik.Workflows.Outbox;

namespace Sicantik.Perizinan.Notifications;

/// <summary>Where an email to the applicant stands, read from its outbox message.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SentEmailState>))]
public enum SentEmailState
{
    /// <summary>Waiting to be sent, or to be tried again (menunggu).</summary>
    Waiting,

    /// <summary>Handed to the mail server (terkirim).</summary>
    Sent,

    /// <summary>Every attempt failed; an administrator can send it again (gagal).</summary>
    Failed,
}

/// <summary>An email the office sent (or is sending) to the applicant about their application.</summary>
/// <param name="Id">The outbox message's id, also the email's Message-ID.</param>
/// <param name="Subject">The subject line.</param>
/// <param name="CreatedAt">When the status change wrote it.</param>
/// <param name="SentAt">When it was handed to the mail server.</param>
/// <param name="State">Where it stands.</param>
/// <param name="StateText">The state in words (terkirim, menunggu, gagal in Bahasa Indonesia).</param>
public sealed record SentEmail(Guid Id, string Subject, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, SentEmailState State, string StateText);

/// <summary>
/// The emails sent to an applicant about one application, read from the outbox rows of its process instance (topic
/// <see cref="EmailTopic.Name"/>, addressed to the applicant's account): no table of its own.
/// </summary>
public sealed class ApplicantEmailLog(PerizinanDb db)
{
    /// <summary>The instance's emails to <paramref name="applicantId"/>, oldest first.</summary>
    public async Task<IReadOnlyList<SentEmail>> ListAsync(Guid instanceId, string applicantId, CancellationToken cancellationToken = default)
    {
        var messages = await db.Context.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.InstanceId == instanceId && m.Topic == EmailTopic.Name)
            .ToListAsync(cancellationToken);
        return messages
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => (Message: m, Payload: EmailPayload.FromJson(m.Payload)))
            .Where(x => x.Payload is not null && x.Payload.RecipientUserId == applicantId)
            .Select(x => new SentEmail(x.Message.Id, x.Payload!.Subject, x.Message.CreatedAt, x.Message.DeliveredAt, StateOf(x.Message.State), TextOf(StateOf(x.Message.State))))
            .ToList();
    }

    public static SentEmailState StateOf(OutboxState state) => state switch
    {
        OutboxState.Delivered => SentEmailState.Sent,
        OutboxState.Failed => SentEmailState.Failed,
        _ => SentEmailState.Waiting,
    };

    public static string TextOf(SentEmailState state) => state switch
    {
        SentEmailState.Sent => PerizinanText.Track("EmailStateSent"),
        SentEmailState.Failed => PerizinanText.Track("EmailStateFailed"),
        _ => PerizinanText.Track("EmailStateWaiting"),
    };
}
