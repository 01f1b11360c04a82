using SkiaSharp;
using Sicantik.Documents.Fonts;

namespace Sicantik.Documents.Layout;

internal enum TextAlign
{
    Left,
    Center,
    Right,
    Justify,
}

internal readonly record struct TextStyle(SKTypeface Face, float Size)
{
    public static TextStyle Body => new(DocumentFonts.Regular, 11f);

    public static TextStyle BodyBold => new(DocumentFonts.Bold, 11f);

    public static TextStyle Small => new(DocumentFonts.Regular, 8.5f);

    public static TextStyle SmallItalic => new(DocumentFonts.Italic, 8.5f);

    public static TextStyle Title => new(DocumentFonts.Bold, 12.5f);

    public TextStyle WithSize(float size) => this with { Size = size };
}

/// <summary>
/// Flows text down A4 pages of a Skia PDF: wrapping, justification, hanging labels and page breaks. Coordinates
/// are PDF points from the top-left corner; <see cref="Y"/> is the top of the next line.
/// </summary>
internal sealed class PageComposer : IDisposable
{
    public const float PageWidth = 595.28f;
    public const float PageHeight = 841.89f;
    public const float Centimetre = 72f / 2.54f;

    private readonly SKDocument _document;
    private readonly Action<PageComposer>? _onPage;
    private readonly Dictionary<TextStyle, SKFont> _fonts = [];
    private readonly SKPaint _ink = new() { Color = SKColors.Black, IsAntialias = true };
    private SKCanvas? _canvas;
    private float _pageStartY;

    public PageComposer(Stream output, SKDocumentPdfMetadata metadata, Action<PageComposer>? onPage = null)
    {
        _document = SKDocument.CreatePdf(output, metadata)
            ?? throw new InvalidOperationException("Skia could not create a PDF document.");
        _onPage = onPage;
    }

    // Tata naskah dinas margins: 3 cm left, 2 cm right and bottom; the letterhead sits higher than the text.
    public float Left { get; } = 3f * Centimetre;

    public float Right { get; } = PageWidth - (2f * Centimetre);

    public float Top { get; } = 1.5f * Centimetre;

    public float Bottom { get; } = PageHeight - (2f * Centimetre);

    public float Width => Right - Left;

    public float Y { get; set; }

    public int PageCount { get; private set; }

    public SKCanvas Canvas => _canvas ?? throw new InvalidOperationException("No page has been started.");

    public SKPaint Ink => _ink;

    public void NewPage()
    {
        if (_canvas is not null)
        {
            _document.EndPage();
        }

        _canvas = _document.BeginPage(PageWidth, PageHeight);
        PageCount++;
        Y = Top + Centimetre;
        _onPage?.Invoke(this);
        _pageStartY = Y;
    }

    /// <summary>
    /// Starts a new page unless <paramref name="height"/> more points fit on this one. A block measured with
    /// <see cref="TextHeight"/> ends at its last line's ink, not at the leading under it.
    /// </summary>
    public void KeepTogether(float height)
    {
        if (Y + height > Bottom + Tolerance && !AtPageStart)
        {
            NewPage();
        }
    }

    /// <summary>Whether nothing has been drawn below the top of this page's text yet: a break here would only move the gap.</summary>
    private bool AtPageStart => Math.Abs(Y - _pageStartY) < Tolerance;

    // Rounding of the layout's own sums must not push a line that fits to the next page.
    private const float Tolerance = 0.01f;

    /// <summary>
    /// The height <paramref name="lines"/> lines of <paramref name="style"/> take on the page: the leading between them,
    /// and the last line down to its glyphs' descent. The leading under the last line of a page falls into the margin.
    /// </summary>
    public float TextHeight(TextStyle style, int lines) =>
        lines <= 0 ? 0 : ((lines - 1) * LineHeight(style)) + (style.Size * 1.05f) + Font(style).Metrics.Descent;

    /// <summary>How many lines of <paramref name="style"/> still fit on this page from <see cref="Y"/>.</summary>
    private int LinesThatFit(TextStyle style)
    {
        var room = Bottom + Tolerance - Y - TextHeight(style, 1);
        return room < 0 ? 0 : 1 + (int)Math.Floor(room / LineHeight(style));
    }

