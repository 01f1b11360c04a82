using Snapshooter.Xunit;
using Sicantik.Documents.Decrees;
using Sicantik.Documents.Tests.Support;
using UglyToad.PdfPig;

namespace Sicantik.Documents.Tests;

public sealed class DocumentRendererTests
{
    private readonly DocumentRenderer _renderer = Samples.Renderer();

    public static TheoryData<string> Documents => ["tanda-terima", "nota-dinas-persetujuan", "nota-dinas-penolakan", "sk-draf", "sk-final"];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Render_GivesA4Pdf_ForEachDocument(string document)
    {
        var pdf = Render(document);

        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal);
        using var parsed = PdfDocument.Open(pdf);
        Assert.InRange(parsed.NumberOfPages, 1, 3);
        foreach (var page in parsed.GetPages())
        {
            Assert.Equal(595.28, page.Width, 0.5);
            Assert.Equal(841.89, page.Height, 0.5);
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Render_EmbedsEveryFont_ForEachDocument(string document)
    {
        var path = Poppler.TempFile(Render(document), document + ".pdf");

        var (exitCode, output) = Poppler.Run("pdffonts", path);

        Assert.Equal(0, exitCode);
        var fonts = output.Split('\n').Skip(2).Where(l => l.Trim().Length > 0).ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, line =>
        {
            Assert.Contains("DejaVuSerif", line, StringComparison.Ordinal);
            Assert.Matches(@"\s+yes\s+yes\s+yes\s+", line);
        });
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Render_GivesSameBytes_WhenRenderedTwice(string document)
    {
        Assert.Equal(Render(document), Render(document));
    }

    [Fact]
    public void RenderRegistrationReceipt_MatchesSnapshot()
    {
        Snapshot.Match(PdfText.Extract(_renderer.RenderRegistrationReceipt(Samples.Receipt())));
    }

    [Fact]
    public void RenderNotaDinas_MatchesSnapshot_WhenApproval()
    {
        Snapshot.Match(PdfText.Extract(_renderer.RenderNotaDinas(Samples.ApprovalMemo())));
    }

    [Fact]
    public void RenderNotaDinas_MatchesSnapshot_WhenRejection()
    {
        Snapshot.Match(PdfText.Extract(_renderer.RenderNotaDinas(Samples.RejectionMemo())));
    }

    [Fact]
    public void RenderDecree_MatchesSnapshot_WhenDraft()
    {
        Snapshot.Match(PdfText.Extract(_renderer.RenderDecree(Samples.Decree(DecreeStatus.Draft))));
    }

    [Fact]
    public void RenderDecree_MatchesSnapshot_WhenFinal()
    {
        Snapshot.Match(PdfText.Extract(_renderer.RenderDecree(Samples.Decree(DecreeStatus.Final))));
    }

    [Fact]
    public void RenderDecree_Watermarks_OnlyTheDraft()
    {
        var draft = PdfText.Extract(_renderer.RenderDecree(Samples.Decree(DecreeStatus.Draft)));
        var final = PdfText.Extract(_renderer.RenderDecree(Samples.Decree(DecreeStatus.Final)));

        Assert.Contains("[teks miring] DRAFT", draft, StringComparison.Ordinal);
        Assert.DoesNotContain("DRAFT", final, StringComparison.Ordinal);
        Assert.Contains("Kode verifikasi: SK7Q-M2XD", final, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderDecree_Throws_WhenFinalHasNoVerificationCode()
    {
        var decree = Samples.Decree(DecreeStatus.Final) with { VerificationCode = null };

        Assert.Throws<ArgumentException>(() => _renderer.RenderDecree(decree));
    }

    [Fact]
    public void RenderNotaDinas_Throws_WhenRejectionHasNoReason()
    {
        var memo = Samples.RejectionMemo() with { RejectionReason = " " };

        Assert.Throws<ArgumentException>(() => _renderer.RenderNotaDinas(memo));
    }

    [Fact]
    public void Render_DrawsLetterheadWithoutLogo_WhenNoLogoIsConfigured()
    {
        var renderer = new DocumentRenderer(Samples.Letterhead(withLogo: false));

        var text = PdfText.Extract(renderer.RenderNotaDinas(Samples.ApprovalMemo()));

        Assert.StartsWith("--- halaman 1 ---\nPEMERINTAH KABUPATEN SUKAMAJU\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FlowsOntoMorePages_WhenTheListIsLong()
    {
        var receipt = Samples.Receipt() with
        {
            RequirementsReceived = Enumerable.Range(1, 40).Select(i => $"Persyaratan tambahan nomor {i}").ToList(),
        };

        using var parsed = PdfDocument.Open(_renderer.RenderRegistrationReceipt(receipt));

        Assert.True(parsed.NumberOfPages >= 2);
        Assert.Contains("Persyaratan tambahan nomor 40", string.Join(' ', parsed.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text)))), StringComparison.Ordinal);
    }

    private byte[] Render(string document) => document switch
    {
        "tanda-terima" => _renderer.RenderRegistrationReceipt(Samples.Receipt()),
        "nota-dinas-persetujuan" => _renderer.RenderNotaDinas(Samples.ApprovalMemo()),
        "nota-dinas-penolakan" => _renderer.RenderNotaDinas(Samples.RejectionMemo()),
        "sk-draf" => _renderer.RenderDecree(Samples.Decree(DecreeStatus.Draft)),
        "sk-final" => _renderer.RenderDecree(Samples.Decree(DecreeStatus.Final)),
        _ => throw new ArgumentOutOfRangeException(nameof(document)),
    };
}
