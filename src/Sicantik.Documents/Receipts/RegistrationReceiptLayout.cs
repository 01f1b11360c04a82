using SkiaSharp;
using Sicantik.Documents.Layout;
using Sicantik.Documents.Resources;

namespace Sicantik.Documents.Receipts;

internal static class RegistrationReceiptLayout
{
    public static void Draw(PageComposer page, RegistrationReceipt receipt, LetterheadOptions letterhead)
    {
        var cm = PageComposer.Centimetre;
        page.Paragraph(DocumentText.Get("ReceiptTitle"), TextStyle.Title, page.Left, page.Width, TextAlign.Center);
        page.Paragraph(DocumentText.Get("ReceiptNumberLine", receipt.RegistrationNumber), TextStyle.Body, page.Left, page.Width, TextAlign.Center);
        page.Space(14f);

        page.Paragraph(DocumentText.Get("ReceiptIntro"), TextStyle.Body, page.Left, page.Width, TextAlign.Justify);
        page.Space(4f);
        var labelX = page.Left + (0.5f * cm);
        var colonX = page.Left + (4.6f * cm);
        var valueX = colonX + (0.4f * cm);
        var body = TextStyle.Body;
        page.LabeledRow(DocumentText.Get("ReceiptRegistrationNumber"), receipt.RegistrationNumber, body, labelX, colonX, valueX, TextStyle.BodyBold);
        page.LabeledRow(DocumentText.Get("ReceiptApplicantName"), receipt.Applicant.Name, body, labelX, colonX, valueX);
        if (!string.IsNullOrWhiteSpace(receipt.Applicant.Nik))
        {
            page.LabeledRow(DocumentText.Get("ReceiptNik"), receipt.Applicant.Nik, body, labelX, colonX, valueX);
        }

        if (!string.IsNullOrWhiteSpace(receipt.Applicant.Nib))
        {
            page.LabeledRow(DocumentText.Get("ReceiptNib"), receipt.Applicant.Nib, body, labelX, colonX, valueX);
        }

        if (!string.IsNullOrWhiteSpace(receipt.Applicant.Address))
        {
            page.LabeledRow(DocumentText.Get("ReceiptAddress"), receipt.Applicant.Address, body, labelX, colonX, valueX);
        }

        page.LabeledRow(DocumentText.Get("ReceiptPermitType"), receipt.PermitType, body, labelX, colonX, valueX);
        page.LabeledRow(DocumentText.Get("ReceiptReceivedAt"), IndonesianFormat.DateTime(receipt.ReceivedAt), body, labelX, colonX, valueX);
        page.Space(10f);

        page.Paragraph(DocumentText.Get("ReceiptRequirementsHeading"), body, page.Left, page.Width);
        page.Space(3f);
        RequirementsTable(page, receipt.RequirementsReceived);
        page.Space(12f);

        page.Paragraph(DocumentText.Get("ReceiptClosing"), body, page.Left, page.Width, TextAlign.Justify, 1.25f * cm);
        if (receipt.TrackingUrl is not null)
        {
            // Left-aligned: a justified line holding a long URL would be stretched across the page.
            page.Paragraph(DocumentText.Get("ReceiptTracking", receipt.TrackingUrl.AbsoluteUri), body, page.Left, page.Width, TextAlign.Left, 1.25f * cm);
        }

        page.Space(20f);
        var date = DateOnly.FromDateTime(receipt.ReceivedAt.DateTime);
        var columnWidth = page.Width / 2f;
        var applicant = new Official(receipt.Applicant.Name, string.Empty);
        string[] clerkHeading = [DocumentText.Get("PlaceAndDate", letterhead.City, IndonesianFormat.Date(date)), DocumentText.Get("ReceiptClerkSignature")];
        var gap = 52f;
        page.KeepTogether(SignatureBlock.Height(page, clerkHeading, receipt.Clerk, page.Left + columnWidth, columnWidth, gap));

        // The applicant's block on the left, level with the clerk's, which has the place and date above it.
        var top = page.Y;
        page.Y = top + page.LineHeight(body);
        SignatureBlock.Draw(page, [DocumentText.Get("ReceiptApplicantSignature")], applicant, page.Left, columnWidth, gap, TextAlign.Center);
        page.Y = top;
        SignatureBlock.Draw(page, clerkHeading, receipt.Clerk, page.Left + columnWidth, columnWidth, gap, TextAlign.Center);
    }

    private static void RequirementsTable(PageComposer page, IReadOnlyList<string> requirements)
    {
        var cm = PageComposer.Centimetre;
        var body = TextStyle.Body;
        var numberWidth = 1.2f * cm;
        var statusWidth = 3.0f * cm;
        var requirementWidth = page.Width - numberWidth - statusWidth;
        var padding = 4f;
        Row(page, DocumentText.Get("ReceiptColumnNumber"), DocumentText.Get("ReceiptColumnRequirement"), DocumentText.Get("ReceiptColumnStatus"), TextStyle.BodyBold, header: true);
        if (requirements.Count == 0)
        {
            Row(page, string.Empty, DocumentText.Get("ReceiptNoRequirements"), string.Empty, body, header: false);
        }

        for (var i = 0; i < requirements.Count; i++)
        {
            Row(page, (i + 1).ToString(DocumentText.Culture) + ".", requirements[i], DocumentText.Get("ReceiptRequirementReceived"), body, header: false);
        }

        void Row(PageComposer p, string number, string requirement, string status, TextStyle style, bool header)
        {
            var lines = p.Wrap(requirement, style, requirementWidth - (2 * padding));
            var lineHeight = p.LineHeight(style);
            var height = (lines.Count * lineHeight) + (2 * padding);
            p.KeepTogether(height);
            var top = p.Y;
            var x = p.Left;
            var numberAlign = header ? TextAlign.Center : TextAlign.Right;
            p.DrawText(number, style, x + padding, top + padding, numberAlign, numberWidth - (2 * padding));
            for (var i = 0; i < lines.Count; i++)
            {
                p.DrawText(lines[i].Text, style, x + numberWidth + padding, top + padding + (i * lineHeight), header ? TextAlign.Center : TextAlign.Left, requirementWidth - (2 * padding));
            }

            p.DrawText(status, style, x + numberWidth + requirementWidth + padding, top + padding, TextAlign.Center, statusWidth - (2 * padding));
            p.Box(SKRect.Create(x, top, numberWidth, height), 0.6f);
            p.Box(SKRect.Create(x + numberWidth, top, requirementWidth, height), 0.6f);
            p.Box(SKRect.Create(x + numberWidth + requirementWidth, top, statusWidth, height), 0.6f);
            p.Y = top + height;
        }
    }
}