    public void Space(float points) => Y += points;

    /// <summary>Line height as a multiple of the font size.</summary>
    public float LineSpacing { get; init; } = 1.35f;

    public float LineHeight(TextStyle style) => style.Size * LineSpacing;

    public SKFont Font(TextStyle style)
    {
        if (!_fonts.TryGetValue(style, out var font))
        {
            font = new SKFont(style.Face, style.Size)
            {
                Subpixel = true,
                LinearMetrics = true,
                Hinting = SKFontHinting.None,
                Edging = SKFontEdging.Antialias,
            };
            _fonts[style] = font;
        }

        return font;
    }

    public float Measure(string text, TextStyle style) => Font(style).MeasureText(text);

    /// <summary>Draws one line with its baseline placed for a line whose top is <paramref name="top"/>.</summary>
    public void DrawText(string text, TextStyle style, float x, float top, TextAlign align = TextAlign.Left, float width = 0)
    {
        // Never a silent box: a character the face has no glyph for stops the document (an incident), with its name.
        var font = Font(style);
        PrintableText.EnsureDrawable(text, font);
        var baseline = top + (style.Size * 1.05f);
        switch (align)
        {
            case TextAlign.Center:
                Canvas.DrawText(text, x + (width / 2f), baseline, SKTextAlign.Center, font, _ink);
                break;
            case TextAlign.Right:
                Canvas.DrawText(text, x + width, baseline, SKTextAlign.Right, font, _ink);
                break;
            default:
                Canvas.DrawText(text, x, baseline, SKTextAlign.Left, font, _ink);
                break;
        }
    }

    /// <summary>
    /// Wraps <paramref name="text"/> into the column [x, x + width] and draws it from <see cref="Y"/>, breaking
    /// pages between lines. <paramref name="onFirstLine"/> draws what hangs beside the first line (a label, a
    /// number), with the top of that line.
    /// </summary>
    public void Paragraph(
        string text,
        TextStyle style,
        float x,
        float width,
        TextAlign align = TextAlign.Left,
        float firstLineIndent = 0,
        Action<float>? onFirstLine = null)
    {
        var lines = Wrap(text, style, width, firstLineIndent);
        var lineHeight = LineHeight(style);
        var pageEnd = NextBreak(lines.Count, 0, style);
        for (var i = 0; i < lines.Count; i++)
        {
            if (i == pageEnd)
            {
                NewPage();
                pageEnd = NextBreak(lines.Count, i, style);
            }

            if (i == 0)
            {
                onFirstLine?.Invoke(Y);
            }

            var indent = i == 0 ? firstLineIndent : 0;
            var last = i == lines.Count - 1 || lines[i].EndsParagraph;
            if (align == TextAlign.Justify && !last)
            {
                DrawJustified(lines[i].Text, style, x + indent, Y, width - indent);
            }
            else
            {
                DrawText(lines[i].Text, style, x + indent, Y, align == TextAlign.Justify ? TextAlign.Left : align, width - indent);
            }

            Y += lineHeight;
        }
    }

    /// <summary>
    /// The index of the line before which the page must break, for a paragraph of <paramref name="count"/> lines drawn
    /// from line <paramref name="from"/> at <see cref="Y"/>; <paramref name="count"/> when the rest fits. Widow and
    /// orphan control: a break never leaves the paragraph's last line alone at the top of the next page, nor its first
    /// line alone at the bottom of this one (unless the page is fresh and there is no better place).
    /// </summary>
    private int NextBreak(int count, int from, TextStyle style)
    {
        var remaining = count - from;
        var fit = LinesThatFit(style);
        if (fit >= remaining)
        {
            return count;
        }

        var take = fit;
        if (remaining - take == 1 && take >= 2)
        {
            take--;
        }

        if (from == 0 && take == 1)
        {
            take = 0;
        }

        if (take == 0 && AtPageStart)
        {
            // A fresh page that cannot take two lines: draw what fits rather than breaking into another fresh page.
            take = Math.Max(1, fit);
        }

        return from + take;
    }

