using SkiaSharp;
using Sicantik.Documents.Fonts;
using Sicantik.Documents.Layout;
using Sicantik.Documents.Resources;

namespace Sicantik.Documents.Decrees;

/// <summary>
/// Lays a decree out the way an Indonesian keputusan reads: heading, menimbang, mengingat, MEMUTUSKAN, the
/// numbered dicta (KESATU, KEDUA, ...), then where and when it was enacted and the signer.
/// </summary>
internal static class PermitDecreeLayout
{
    public static void DrawWatermark(PageComposer page)
    {
        using var font = new SKFont(DocumentFonts.Bold, 150f);
        using var paint = new SKPaint { Color = new SKColor(0, 0, 0, 28), IsAntialias = true };
        var canvas = page.Canvas;
        canvas.Save();
        canvas.Translate(PageComposer.PageWidth / 2f, PageComposer.PageHeight / 2f);
        canvas.RotateDegrees(-45f);
        canvas.DrawText(DocumentText.Get("DecreeWatermark"), 0, 50f, SKTextAlign.Center, font, paint);
        canvas.Restore();
    }

    public static void Draw(PageComposer page, PermitDecree decree)
    {
        var cm = PageComposer.Centimetre;
        var body = TextStyle.Body;
        var bold = TextStyle.BodyBold;
        var author = decree.Signer.Position.ToUpperInvariant();
        var subject = string.IsNullOrWhiteSpace(decree.Title) ? DocumentText.Get("DecreeDefaultTitle", decree.PermitName) : decree.Title;
        var title = subject.ToUpperInvariant();

        page.Paragraph(DocumentText.Get("DecreeHeading", author), bold, page.Left, page.Width, TextAlign.Center);
        page.Paragraph(DocumentText.Get("DecreeNumberLine", decree.Number), body, page.Left, page.Width, TextAlign.Center);
        page.Space(4f);
        page.Paragraph(DocumentText.Get("DecreeAbout"), bold, page.Left, page.Width, TextAlign.Center);
        page.Paragraph(title, bold, page.Left, page.Width, TextAlign.Center);
        page.Space(10f);
        page.Paragraph(author + ",", bold, page.Left, page.Width, TextAlign.Center);
        page.Space(10f);

        var labelX = page.Left;
        var colonX = page.Left + (2.8f * cm);
        var markerX = colonX + (0.4f * cm);
        var textX = markerX + (0.65f * cm);

        var considerations = new List<string>
        {
            DocumentText.Get("DecreeConsideringApplication", decree.Holder.Name, decree.PermitName, decree.RegistrationNumber),
        };
        considerations.AddRange(decree.Considerations.Where(c => !string.IsNullOrWhiteSpace(c)));
        var previous = considerations.Count switch
        {
            1 => DocumentText.Get("DecreeLetterOne", IndonesianFormat.Letter(0)),
            2 => DocumentText.Get("DecreeLetterTwo", IndonesianFormat.Letter(0), IndonesianFormat.Letter(1)),
            _ => DocumentText.Get("DecreeLetterRange", IndonesianFormat.Letter(0), IndonesianFormat.Letter(considerations.Count - 1)),
        };
        considerations.Add(DocumentText.Get("DecreeConsideringConclusion", previous, decree.Signer.Position, subject));
        Section(page, DocumentText.Get("DecreeConsidering"), considerations, i => IndonesianFormat.Letter(i) + ".", labelX, colonX, markerX, textX);
        page.Space(6f);
        Section(page, DocumentText.Get("DecreeRecalling"), decree.LegalBasis, i => (i + 1).ToString(DocumentText.Culture) + ".", labelX, colonX, markerX, textX);
        page.Space(10f);

        // Keep-with-next: the heading never ends a page; it goes with at least two lines of what it decides.
        page.KeepTogether(page.LineHeight(bold) + 6f + page.TextHeight(bold, 2));
        page.Paragraph(DocumentText.Get("DecreeDecides"), bold, page.Left, page.Width, TextAlign.Center);
        page.Space(6f);
        var valueX = colonX + (0.4f * cm);
        page.Paragraph($"{DocumentText.Get("DecreeHeading", author)} {DocumentText.Get("DecreeAbout")} {title}.", bold, valueX, page.Right - valueX, onFirstLine: top =>
        {
            page.DrawText(DocumentText.Get("DecreeEnacts"), body, labelX, top);
            page.DrawText(":", body, colonX, top);
        });

        var ordinals = DocumentText.List("DecreeOrdinals");
        var next = 0;
        page.Space(4f);
        Dictum(page, ordinals[next++], DocumentText.Get("DecreeGrant", decree.PermitName), labelX, colonX, valueX, body);
        var subLabelX = valueX + (0.2f * cm);
        var subColonX = valueX + (2.6f * cm);
        var subValueX = subColonX + (0.35f * cm);
        page.LabeledRow(DocumentText.Get("DecreeHolderName"), decree.Holder.Name, body, subLabelX, subColonX, subValueX, bold);
        if (!string.IsNullOrWhiteSpace(decree.Holder.Nik))
        {
            page.LabeledRow(DocumentText.Get("ReceiptNik"), decree.Holder.Nik, body, subLabelX, subColonX, subValueX);
        }

        if (!string.IsNullOrWhiteSpace(decree.Holder.Nib))
        {
            page.LabeledRow(DocumentText.Get("ReceiptNib"), decree.Holder.Nib, body, subLabelX, subColonX, subValueX);
        }

        if (!string.IsNullOrWhiteSpace(decree.Holder.Address))
        {
            page.LabeledRow(DocumentText.Get("DecreeHolderAddress"), decree.Holder.Address, body, subLabelX, subColonX, subValueX);
        }

        page.LabeledRow(DocumentText.Get("DecreeActivity"), decree.PermittedActivity, body, subLabelX, subColonX, subValueX);
        page.LabeledRow(DocumentText.Get("DecreeLocation"), decree.Location, body, subLabelX, subColonX, subValueX);

        page.Space(4f);
        var validity = decree.ValidUntil is { } until
            ? DocumentText.Get("DecreeValidityUntil", decree.PermitName, IndonesianFormat.Date(decree.ValidFrom), IndonesianFormat.Date(until))
            : DocumentText.Get("DecreeValidityOpen", decree.PermitName, IndonesianFormat.Date(decree.ValidFrom));
        Dictum(page, ordinals[next++], validity, labelX, colonX, valueX, body);

        var obligations = decree.Obligations.Where(o => !string.IsNullOrWhiteSpace(o)).ToList();
        if (obligations.Count > 0)
        {
            page.Space(4f);
            Dictum(page, ordinals[next++], DocumentText.Get("DecreeObligations"), labelX, colonX, valueX, body);
            for (var i = 0; i < obligations.Count; i++)
            {
                page.Item((i + 1).ToString(DocumentText.Culture) + ".", obligations[i], body, valueX, valueX + (0.6f * cm));
            }
        }

        page.Space(4f);
        Dictum(page, ordinals[next++], DocumentText.Get("DecreeRevocation", decree.PermitName), labelX, colonX, valueX, body);
        page.Space(4f);
        Dictum(page, ordinals[next], DocumentText.Get("DecreeEffective"), labelX, colonX, valueX, body);

        page.Space(18f);
        SignerBlock(page, decree);
    }

