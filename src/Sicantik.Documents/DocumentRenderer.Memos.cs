using Sicantik.Documents.Memos;
using Sicantik.Documents.Resources;

namespace Sicantik.Documents;

public sealed partial class DocumentRenderer
{
    /// <summary>A nota dinas, approval or rejection, as a PDF.</summary>
    public byte[] RenderNotaDinas(NotaDinas memo)
    {
        ArgumentNullException.ThrowIfNull(memo);
        if (memo.Kind == NotaDinasKind.Rejection && string.IsNullOrWhiteSpace(memo.RejectionReason))
        {
            throw new ArgumentException("A rejection memo needs the reason.", nameof(memo));
        }

        return Render(
            DocumentText.Get("MemoTitle") + " " + memo.Number,
            new DateTimeOffset(memo.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            page => NotaDinasLayout.Draw(page, memo));
    }
}
