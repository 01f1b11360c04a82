using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Sicantik.Data;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Documents;
using Sicantik.Perizinan.Notifications;
using Sicantik.Web.Hosting;
using Sicantik.Workflows;
using Sicantik.Workflows.Outbox;

namespace Sicantik.Web.Email;

/// <summary>
/// Delivers the outbox's <c>email</c> messages: builds the MIME message from the stored payload (attachments read from the
/// file store now) and hands it to the transport (SMTP, or the pickup folder).
/// </summary>
/// <remarks>
/// Exactly once, as far as SMTP allows: the Message-ID is made from the outbox message's id, so every attempt of one
/// message carries the same Message-ID, and <see cref="OutboxService"/> records the delivery and never attempts a delivered
/// message again. What remains is the window between the server accepting the message and that record being saved (a crash,
/// a lost database connection, a lease that ran out during a slow send): the message is then sent again with the same
/// Message-ID. SMTP has no idempotency, so only a receiving server or catcher that drops a repeated Message-ID removes the
/// duplicate. The pickup folder does: a file for a Message-ID already written is not written again.
/// </remarks>
public sealed class EmailOutboxDeliverer(IEmailTransport transport, IFileStore files, IOptions<EmailOptions> options) : IOutboxDeliverer
{
    public string Topic => EmailTopic.Name;

    public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var mime = await BuildAsync(message, cancellationToken);
        await transport.SendAsync(mime, cancellationToken);
    }

    /// <summary>The MIME message of an outbox message: text and HTML alternatives, attachments, a stable Message-ID.</summary>
    public async Task<MimeMessage> BuildAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var payload = EmailPayload.FromJson(message.Payload)
            ?? throw new InvalidOperationException($"Outbox message {message.Id} is not an email payload.");
        var from = MailboxAddress.Parse(options.Value.From);
        var mime = new MimeMessage();
        mime.From.Add(from);
        mime.To.Add(new MailboxAddress(payload.ToName ?? payload.To, payload.To));
        mime.Subject = payload.Subject;
        mime.Date = message.CreatedAt;
        mime.MessageId = MessageIdOf(message.Id, from);
        var body = new BodyBuilder { TextBody = payload.Text, HtmlBody = payload.Html };
        foreach (var attachment in payload.Attachments)
        {
            await using var content = await files.OpenReadAsync(attachment.Sha256, cancellationToken)
                ?? throw new InvalidOperationException($"Attachment {attachment.FileName} ({attachment.Sha256}) of outbox message {message.Id} is not in the file store.");
            await body.Attachments.AddAsync(attachment.FileName, content, ContentType.Parse(attachment.ContentType), cancellationToken);
        }

        mime.Body = body.ToMessageBody();
        return mime;
    }

    /// <summary>The Message-ID of an outbox message (without angle brackets): its id at the sender's domain.</summary>
    public static string MessageIdOf(Guid outboxMessageId, MailboxAddress from)
    {
        ArgumentNullException.ThrowIfNull(from);
        var at = from.Address.LastIndexOf('@');
        var domain = at >= 0 && at < from.Address.Length - 1 ? from.Address[(at + 1)..] : "sicantik.local";
        return $"{outboxMessageId:N}.outbox@{domain}";
    }
}

/// <summary>The applicant's confirmed address from Identity, and links from <see cref="SicantikOptions.PublicBaseUrl"/>.</summary>
public sealed class IdentityApplicantMailbox(SicantikDbContext db, IOptions<SicantikOptions> options) : IApplicantMailbox
{
    public async Task<EmailRecipient?> FindAsync(string userId, CancellationToken cancellationToken = default)
    {
        // Not tracked: this runs inside a step, whose SaveChanges must not carry the account.
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.Email, u.EmailConfirmed, u.FullName })
            .FirstOrDefaultAsync(cancellationToken);
        return user is { EmailConfirmed: true, Email: { Length: > 0 } email } ? new EmailRecipient(email, user.FullName) : null;
    }

    public Uri PageUrl(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new Uri(new Uri(options.Value.PublicBaseUrl.TrimEnd('/') + "/"), path.TrimStart('/'));
    }
}

public static class ApplicantEmailServiceCollectionExtensions
{
    /// <summary>The applicant's status emails: written by the domain with each status change, delivered from the outbox.</summary>
    public static IServiceCollection AddApplicantEmails(this IServiceCollection services)
    {
        new PerizinanBuilder(services).AddApplicantEmails<IdentityApplicantMailbox>().AddEscalationEmails<IdentityStaffDirectory>();
        new WorkflowsBuilder(services).AddOutboxDeliverer<EmailOutboxDeliverer>();
        return services;
    }
}
