using System.Globalization;
using System.Resources;

namespace Sicantik.Web.BrowserTests.Support;

/// <summary>
/// The texts people read on the pages, from the host's own Indonesian resources (PageText.resx), so that a test finds a
/// button by the words on it and still follows a rewording.
/// </summary>
public static class Ui
{
    private static readonly ResourceManager Resources = new("Sicantik.Web.PageText", typeof(PageText).Assembly);
    private static readonly ResourceManager TrackingResources = new("Sicantik.Perizinan.Resources.TrackingText", typeof(Perizinan.SopRoles).Assembly);

    /// <summary>The tracking page's words for a step's outcome (the permit domain's TrackingText.resx): "disetujui", "ditolak".</summary>
    public static string TrackedOutcome(string outcome) =>
        TrackingResources.GetString("Outcome_" + outcome, CultureInfo.InvariantCulture)
            ?? throw new InvalidOperationException($"No tracking text for outcome '{outcome}'.");

    /// <summary>The Indonesian (neutral) text under <paramref name="key"/>, formatted with <paramref name="args"/>.</summary>
    public static string T(string key, params object?[] args)
    {
        var template = Resources.GetString(key, CultureInfo.InvariantCulture)
            ?? throw new InvalidOperationException($"No text '{key}' in PageText.resx.");
        return args.Length == 0 ? template : string.Format(CultureInfo.GetCultureInfo("id-ID"), template, args);
    }
}
