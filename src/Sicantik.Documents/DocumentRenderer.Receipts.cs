using Sicantik.Documents.Receipts;
using Sicantik.Documents.Resources;

namespace Sicantik.Documents;

public sealed partial class DocumentRenderer
{
    /// <summary>The registration receipt (tanda terima pendaftaran) as a PDF.</summary>
    public byte[] RenderRegistrationReceipt(RegistrationReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return Render(
            DocumentText.Get("ReceiptTitle") + " " + receipt.RegistrationNumber,
            receipt.ReceivedAt,
            page => RegistrationReceiptLayout.Draw(page, receipt, _letterhead));
    }
}