    /// <summary>A label, a colon and a wrapped value: "Nama    : Budi".</summary>
    public void LabeledRow(string label, string value, TextStyle style, float labelX, float colonX, float valueX, TextStyle? valueStyle = null)
    {
        Paragraph(value, valueStyle ?? style, valueX, Right - valueX, onFirstLine: top =>
        {
            DrawText(label, style, labelX, top);
            DrawText(":", style, colonX, top);
        });
    }

    /// <summary>A numbered or lettered item with a hanging indent: "1.  text that wraps under itself".</summary>
    public void Item(string marker, string text, TextStyle style, float markerX, float textX, TextAlign align = TextAlign.Justify) =>
        Paragraph(text, style, textX, Right - textX, align, onFirstLine: top => DrawText(marker, style, markerX, top));

    public void Rule(float x1, float x2, float y, float thickness)
    {
        using var pen = new SKPaint { Color = SKColors.Black, StrokeWidth = thickness, IsAntialias = true, Style = SKPaintStyle.Stroke };
        Canvas.DrawLine(x1, y, x2, y, pen);
    }

    public void Box(SKRect rect, float thickness)
    {
        using var pen = new SKPaint { Color = SKColors.Black, StrokeWidth = thickness, IsAntialias = true, Style = SKPaintStyle.Stroke };
        Canvas.DrawRect(rect, pen);
    }

    public void Image(SKImage image, SKRect rect, bool crisp = false)
    {
        var sampling = crisp ? new SKSamplingOptions(SKFilterMode.Nearest) : new SKSamplingOptions(SKCubicResampler.Mitchell);
        Canvas.DrawImage(image, rect, sampling);
    }

    /// <summary>The height a paragraph takes (see <see cref="TextHeight"/>), to keep it together with what precedes it.</summary>
    public float ParagraphHeight(string text, TextStyle style, float width) => TextHeight(style, Wrap(text, style, width).Count);

    public IReadOnlyList<WrappedLine> Wrap(string text, TextStyle style, float width, float firstLineIndent = 0)
    {
        var result = new List<WrappedLine>();
        var space = Measure(" ", style);
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var words = paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var current = new List<string>();
            var currentWidth = 0f;
            foreach (var word in words)
            {
                var available = width - (result.Count == 0 ? firstLineIndent : 0);
                var wordWidth = Measure(word, style);
                var needed = current.Count == 0 ? wordWidth : currentWidth + space + wordWidth;
                if (needed <= available)
                {
                    current.Add(word);
                    currentWidth = needed;
                    continue;
                }

                if (current.Count > 0)
                {
                    result.Add(new WrappedLine(string.Join(' ', current), false));
                    current.Clear();
                    currentWidth = 0;
                    available = width;
                }

                // A word wider than the column (a long URL) is cut where it must be.
                var rest = word;
                while (Measure(rest, style) > available)
                {
                    var cut = rest.Length - 1;
                    while (cut > 1 && Measure(rest[..cut], style) > available)
                    {
                        cut--;
                    }

                    result.Add(new WrappedLine(rest[..cut], false));
                    rest = rest[cut..];
                    available = width;
                }

                current.Add(rest);
                currentWidth = Measure(rest, style);
            }

            result.Add(new WrappedLine(string.Join(' ', current), true));
        }

        return result;
    }

    public void Finish()
    {
        if (_canvas is not null)
        {
            _document.EndPage();
            _canvas = null;
        }

        _document.Close();
    }

    public void Dispose()
    {
        foreach (var font in _fonts.Values)
        {
            font.Dispose();
        }

        _ink.Dispose();
        _document.Dispose();
    }

    private void DrawJustified(string line, TextStyle style, float x, float top, float width)
    {
        var words = line.Split(' ');
        if (words.Length < 2)
        {
            DrawText(line, style, x, top);
            return;
        }

        var wordsWidth = words.Sum(w => Measure(w, style));
        var gap = (width - wordsWidth) / (words.Length - 1);
        var cursor = x;
        foreach (var word in words)
        {
            DrawText(word, style, cursor, top);
            cursor += Measure(word, style) + gap;
        }
    }
}

internal readonly record struct WrappedLine(string Text, bool EndsParagraph);
