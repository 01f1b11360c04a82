using System.Text;
using SkiaSharp;
using Sicantik.Documents.Resources;

namespace Sicantik.Documents.Fonts;

/// <summary>
/// A document was about to draw characters its shipped fonts have no glyph for: it is not made, rather than printed
/// with empty boxes (on a signed SK, a holder's name as boxes cannot be corrected afterwards). Thrown inside a
/// workflow step, it becomes an incident that names the characters.
/// </summary>
public sealed class UndrawableTextException(string message) : InvalidOperationException(message);

/// <summary>
/// Which characters of a text the fonts shipped with the documents (DejaVu Serif: Latin, Greek, Cyrillic and more, but
/// no CJK and no Arabic) cannot draw. Entry points refuse such text with a message (registration name, application
/// form fields); <see cref="Layout.PageComposer"/> refuses to draw it as the last line of defence. No fallback font is
/// shipped: CJK faces alone are larger than a tracked file may be, and Skia embeds fonts whole.
/// </summary>
public static class PrintableText
{
    /// <summary>
    /// The characters of <paramref name="text"/> that some shipped face (regular, bold or italic) cannot draw, each once,
    /// in order of first appearance; empty when all of it prints. White space is the layout's and is never reported.
    /// </summary>
    public static IReadOnlyList<string> Undrawable(string? text)
    {
        using var regular = new SKFont(DocumentFonts.Regular);
        using var bold = new SKFont(DocumentFonts.Bold);
        using var italic = new SKFont(DocumentFonts.Italic);
        return Undrawable(text, regular, bold, italic);
    }

    /// <summary>Throws <see cref="UndrawableTextException"/> when <paramref name="font"/> cannot draw all of <paramref name="text"/>.</summary>
    internal static void EnsureDrawable(string text, SKFont font)
    {
        var missing = Undrawable(text, font);
        if (missing.Count > 0)
        {
            throw new UndrawableTextException(DocumentText.Get("TextUndrawable", text, Describe(missing)));
        }
    }

    /// <summary>The characters as a reader sees them, each with its code point: <c>王 (U+738B), ب (U+0628)</c>.</summary>
    public static string Describe(IEnumerable<string> characters) =>
        string.Join(", ", characters.Select(c => $"{c} (U+{char.ConvertToUtf32(c, 0):X4})"));

    private static List<string> Undrawable(string? text, params SKFont[] fonts)
    {
        var missing = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return missing;
        }

        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || fonts.All(f => f.ContainsGlyph(rune.Value)))
            {
                continue;
            }

            var character = rune.ToString();
            if (!missing.Contains(character, StringComparer.Ordinal))
            {
                missing.Add(character);
            }
        }

        return missing;
    }
}
