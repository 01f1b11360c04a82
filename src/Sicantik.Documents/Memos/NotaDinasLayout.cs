using Sicantik.Documents.Layout;
using Sicantik.Documents.Resources;

namespace Sicantik.Documents.Memos;

internal static class NotaDinasLayout
{
    public static void Draw(PageComposer page, NotaDinas memo)
    {
        var cm = PageComposer.Centimetre;
        var body = TextStyle.Body;
        page.Paragraph(DocumentText.Get("MemoTitle"), TextStyle.Title.WithSize(14f), page.Left, page.Width, TextAlign.Center);
        page.Paragraph(DocumentText.Get("MemoNumberLine", memo.Number), body, page.Left, page.Width, TextAlign.Center);
        page.Space(14f);

        var labelX = page.Left;
        var colonX = page.Left + (2.4f * cm);
        var valueX = colonX + (0.4f * cm);
        page.LabeledRow(DocumentText.Get("MemoTo"), memo.To.Position, body, labelX, colonX, valueX);
        page.LabeledRow(DocumentText.Get("MemoFrom"), memo.From.Position, body, labelX, colonX, valueX);
        page.LabeledRow(DocumentText.Get("MemoDate"), IndonesianFormat.Date(memo.Date), body, labelX, colonX, valueX);
        page.LabeledRow(DocumentText.Get("MemoNature"), Or(memo.Nature, DocumentText.Get("MemoNatureDefault")), body, labelX, colonX, valueX);
        page.LabeledRow(DocumentText.Get("MemoAttachment"), Or(memo.Attachment, DocumentText.Get("Dash")), body, labelX, colonX, valueX);
        var subject = Or(memo.Subject, DocumentText.Get(memo.Kind == NotaDinasKind.Approval ? "MemoSubjectApproval" : "MemoSubjectRejection", memo.PermitType));
        page.LabeledRow(DocumentText.Get("MemoSubject"), subject, body, labelX, colonX, valueX);
        page.Space(3f);
        page.Rule(page.Left, page.Right, page.Y, 1.2f);
        page.Space(12f);

        var indent = 1.25f * cm;
        var markerX = page.Left + (0.6f * cm);
        var itemX = page.Left + (1.2f * cm);
        string conclusion;
        if (memo.Kind == NotaDinasKind.Approval)
        {
            page.Paragraph(
                DocumentText.Get("MemoOpening", memo.PermitType, memo.Applicant.Name, memo.RegistrationNumber),
                body,
                page.Left,
                page.Width,
                TextAlign.Justify,
                indent);
            page.Space(3f);
            var points = DocumentText.List("MemoApprovalPoints").ToList();
            points.Add(string.IsNullOrWhiteSpace(memo.DraftDecreeNumber)
                ? DocumentText.Get("MemoApprovalNoDraftPoint")
                : DocumentText.Get("MemoApprovalDraftPoint", memo.DraftDecreeNumber));
            for (var i = 0; i < points.Count; i++)
            {
                page.Item(IndonesianFormat.Letter(i) + ".", points[i], body, markerX, itemX);
            }

            conclusion = DocumentText.Get("MemoApprovalConclusion");
        }
        else
        {
            page.Paragraph(
                DocumentText.Get("MemoRejectionOpening", memo.PermitType, memo.Applicant.Name, memo.RegistrationNumber),
                body,
                page.Left,
                page.Width,
                TextAlign.Justify,
                indent);
            page.Space(4f);
            page.Paragraph(memo.RejectionReason ?? string.Empty, TextStyle.BodyBold, indent + page.Left, page.Width - (2 * indent), TextAlign.Justify);
            conclusion = DocumentText.Get("MemoRejectionConclusion");
        }

        page.Space(6f);
        page.Paragraph(conclusion, body, page.Left, page.Width, TextAlign.Justify, indent);
        foreach (var note in memo.Notes.Where(n => !string.IsNullOrWhiteSpace(n)))
        {
            page.Space(6f);
            page.Paragraph(note, body, page.Left, page.Width, TextAlign.Justify, indent);
        }

        page.Space(6f);
        page.Paragraph(DocumentText.Get("MemoClosing"), body, page.Left, page.Width, TextAlign.Justify, indent);

        page.Space(22f);
        var signerX = page.Left + (page.Width * 0.5f);
        SignatureBlock.Draw(page, [memo.From.Position + ","], memo.From, signerX, page.Right - signerX, 58f);
    }

    private static string Or(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;
}
