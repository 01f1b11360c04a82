using SkiaSharp;
using Sicantik.Documents.Decrees;
using Sicantik.Documents.Tests.Support;

namespace Sicantik.Documents.Tests;

/// <summary>
/// Renders each document's pages to PNG with poppler's pdftoppm, side by side. The images land in the test's
/// temporary folder; with SICANTIK_WRITE_SCREENSHOTS=1 they are also written to docs/screenshots/ (see README.md).
/// </summary>
public sealed class ScreenshotTests
{
    [Theory]
    [InlineData("dokumen-tanda-terima.png")]
    [InlineData("dokumen-nota-dinas.png")]
    [InlineData("dokumen-nota-dinas-penolakan.png")]
    [InlineData("dokumen-sk.png")]
    [InlineData("dokumen-sk-draf.png")]
    public void Pdftoppm_RendersEveryPage(string name)
    {
        var renderer = Samples.Renderer();
        var pdf = name switch
        {
            "dokumen-tanda-terima.png" => renderer.RenderRegistrationReceipt(Samples.Receipt()),
            "dokumen-nota-dinas.png" => renderer.RenderNotaDinas(Samples.ApprovalMemo()),
            "dokumen-nota-dinas-penolakan.png" => renderer.RenderNotaDinas(Samples.RejectionMemo()),
            "dokumen-sk-draf.png" => renderer.RenderDecree(Samples.Decree(DecreeStatus.Draft)),
            _ => renderer.RenderDecree(Samples.Decree(DecreeStatus.Final)),
        };
        var path = Poppler.TempFile(pdf, Path.ChangeExtension(name, ".pdf"));
        var prefix = Path.Combine(Path.GetDirectoryName(path)!, "page");

        var (exitCode, output) = Poppler.Run("pdftoppm", "-png", "-r", "100", path, prefix);

        Assert.True(exitCode == 0, output);
        var pages = Directory.GetFiles(Path.GetDirectoryName(path)!, "page-*.png").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(pages);
        var sheet = SideBySide(pages);
        var target = Path.Combine(Path.GetDirectoryName(path)!, name);
        File.WriteAllBytes(target, sheet);
        Assert.True(new FileInfo(target).Length > 10_000);

        if (Environment.GetEnvironmentVariable("SICANTIK_WRITE_SCREENSHOTS") == "1")
        {
            File.WriteAllBytes(Path.Combine(RepositoryRoot(), "docs", "screenshots", name), sheet);
        }
    }

    private static byte[] SideBySide(IReadOnlyList<string> pages)
    {
        var bitmaps = pages.Select(SKBitmap.Decode).ToList();
        try
        {
            const int gap = 24;
            var width = bitmaps.Sum(b => b.Width) + (gap * (bitmaps.Count + 1));
            var height = bitmaps.Max(b => b.Height) + (gap * 2);
            using var surface = SKSurface.Create(new SKImageInfo(width, height));
            surface.Canvas.Clear(new SKColor(0xD0, 0xD4, 0xD9));
            var x = gap;
            using var shadow = new SKPaint { Color = new SKColor(0, 0, 0, 40) };
            foreach (var bitmap in bitmaps)
            {
                surface.Canvas.DrawRect(SKRect.Create(x + 3, gap + 3, bitmap.Width, bitmap.Height), shadow);
                surface.Canvas.DrawBitmap(bitmap, x, gap, SKSamplingOptions.Default, null);
                x += bitmap.Width + gap;
            }

            using var image = surface.Snapshot();
            using var png = image.Encode(SKEncodedImageFormat.Png, 100);
            return png.ToArray();
        }
        finally
        {
            bitmaps.ForEach(b => b.Dispose());
        }
    }

    /// <summary>Found from this source file's path, as the build may put the binaries anywhere (--artifacts-path).</summary>
    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(source)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sicantik.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Sicantik.sln not found above the test's source folder.");
    }
}
