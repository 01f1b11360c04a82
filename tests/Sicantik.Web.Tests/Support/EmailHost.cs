using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Sicantik.Web.Tests.Support;

/// <summary>
/// A host for the email tests: the usual test host (pickup folder), maildev, and the same host (database, fake clock)
/// sending over SMTP to maildev, with two delivery attempts before a message is kept as failed. Both hosts live as long
/// as the fixture: Hangfire's log provider is process-wide and follows the host started last, so disposing the SMTP host
/// first would leave the other host logging through a disposed logger factory.
/// </summary>
public sealed class EmailHost : IAsyncLifetime
{
    public SicantikWebFactory Host { get; } = new();

    public Maildev Maildev { get; } = new();

    /// <summary>The host whose outbox delivers over SMTP; steps can run on either, both write the same outbox.</summary>
    public WebApplicationFactory<Program> Smtp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Host.InitializeAsync();
        await Maildev.InitializeAsync();
        Smtp = Host.WithWebHostBuilder(b =>
        {
            b.UseSetting("Email:SmtpHost", "127.0.0.1");
            b.UseSetting("Email:SmtpPort", Maildev.SmtpPort.ToString(CultureInfo.InvariantCulture));
            b.UseSetting("Workflows:OutboxAttempts", "2");
        });
        _ = Smtp.Services;
    }

    public async Task DisposeAsync()
    {
        await Maildev.DisposeAsync();
        Maildev.Dispose();
        await ((IAsyncLifetime)Host).DisposeAsync();
    }
}
