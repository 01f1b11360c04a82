using Sicantik.Documents.Decrees;
using Sicantik.Documents.Layout;
using Sicantik.Documents.Resources;

namespace Sicantik.Documents;

public sealed partial class DocumentRenderer
{
    /// <summary>
    /// The permit decree (SK) as a PDF: a draft watermarked DRAFT, or the final one with the QR code and the
    /// verification code, ready for <see cref="Signing.PdfSigner.Sign"/>.
    /// </summary>
    public byte[] RenderDecree(PermitDecree decree)
    {
        ArgumentNullException.ThrowIfNull(decree);
        if (decree.Status == DecreeStatus.Final && (decree.VerificationUrl is null || string.IsNullOrWhiteSpace(decree.VerificationCode)))
        {
            throw new ArgumentException("A final decree needs its verification code and URL.", nameof(decree));
        }

        var draft = decree.Status == DecreeStatus.Draft;
        return Render(
            DocumentText.Get("DecreeHeading", decree.Signer.Position) + " " + decree.Number,
            new DateTimeOffset(decree.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            page => PermitDecreeLayout.Draw(page, decree),
            draft ? PermitDecreeLayout.DrawWatermark : null);
    }
}
