using System.ComponentModel.DataAnnotations;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MimeKit;
using Microsoft.EntityFrameworkCore;
using Sicantik.Data;
using Sicantik.Data.Identity;
using Sicantik.Perizinan.Notifications;
using Sicantik.Workflows.Outbox;

namespace Sicantik.Web.Email;

/// <summary>Email settings (section <c>Email</c>): SMTP when <see cref="SmtpHost"/> is set, else a pickup folder.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    /// <summary>The sender, for example <c>DPMPTSP Kabupaten &lt;noreply@dpmptsp.example.go.id&gt;</c>.</summary>
    [Required]
    public string From { get; set; } = "Sicantik DPMPTSP <noreply@sicantik.local>";

    /// <summary>An SMTP server's host name; empty writes each message as an <c>.eml</c> file to <see cref="PickupFolder"/>.</summary>
    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 25;

    /// <summary>Use STARTTLS (or TLS on port 465) when the server offers it.</summary>
    public bool SmtpUseTls { get; set; }

    public string? SmtpUserName { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>Where messages go without an SMTP server; relative to the current directory.</summary>
    [Required]
    public string PickupFolder { get; set; } = Path.Combine("data", "surel");
}

/// <summary>Sends one message.</summary>
public interface IEmailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default);
}

/// <summary>Writes each message as an <c>.eml</c> file: a fresh machine loses nothing and needs no server.</summary>
public sealed partial class PickupFolderEmailTransport(IOptions<EmailOptions> options, TimeProvider time) : IEmailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var folder = Path.GetFullPath(options.Value.PickupFolder);
        Directory.CreateDirectory(folder);

        // Named by the Message-ID, so that a message sent again (an outbox retry after a delivery whose record was lost)
        // finds its file and is not written twice; the time first keeps the folder in the order messages were sent.
        var id = string.IsNullOrEmpty(message.MessageId) ? Guid.NewGuid().ToString("N") : FileNamePart().Replace(message.MessageId, "_");
        if (Directory.EnumerateFiles(folder, $"*-{id}.eml").Any())
        {
            return;
        }

        var name = $"{time.GetUtcNow():yyyyMMddTHHmmssfff}-{id}.eml";
        var temporary = Path.Combine(folder, name + ".tmp");
        await message.WriteToAsync(temporary, cancellationToken);
        File.Move(temporary, Path.Combine(folder, name));
    }

    [System.Text.RegularExpressions.GeneratedRegex("[^A-Za-z0-9.@_-]")]
    private static partial System.Text.RegularExpressions.Regex FileNamePart();
}

/// <summary>Sends over SMTP with MailKit.</summary>
public sealed class SmtpEmailTransport(IOptions<EmailOptions> options) : IEmailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        using var client = new SmtpClient();
        var security = settings.SmtpUseTls
            ? settings.SmtpPort == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls
            : SecureSocketOptions.None;
        await client.ConnectAsync(settings.SmtpHost ?? throw new InvalidOperationException("Email:SmtpHost is not set."), settings.SmtpPort, security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.SmtpUserName))
        {
            await client.AuthenticateAsync(settings.SmtpUserName, settings.SmtpPassword ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}

/// <summary>
/// Identity's messages (confirm your email, reset your password) in Bahasa Indonesia, written to the outbox (topic
/// <see cref="EmailTopic.Name"/>) and delivered by the same deliverer and jobs as the applicant's status emails: a mail
/// server that is down when someone registers loses nothing, the message is retried with back-off and, once failed, an
/// administrator sees it and sends it again. One attempt is made at once, since the person is waiting for the link; the
/// outbox's claim keeps that attempt and a job from both sending it, and the Message-ID comes from the outbox id.
/// </summary>
public sealed class IdentityEmailSender(SicantikDbContext db, OutboxService outbox, IOutboxDispatcher dispatcher, TimeProvider time) : IEmailSender<SicantikUser>
{
    public Task SendConfirmationLinkAsync(SicantikUser user, string email, string confirmationLink) =>
        SendAsync(user, email, WebText.Get("EmailConfirmSubject"), WebText.Get("EmailConfirmBody", user.FullName, confirmationLink));

    public Task SendPasswordResetLinkAsync(SicantikUser user, string email, string resetLink) =>
        SendAsync(user, email, WebText.Get("EmailResetSubject"), WebText.Get("EmailResetBody", user.FullName, resetLink));

    public Task SendPasswordResetCodeAsync(SicantikUser user, string email, string resetCode) =>
        SendAsync(user, email, WebText.Get("EmailResetSubject"), WebText.Get("EmailResetCodeBody", user.FullName, resetCode));

    private async Task SendAsync(SicantikUser user, string address, string subject, string text)
    {
        ArgumentNullException.ThrowIfNull(user);
        var payload = new EmailPayload
        {
            To = address,
            ToName = user.FullName,
            Subject = subject,
            Text = text,
            Html = "<p>" + System.Net.WebUtility.HtmlEncode(text).ReplaceLineEndings("<br>\n") + "</p>",
            RecipientUserId = user.Id,
        };
        var now = time.GetUtcNow();
        var message = new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            Topic = EmailTopic.Name,
            Payload = payload.ToJson(),
            State = OutboxState.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.Set<OutboxMessage>().Add(message);
        await db.SaveChangesAsync();
        db.Entry(message).State = EntityState.Detached;
        await dispatcher.MessagesWrittenAsync([message.Id], CancellationToken.None);
        // A server that does not answer must not hold the page: the claim left by a cancelled attempt runs out and the
        // sweep takes the message again.
        using var limit = new CancellationTokenSource(InlineAttemptLimit);
        try
        {
            await outbox.DeliverAsync(message.Id, limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
        }
    }

    private static readonly TimeSpan InlineAttemptLimit = TimeSpan.FromSeconds(15);
}

public static class EmailServiceCollectionExtensions
{
    public static IServiceCollection AddSicantikEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var settings = configuration.GetSection(EmailOptions.SectionName).Get<EmailOptions>() ?? new EmailOptions();
        if (string.IsNullOrWhiteSpace(settings.SmtpHost))
        {
            services.AddSingleton<IEmailTransport, PickupFolderEmailTransport>();
        }
        else
        {
            services.AddSingleton<IEmailTransport, SmtpEmailTransport>();
        }

        services.AddApplicantEmails();
        services.AddScoped<IEmailSender<SicantikUser>, IdentityEmailSender>();
        return services;
    }
}
