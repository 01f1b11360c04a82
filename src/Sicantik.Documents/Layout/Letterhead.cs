using SkiaSharp;
using Sicantik.Documents.Fonts;
using Sicantik.Documents.Resources;

namespace Sicantik.Documents.Layout;

/// <summary>The kop surat: emblem, government and agency names, address and contacts, a double rule under them.</summary>
internal static class Letterhead
{
    public static void Draw(PageComposer page, LetterheadOptions options, SKImage? logo)
    {
        var top = page.Top;
        var logoWidth = 2.0f * PageComposer.Centimetre;
        var logoHeight = 2.3f * PageComposer.Centimetre;
        var textLeft = page.Left;
        var logoBottom = top;
        if (logo is not null)
        {
            // Keep the emblem's proportions inside its box.
            var scale = Math.Min(logoWidth / logo.Width, logoHeight / logo.Height);
            var rect = SKRect.Create(page.Left, top, logo.Width * scale, logo.Height * scale);
            page.Image(logo, rect);
            textLeft = page.Left + logoWidth + (0.3f * PageComposer.Centimetre);
            logoBottom = rect.Bottom;
        }

        var textWidth = page.Right - textLeft;
        var y = top;
        y = Centered(page, options.Region.ToUpperInvariant(), new TextStyle(DocumentFonts.Bold, 13.5f), textLeft, textWidth, y, 11f);
        y = Centered(page, options.AgencyName.ToUpperInvariant(), new TextStyle(DocumentFonts.Bold, 15f), textLeft, textWidth, y, 13f);
        y += 1.5f;
        y = Centered(page, options.Address, new TextStyle(DocumentFonts.Regular, 9.5f), textLeft, textWidth, y, 7.5f);
        var contacts = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Phone))
        {
            contacts.Add(DocumentText.Get("LetterheadPhone", options.Phone));
        }

        if (!string.IsNullOrWhiteSpace(options.Email))
        {
            contacts.Add(DocumentText.Get("LetterheadEmail", options.Email));
        }

        if (!string.IsNullOrWhiteSpace(options.Website))
        {
            contacts.Add(DocumentText.Get("LetterheadWebsite", options.Website));
        }

        if (contacts.Count > 0)
        {
            y = Centered(page, string.Join(DocumentText.Get("LetterheadSeparator"), contacts), new TextStyle(DocumentFonts.Regular, 9f), textLeft, textWidth, y, 7f);
        }

        var ruleY = Math.Max(y, logoBottom) + 4f;
        page.Rule(page.Left, page.Right, ruleY, 2.2f);
        page.Rule(page.Left, page.Right, ruleY + 3f, 0.7f);
        page.Y = ruleY + 22f;
    }

    /// <summary>
    /// Draws a centred line, shrinking it to fit the width down to a minimum size; a longer text is split into
    /// lines of balanced length, as a long agency name is on a printed kop.
    /// </summary>
    private static float Centered(PageComposer page, string text, TextStyle style, float left, float width, float y, float minimumSize)
    {
        var size = style.Size;
        while (size > minimumSize && page.Measure(text, style.WithSize(size)) > width)
        {
            size -= 0.25f;
        }

        // Too long even when smaller: keep the full size and break the text instead.
        var fitted = page.Measure(text, style.WithSize(size)) > width ? style : style.WithSize(size);
        foreach (var line in Balanced(page, text, fitted, width))
        {
            page.DrawText(line, fitted, left, y, TextAlign.Center, width);
            y += fitted.Size * 1.25f;
        }

        return y;
    }

    private static List<string> Balanced(PageComposer page, string text, TextStyle style, float width)
    {
        var lines = page.Wrap(text, style, width).Select(l => l.Text).ToList();
        if (lines.Count != 2)
        {
            return lines;
        }

        // Two lines: break where the longer of the two is shortest.
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var best = lines;
        var bestWidth = lines.Max(l => page.Measure(l, style));
        for (var i = 1; i < words.Length; i++)
        {
            var first = string.Join(' ', words[..i]);
            var second = string.Join(' ', words[i..]);
            var widest = Math.Max(page.Measure(first, style), page.Measure(second, style));
            if (widest <= width && widest < bestWidth)
            {
                best = [first, second];
                bestWidth = widest;
            }
        }

        return best;
    }
}
