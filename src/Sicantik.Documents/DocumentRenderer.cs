using SkiaSharp;
using Sicantik.Documents.Layout;

namespace Sicantik.Documents;

/// <summary>
/// Draws the office's documents as A4 PDFs with the agency's letterhead. Takes plain data, returns the PDF's bytes;
/// the same data always gives the same bytes (fonts are embedded from the assembly, dates come from the model).
/// Safe to share between threads.
/// </summary>
public sealed partial class DocumentRenderer
{
    private readonly LetterheadOptions _letterhead;
    private readonly Lazy<SKImage?> _logo;

    public DocumentRenderer(LetterheadOptions letterhead)
    {
        ArgumentNullException.ThrowIfNull(letterhead);
        _letterhead = letterhead;
        _logo = new Lazy<SKImage?>(() => LoadLogo(letterhead.LogoPath));
    }

    private byte[] Render(string title, DateTimeOffset created, Action<PageComposer> body, Action<PageComposer>? onPage = null)
    {
        var metadata = new SKDocumentPdfMetadata
        {
            Title = title,
            Author = _letterhead.AgencyName,
            Subject = title,
            Creator = "Sicantik",
            Producer = "Sicantik",
            Creation = created.UtcDateTime,
            Modified = created.UtcDateTime,
        };
        using var output = new MemoryStream();
        using (var page = new PageComposer(output, metadata, onPage))
        {
            page.NewPage();
            Letterhead.Draw(page, _letterhead, _logo.Value);
            body(page);
            page.Finish();
        }

        return output.ToArray();
    }

    private static SKImage? LoadLogo(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        using var data = SKData.Create(path)
            ?? throw new FileNotFoundException("The letterhead logo could not be read.", path);
        return SKImage.FromEncodedData(data)
            ?? throw new InvalidOperationException($"The letterhead logo '{path}' is not an image Skia can decode.");
    }
}
