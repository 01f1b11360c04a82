using SkiaSharp;
using Sicantik.Documents.Layout;

namespace Sicantik.Documents.Tests.Layout;

public sealed class PageComposerTests
{
    private static readonly string LongText = string.Join(' ', Enumerable.Repeat("permohonan", 60));

    [Fact]
    public void Paragraph_CarriesTwoLines_WhenOnlyTheLastLineWouldSpill()
    {
        using var output = new MemoryStream();
        using var page = new PageComposer(output, new SKDocumentPdfMetadata());
        page.NewPage();
        var style = TextStyle.Body;
        var lines = page.Wrap(LongText, style, page.Width).Count;
        Assert.True(lines >= 4);
        var startOfPage = page.Y;
        page.Y = page.Bottom - page.TextHeight(style, lines - 1);

        page.Paragraph(LongText, style, page.Left, page.Width);

        Assert.Equal(2, page.PageCount);
        Assert.Equal(startOfPage + (2 * page.LineHeight(style)), page.Y, 0.01);
    }

    [Fact]
    public void Paragraph_StaysOnThePage_WhenOnlyTheLeadingUnderItsLastLineWouldNotFit()
    {
        using var output = new MemoryStream();
        using var page = new PageComposer(output, new SKDocumentPdfMetadata());
        page.NewPage();
        var style = TextStyle.Body;
        var lines = page.Wrap(LongText, style, page.Width).Count;
        page.Y = page.Bottom - page.TextHeight(style, lines);

        page.Paragraph(LongText, style, page.Left, page.Width);

        Assert.Equal(1, page.PageCount);
        Assert.True(page.Y > page.Bottom);
    }

    [Fact]
    public void Paragraph_MovesWhole_WhenOnlyItsFirstLineWouldFit()
    {
        using var output = new MemoryStream();
        using var page = new PageComposer(output, new SKDocumentPdfMetadata());
        page.NewPage();
        var style = TextStyle.Body;
        var lines = page.Wrap(LongText, style, page.Width).Count;
        var startOfPage = page.Y;
        page.Y = page.Bottom - page.TextHeight(style, 1);

        page.Paragraph(LongText, style, page.Left, page.Width);

        Assert.Equal(2, page.PageCount);
        Assert.Equal(startOfPage + (lines * page.LineHeight(style)), page.Y, 0.01);
    }

    [Fact]
    public void KeepTogether_StartsNoEmptyPage_WhenTheBlockIsTallerThanAFreshPage()
    {
        using var output = new MemoryStream();
        using var page = new PageComposer(output, new SKDocumentPdfMetadata());
        page.NewPage();

        page.KeepTogether(PageComposer.PageHeight * 2);

        Assert.Equal(1, page.PageCount);
    }
}
