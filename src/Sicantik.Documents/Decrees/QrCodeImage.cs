using QRCoder;
using SkiaSharp;

namespace Sicantik.Documents.Decrees;

internal static class QrCodeImage
{
    /// <summary>The QR code of <paramref name="text"/> as an image, ten pixels a module so that it prints sharp.</summary>
    public static SKImage Create(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(10, drawQuietZones: false);
        using var encoded = SKData.CreateCopy(png);
        return SKImage.FromEncodedData(encoded)
            ?? throw new InvalidOperationException("The QR code image could not be decoded.");
    }
}
