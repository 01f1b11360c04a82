using System.Globalization;
using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Sicantik.Documents.Tests.Support;

/// <summary>A PDF's text as a reader sees it, line by line, for snapshots.</summary>
internal static class PdfText
{
    public static string Extract(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var text = new StringBuilder();
        foreach (var page in document.GetPages())
        {
            text.Append(CultureInfo.InvariantCulture, $"--- halaman {page.Number} ---\n");
            var words = page.GetWords().ToList();
            var lines = words
                .Where(w => w.TextOrientation == TextOrientation.Horizontal)
                .GroupBy(w => Math.Round(w.Letters[0].StartBaseLine.Y, 1))
                .OrderByDescending(g => g.Key);
            foreach (var line in lines)
            {
                text.Append(string.Join(' ', line.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text))).Append('\n');
            }

            // The DRAFT watermark runs diagonally upwards: its letters read left to right.
            var rotated = string.Concat(words
                .Where(w => w.TextOrientation != TextOrientation.Horizontal)
                .SelectMany(w => w.Letters)
                .OrderBy(l => l.StartBaseLine.X)
                .Select(l => l.Value));
            if (rotated.Length > 0)
            {
                text.Append("[teks miring] ").Append(rotated).Append('\n');
            }
        }

        return text.ToString();
    }
}
