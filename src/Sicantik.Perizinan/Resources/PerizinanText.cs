using System.Globalization;
using System.Resources;

namespace Sicantik.Perizinan.Resources;

/// <summary>
/// Reads the domain's user-facing texts from resources. The neutral resources are Bahasa Indonesia (the office's
/// language); <c>*.en.resx</c> holds the English translation.
/// </summary>
internal static class PerizinanText
{
    public static readonly ResourceManager Messages = new("Sicantik.Perizinan.Resources.Messages", typeof(PerizinanText).Assembly);

    public static readonly ResourceManager Tracking = new("Sicantik.Perizinan.Resources.TrackingText", typeof(PerizinanText).Assembly);

    /// <summary>A message from <see cref="Messages"/>.</summary>
    public static string Message(string key, params object?[] args) => Format(Messages, key, args);

    /// <summary>A text from <see cref="Tracking"/>.</summary>
    public static string Track(string key, params object?[] args) => Format(Tracking, key, args);

    public static string Format(ResourceManager resources, string key, params object?[] args)
    {
        var template = Find(resources, key)
            ?? throw new InvalidOperationException($"Missing resource '{key}' in {resources.BaseName}.");
        return args.Length == 0 ? template : string.Format(CultureInfo.CurrentCulture, template, args);
    }

    /// <summary>The text, or <c>null</c> when the resources have none under <paramref name="key"/>.</summary>
    public static string? Find(ResourceManager resources, string key) => resources.GetString(key, CultureInfo.CurrentUICulture);

    /// <summary>Joins names as a person lists them: "a, b dan c".</summary>
    public static string List(IEnumerable<string> items) => Join(items, "ListJoin");

    /// <summary>Joins choices as a person offers them: "a, b atau c".</summary>
    public static string Alternatives(IEnumerable<string> items) => Join(items, "ListOr");

    private static string Join(IEnumerable<string> items, string key)
    {
        var all = items.ToList();
        return all.Count switch
        {
            0 => string.Empty,
            1 => all[0],
            _ => Message(key, string.Join(", ", all.Take(all.Count - 1)), all[^1]),
        };
    }

    /// <summary>A byte count as a person reads it: "5 MB", "512 KB".</summary>
    public static string Size(long bytes) => bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0
        ? Message("SizeMegabytes", bytes / (1024 * 1024))
        : bytes >= 1024 * 1024
            ? Message("SizeMegabytes", Math.Round(bytes / (1024d * 1024d), 1))
            : bytes >= 1024 ? Message("SizeKilobytes", Math.Round(bytes / 1024d, 0)) : Message("SizeBytes", bytes);
}
