using System.Globalization;
using System.Resources;

namespace Sicantik.Web;

/// <summary>
/// The host's user-facing texts (problem titles, API messages, emails, identity errors). The neutral resources are
/// Bahasa Indonesia; <c>WebText.en.resx</c> holds the English translation.
/// </summary>
public static class WebText
{
    private static readonly ResourceManager Resources = new("Sicantik.Web.WebText", typeof(WebText).Assembly);

    /// <summary>The text under <paramref name="key"/> in the current UI culture, formatted with <paramref name="args"/>.</summary>
    public static string Get(string key, params object?[] args)
    {
        var template = Find(key) ?? throw new InvalidOperationException($"Missing resource '{key}' in {Resources.BaseName}.");
        return args.Length == 0 ? template : string.Format(CultureInfo.CurrentCulture, template, args);
    }

    /// <summary>The text, or <c>null</c> when there is none under <paramref name="key"/>.</summary>
    public static string? Find(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture);
}
