using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Sicantik.Web.Hosting;

/// <summary>The host's own settings (section <c>Sicantik</c>).</summary>
public sealed class SicantikOptions
{
    public const string SectionName = "Sicantik";

    /// <summary>
    /// The address people reach the site at, for links in emails (confirm your email, track your application) and the
    /// SK's QR code and signed footer. Defaults to the documented local address, which Production refuses
    /// (<see cref="PublicBaseUrlValidator"/>).
    /// </summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Run the Hangfire server in this process (timers, outbox deliveries). Off for a web-only node.</summary>
    public bool RunBackgroundJobs { get; set; } = true;

    /// <summary>
    /// Create one demo account per staff role and one admin at start-up, with the passwords printed once. Honoured only on
    /// the embedded default (SQLite); a PostgreSQL or SQL Server installation never gets demo accounts.
    /// </summary>
    public bool SeedDemoAccounts { get; set; } = true;

    /// <summary>How many PDFs one address may check on the public verification page per minute.</summary>
    [Range(1, 10000)]
    public int VerificationUploadsPerMinute { get; set; } = 10;

    /// <summary>How long an emailed password-reset link holds (it holds once only).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan PasswordResetLinkLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How many account emails (confirmation, password reset) one address gets per hour, counted in the outbox, so the
    /// limit holds across nodes; further requests are answered as usual and send nothing.
    /// </summary>
    [Range(1, 100)]
    public int AccountEmailsPerAddressPerHour { get; set; } = 3;

    /// <summary>How many requests for an account email (confirmation, password reset) one client address may make per 15 minutes.</summary>
    [Range(1, 10000)]
    public int AccountEmailRequestsPerClient { get; set; } = 20;

    /// <summary>The folder of the process definitions deployed at start-up; relative to the app's folder.</summary>
    [Required]
    public string WorkflowsFolder { get; set; } = "workflows";

    /// <summary>How often each node reloads the holiday list an administrator keeps (a change on the same node applies at once).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HolidayRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Outside Development, refuses a public address that is missing or points at this machine (localhost, a loopback or
/// unspecified address) while the host listens beyond this machine: every email link, the SK's QR code and its signed
/// footer would carry it, and a signed SK cannot be corrected afterwards. A host that listens only on loopback (the
/// embedded default, <c>http://localhost:5080</c>) can only be reached from this machine, so a local address is the
/// true one there. Checked at start-up, so the host does not start with a wrong one.
/// </summary>
internal sealed class PublicBaseUrlValidator(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<SicantikOptions>
{
    public ValidateOptionsResult Validate(string? name, SicantikOptions options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        var value = options.PublicBaseUrl;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return Fail(string.IsNullOrWhiteSpace(value) ? "is missing" : $"'{value}' is not an http(s) address");
        }

        if (IsUnspecified(uri.Host))
        {
            return Fail($"'{value}' is no address anyone can reach");
        }

        return IsThisMachine(uri.Host) && !ListensOnlyOnThisMachine()
            ? Fail($"'{value}' points at this machine while the host listens beyond it")
            : ValidateOptionsResult.Success;

        ValidateOptionsResult Fail(string problem) => ValidateOptionsResult.Fail(
            $"{SicantikOptions.SectionName}:{nameof(SicantikOptions.PublicBaseUrl)} {problem}. Set it (environment variable " +
            $"{SicantikOptions.SectionName}__{nameof(SicantikOptions.PublicBaseUrl)}) to the address people reach the site at, " +
            $"e.g. https://perizinan.example.go.id: email links and the SK's QR code and signed footer carry it (environment {environment.EnvironmentName}).");
    }

    /// <summary>
    /// Whether every address the host listens on is a loopback one: <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>,
    /// <c>Urls</c> in the settings) and Kestrel's endpoints; <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c> listen on
    /// every interface. With nothing configured Kestrel listens on localhost.
    /// </summary>
    private bool ListensOnlyOnThisMachine()
    {
        if (!string.IsNullOrWhiteSpace(configuration["http_ports"]) || !string.IsNullOrWhiteSpace(configuration["https_ports"]))
        {
            return false;
        }

        var urls = (configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>())
            .ToList();
        return urls.TrueForAll(url =>
        {
            // "http://*:80" and "http://+:80" are not URIs to .NET; they listen on every interface.
            var host = url.Split("://", 2) is [_, var rest] ? rest.Split('/', 2)[0] : url;
            host = host.StartsWith('[') ? host[..(host.IndexOf(']', StringComparison.Ordinal) + 1)] : host.Split(':')[0];
            return IsThisMachine(host) && !IsUnspecified(host);
        });
    }

    private static bool IsUnspecified(string host) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any));

    private static bool IsThisMachine(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address)
            && (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)));
}
