using Microsoft.Playwright;

namespace Sicantik.Web.BrowserTests.Support;

/// <summary>
/// Real small uploads, made by the test's own Chromium from a page that reads like a scanned document: a PDF (printed),
/// a PNG and a JPEG (screenshots). Each starts with its format's magic bytes, which the host checks.
/// </summary>
public sealed class SampleFiles
{
    private SampleFiles(byte[] pdf, byte[] png, byte[] jpeg)
    {
        Pdf = pdf;
        Png = png;
        Jpeg = jpeg;
    }

    public byte[] Pdf { get; }

    public byte[] Png { get; }

    public byte[] Jpeg { get; }

    public static async Task<SampleFiles> MakeAsync(IBrowser browser)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 320, Height = 200 } });
        var page = await context.NewPageAsync();
        await page.SetContentAsync(
            "<html><body style=\"margin:0;font:16px sans-serif;background:#eef3f8\"><div style=\"padding:20px\">"
            + "<b>DOKUMEN UJI</b><br>Sicantik · DPMPTSP<br><small>dibuat oleh uji peramban</small></div></body></html>");
        var pdf = await page.PdfAsync(new PagePdfOptions { Width = "10cm", Height = "6cm", PrintBackground = true });
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Type = ScreenshotType.Png });
        var jpeg = await page.ScreenshotAsync(new PageScreenshotOptions { Type = ScreenshotType.Jpeg, Quality = 70 });
        Require(pdf, "%PDF-"u8.ToArray(), "PDF");
        Require(png, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "PNG");
        Require(jpeg, [0xFF, 0xD8, 0xFF], "JPEG");
        return new SampleFiles(pdf, png, jpeg);
    }

    /// <summary>A file named after the requirement, in the first type it accepts (or <paramref name="preferred"/> if accepted).</summary>
    public FilePayload For(string requirementKey, IReadOnlyList<string> acceptedTypes, string? preferred = null)
    {
        var type = preferred is not null && acceptedTypes.Contains(preferred) ? preferred : acceptedTypes[0];
        return type switch
        {
            "pdf" => new FilePayload { Name = requirementKey + ".pdf", MimeType = "application/pdf", Buffer = Pdf },
            "png" => new FilePayload { Name = requirementKey + ".png", MimeType = "image/png", Buffer = Png },
            "jpg" => new FilePayload { Name = requirementKey + ".jpg", MimeType = "image/jpeg", Buffer = Jpeg },
            _ => throw new InvalidOperationException($"No sample file of type '{type}'."),
        };
    }

    private static void Require(byte[] bytes, byte[] magic, string format)
    {
        if (bytes.Length <= magic.Length || !bytes.AsSpan(0, magic.Length).SequenceEqual(magic))
        {
            throw new InvalidOperationException($"Chromium did not produce a {format} file.");
        }
    }
}
