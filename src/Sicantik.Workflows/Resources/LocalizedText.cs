using System.Globalization;
using System.Resources;

namespace Sicantik.Workflows.Resources;

/// <summary>
/// Reads the engine's user-facing texts from resources. The neutral resources are Bahasa Indonesia
/// (the office's language); <c>*.en.resx</c> holds the English translation.
/// </summary>
internal static class LocalizedText
{
    public static string Format(ResourceManager resources, string key, params object?[] args)
    {
        var template = resources.GetString(key, CultureInfo.CurrentUICulture)
            ?? throw new InvalidOperationException($"Missing resource '{key}' in {resources.BaseName}.");
        return args.Length == 0 ? template : string.Format(CultureInfo.CurrentCulture, template, args);
    }
}
