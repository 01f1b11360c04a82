using Sicantik.Documents.Resources;

namespace Sicantik.Documents.Layout;

/// <summary>
/// The block a signer signs in: the position above, room for the signature (or what stands in for it), then the
/// name in bold and underlined, the rank and the NIP.
/// </summary>
internal static class SignatureBlock
{
    public static float Height(PageComposer page, IReadOnlyList<string> heading, Official signer, float x, float width, float gap)
    {
        var style = TextStyle.Body;
        var lines = heading.Sum(h => page.Wrap(h, style, width).Count);
        lines += 1 + (string.IsNullOrWhiteSpace(signer.Rank) ? 0 : 1) + (string.IsNullOrWhiteSpace(signer.Nip) ? 0 : 1);
        return (lines * page.LineHeight(style)) + gap;
    }

    /// <summary>
    /// Draws the block in the column [x, x + width]. <paramref name="drawInGap"/> fills the room left for the
    /// signature, given the top of that room.
    /// </summary>
    public static void Draw(
        PageComposer page,
        IReadOnlyList<string> heading,
        Official signer,
        float x,
        float width,
        float gap,
        TextAlign align = TextAlign.Left,
        Action<float>? drawInGap = null)
    {
        page.KeepTogether(Height(page, heading, signer, x, width, gap));
        foreach (var line in heading)
        {
            page.Paragraph(line, TextStyle.Body, x, width, align);
        }

        drawInGap?.Invoke(page.Y);
        page.Y += gap;
        var nameStyle = TextStyle.BodyBold;
        page.DrawText(signer.Name, nameStyle, x, page.Y, align, width);
        var nameWidth = page.Measure(signer.Name, nameStyle);
        var nameLeft = align switch
        {
            TextAlign.Center => x + ((width - nameWidth) / 2f),
            TextAlign.Right => x + width - nameWidth,
            _ => x,
        };
        var underline = page.Y + (nameStyle.Size * 1.05f) + 1.6f;
        page.Rule(nameLeft, nameLeft + nameWidth, underline, 0.6f);
        page.Y += page.LineHeight(nameStyle);
        if (!string.IsNullOrWhiteSpace(signer.Rank))
        {
            page.Paragraph(signer.Rank, TextStyle.Body, x, width, align);
        }

        if (!string.IsNullOrWhiteSpace(signer.Nip))
        {
            page.Paragraph(DocumentText.Get("NipLabel", signer.Nip), TextStyle.Body, x, width, align);
        }
    }
}
