using SkiaSharp;

namespace Sicantik.Documents.Fonts;

/// <summary>
/// The typefaces every document is drawn with, read from the assembly's embedded resources so that the output never
/// depends on the fonts installed on the machine. DejaVu Serif only: Skia embeds a font whole (it does not subset
/// without HarfBuzz), so each extra face adds some hundred kilobytes to every PDF.
/// </summary>
internal static class DocumentFonts
{
    private static readonly Lazy<SKTypeface> RegularFace = new(() => Load("DejaVuSerif.ttf"));
    private static readonly Lazy<SKTypeface> BoldFace = new(() => Load("DejaVuSerif-Bold.ttf"));
    private static readonly Lazy<SKTypeface> ItalicFace = new(() => Load("DejaVuSerif-Italic.ttf"));

    public static SKTypeface Regular => RegularFace.Value;

    public static SKTypeface Bold => BoldFace.Value;

    public static SKTypeface Italic => ItalicFace.Value;

    private static SKTypeface Load(string fileName)
    {
        var name = "Sicantik.Documents.Fonts." + fileName;
        using var stream = typeof(DocumentFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font resource '{name}' is missing from the assembly.");
        // SKData keeps its own copy alive for as long as the typeface needs it.
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"The font resource '{name}' could not be read.");
    }
}