    private static void SignerBlock(PageComposer page, PermitDecree decree)
    {
        var cm = PageComposer.Centimetre;
        var body = TextStyle.Body;
        var x = page.Left + (page.Width * 0.46f);
        var width = page.Right - x;
        var qrSize = 2.6f * cm;
        var gap = qrSize + 26f;
        var heading = new List<string> { decree.Signer.Position.ToUpperInvariant() + "," };
        var enactedHeight = (page.LineHeight(body) * 2) + 6f;
        page.KeepTogether(enactedHeight + SignatureBlock.Height(page, heading, decree.Signer, x, width, gap));

        var colonX = x + (2.9f * cm);
        var valueX = colonX + (0.35f * cm);
        page.LabeledRow(DocumentText.Get("DecreeEnactedAt"), decree.Place, body, x, colonX, valueX);
        page.LabeledRow(DocumentText.Get("DecreeEnactedOn"), IndonesianFormat.Date(decree.Date), body, x, colonX, valueX);
        page.Rule(x, page.Right, page.Y + 1f, 0.6f);
        page.Space(6f);

        SignatureBlock.Draw(page, heading, decree.Signer, x, width, gap, TextAlign.Left, top =>
        {
            var small = new TextStyle(DocumentFonts.Italic, 8.5f);
            if (decree.Status == DecreeStatus.Draft)
            {
                page.DrawText(DocumentText.Get("DecreeDraftNotSigned"), small, x, top + (gap / 2f) - 6f);
                return;
            }

            using var qr = QrCodeImage.Create(decree.VerificationUrl!.AbsoluteUri);
            var rect = SKRect.Create(x, top + 4f, qrSize, qrSize);
            page.Image(qr, rect, crisp: true);
            var besideX = rect.Right + 8f;
            page.DrawText(DocumentText.Get("DecreeSignedElectronically"), small, besideX, rect.Top + (qrSize / 2f) - 12f);
            page.DrawText(DocumentText.Get("DecreeVerificationCode", decree.VerificationCode), new TextStyle(DocumentFonts.Bold, 8.5f), x, rect.Bottom + 3f);
        });

        page.Space(16f);
        var footer = decree.Status == DecreeStatus.Draft
            ? DocumentText.Get("DecreeDraftFooter")
            : DocumentText.Get("DecreeFooter", decree.VerificationUrl!.AbsoluteUri);
        // The rule and the footer go together, measured: a one-line draft note needs no room for three lines.
        page.KeepTogether(4f + page.ParagraphHeight(footer, TextStyle.SmallItalic, page.Width));
        page.Rule(page.Left, page.Right, page.Y, 0.4f);
        page.Space(4f);
        page.Paragraph(footer, TextStyle.SmallItalic, page.Left, page.Width);
    }

    /// <summary>"Menimbang : a. bahwa ...; b. bahwa ...": a label with a list hanging after its colon.</summary>
    private static void Section(
        PageComposer page,
        string label,
        IReadOnlyList<string> items,
        Func<int, string> marker,
        float labelX,
        float colonX,
        float markerX,
        float textX)
    {
        var body = TextStyle.Body;
        for (var i = 0; i < items.Count; i++)
        {
            var first = i == 0;
            page.Paragraph(items[i], body, textX, page.Right - textX, TextAlign.Justify, onFirstLine: top =>
            {
                if (first)
                {
                    page.DrawText(label, body, labelX, top);
                    page.DrawText(":", body, colonX, top);
                }

                page.DrawText(marker(i), body, markerX, top);
            });
        }
    }

    private static void Dictum(PageComposer page, string label, string text, float labelX, float colonX, float valueX, TextStyle textStyle)
    {
        var labelStyle = TextStyle.BodyBold;
        page.Paragraph(text, textStyle, valueX, page.Right - valueX, TextAlign.Justify, onFirstLine: top =>
        {
            page.DrawText(label, labelStyle, labelX, top);
            page.DrawText(":", labelStyle, colonX, top);
        });
    }
}
