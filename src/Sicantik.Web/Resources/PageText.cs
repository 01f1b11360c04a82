using System.Globalization;
using System.Resources;

namespace Sicantik.Web;

/// <summary>
/// The pages' user-facing texts. The neutral resources (<c>PageText.resx</c>) are Bahasa Indonesia;
/// <c>PageText.en.resx</c> holds the English translation. Views call <c>T("Key")</c> (imported statically).
/// </summary>
public static class PageText
{
    private static readonly ResourceManager Resources = new("Sicantik.Web.PageText", typeof(PageText).Assembly);

    /// <summary>The text under <paramref name="key"/> in the current UI culture, formatted with <paramref name="args"/>.</summary>
    public static string T(string key, params object?[] args)
    {
        var template = Find(key) ?? throw new InvalidOperationException($"Missing resource '{key}' in {Resources.BaseName}.");
        return args.Length == 0 ? template : string.Format(CultureInfo.CurrentCulture, template, args);
    }

    /// <summary>The text, or <c>null</c> when there is none under <paramref name="key"/>.</summary>
    public static string? Find(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture);
}
