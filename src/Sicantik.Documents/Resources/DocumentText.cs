using System.Globalization;
using System.Resources;

namespace Sicantik.Documents.Resources;

/// <summary>
/// The documents' wording. An official document of the office is always in Bahasa Indonesia, whatever language
/// the reader's interface uses, so the neutral resources are read directly and never a translation.
/// </summary>
internal static class DocumentText
{
    private static readonly ResourceManager Resources = new("Sicantik.Documents.Resources.DocumentText", typeof(DocumentText).Assembly);

    /// <summary>The culture used for numbers inside the documents' text.</summary>
    public static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Get(string key, params object?[] args)
    {
        var template = Resources.GetString(key, CultureInfo.InvariantCulture)
            ?? throw new InvalidOperationException($"Missing document text '{key}'.");
        return args.Length == 0 ? template : string.Format(Culture, template, args);
    }

    /// <summary>A list kept in one resource, one item per line.</summary>
    public static IReadOnlyList<string> List(string key) =>
        Get(key).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
