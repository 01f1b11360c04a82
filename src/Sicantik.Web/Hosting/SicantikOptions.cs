using System.ComponentModel.DataAnnotations;

namespace Sicantik.Web.Hosting;

/// <summary>The host's own settings (section <c>Sicantik</c>).</summary>
public sealed class SicantikOptions
{
    public const string SectionName = "Sicantik";

    /// <summary>
    /// The address people reach the site at, for links in emails (confirm your email, track your application). Defaults
    /// to the documented local address.
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

    /// <summary>The folder of the process definitions deployed at start-up; relative to the app's folder.</summary>
    [Required]
    public string WorkflowsFolder { get; set; } = "workflows";

    /// <summary>How often each node reloads the holiday list an administrator keeps (a change on the same node applies at once).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HolidayRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);
}
