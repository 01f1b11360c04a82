using System.Globalization;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Applications;

namespace Sicantik.Web.Pages;

/// <summary>Times as the office reads them: in its time zone (WIB by default), with its label.</summary>
public sealed class OfficeTime(PerizinanOptions options, TimeProvider time)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZoneId);

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>"25 Nov 2026 13.05 WIB"; a dash when there is no time.</summary>
    public string At(DateTimeOffset? instant) => instant is { } value
        ? TimeZoneInfo.ConvertTime(value, _zone).ToString(PageText.T("DateTimeFormat"), CultureInfo.CurrentCulture) + " " + options.TimeZoneLabel
        : "—";

    /// <summary>"25 November 2026" in the office's time zone.</summary>
    public string Date(DateTimeOffset? instant) => instant is { } value
        ? TimeZoneInfo.ConvertTime(value, _zone).ToString(PageText.T("DateFormat"), CultureInfo.CurrentCulture)
        : "—";

    /// <summary>What is left of a due time: "sisa 4 menit", or "terlambat 12 menit".</summary>
    public string TimeLeft(DateTimeOffset due) =>
        due >= Now ? PageText.T("TimeLeft", Display.Duration(due - Now)) : PageText.T("TimeOverdue", Display.Duration(Now - due));
}

/// <summary>Small formatting helpers shared by the pages.</summary>
public static class Display
{
    /// <summary>The office's clock for this request.</summary>
    public static OfficeTime Office(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items[typeof(OfficeTime)] is OfficeTime cached)
        {
            return cached;
        }

        var office = new OfficeTime(
            context.RequestServices.GetRequiredService<IOptions<PerizinanOptions>>().Value,
            context.RequestServices.GetRequiredService<TimeProvider>());
        context.Items[typeof(OfficeTime)] = office;
        return office;
    }

    /// <summary>"45 menit", "1 jam 5 menit", "2 hari 3 jam".</summary>
    public static string Duration(TimeSpan span)
    {
        var minutes = (long)Math.Floor(Math.Abs(span.TotalMinutes));
        return minutes switch
        {
            < 1 => PageText.T("DurationUnderMinute"),
            < 60 => PageText.T("DurationMinutes", minutes),
            < 24 * 60 => minutes % 60 == 0 ? PageText.T("DurationHours", minutes / 60) : PageText.T("DurationHoursMinutes", minutes / 60, minutes % 60),
            _ => PageText.T("DurationDaysHours", minutes / (24 * 60), minutes % (24 * 60) / 60),
        };
    }

    /// <summary>A baku mutu in words: "10 menit".</summary>
    public static string Standard(int? minutes) => minutes is { } m ? Duration(TimeSpan.FromMinutes(m)) : "—";

    /// <summary>"512 KB", "2 MB".</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / (1024d * 1024)).ToString(bytes % (1024 * 1024) == 0 ? "0" : "0.#", CultureInfo.CurrentCulture) + " MB",
        >= 1024 => (bytes / 1024d).ToString("0", CultureInfo.CurrentCulture) + " KB",
        _ => bytes.ToString(CultureInfo.CurrentCulture) + " B",
    };

    /// <summary>The application's status as a badge.</summary>
    public static IHtmlContent StatusBadge(ApplicationStatus status)
    {
        var css = status switch
        {
            ApplicationStatus.Draft => "text-bg-secondary",
            ApplicationStatus.Submitted => "text-bg-info",
            ApplicationStatus.InReview => "text-bg-primary",
            ApplicationStatus.NeedsCompletion => "text-bg-warning",
            ApplicationStatus.Approved => "text-bg-success",
            ApplicationStatus.Issued => "text-bg-success",
            ApplicationStatus.Rejected => "text-bg-danger",
            _ => "text-bg-dark",
        };
        var builder = new HtmlContentBuilder();
        builder.AppendHtml($"<span class=\"badge {css}\" data-testid=\"status-badge\" data-status=\"{status}\">");
        builder.Append(StatusText(status));
        builder.AppendHtml("</span>");
        return builder;
    }

    public static string StatusText(ApplicationStatus status) => PageText.T("Status_" + status);

    /// <summary>An SOP role in words ("FO Loker 2 (Pendaftaran)").</summary>
    public static string RoleName(string role) => PageText.Find("Role_" + role) ?? role;

    /// <summary>A task outcome as a button label ("Berkas lengkap").</summary>
    public static string OutcomeLabel(string outcome) => PageText.Find("Outcome_" + outcome) ?? outcome;

    /// <summary>The Bootstrap button style for an outcome: positive outcomes green, returns amber, rejection red.</summary>
    public static string OutcomeButton(string outcome) => outcome switch
    {
        "tolak" => "btn-danger",
        "tidak-lengkap" or "tidak-sesuai" or "tidak-valid" => "btn-outline-warning text-body",
        _ => "btn-success",
    };

    /// <summary>The registration number, or a short form of the id while there is none.</summary>
    public static string Reference(PermitApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return application.Number ?? PageText.T("DraftReference", application.Id.ToString("N")[^8..].ToUpperInvariant());
    }

    /// <summary>
    /// A local URL to go back to (a path on this site, such as <c>/Petugas?daftar=saya</c>), or null: the one check for
    /// every return URL the site honours. Refused: anything not starting with one <c>/</c>; <c>//host</c> and
    /// <c>/\host</c> (browsers read both as another host); backslashes anywhere; and control characters anywhere,
    /// because browsers drop tabs and line breaks from a URL, so <c>/\t/evil.example</c> would reach them as
    /// <c>//evil.example</c> (and ASP.NET's <c>LocalRedirect</c> throws on it).
    /// </summary>
    public static string? LocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || url[1] != '/')
        && !url.Contains('\\', StringComparison.Ordinal) && !url.Any(char.IsControl) ? url : null;
}
