namespace Sicantik.Perizinan.Documents;

/// <summary>The file types a requirement can accept, recognised by their content (magic bytes), not only by name.</summary>
public enum FileKind
{
    Pdf,
    Jpeg,
    Png,
}

/// <summary>Names, extensions, media types and signatures of the accepted file kinds; and what is refused outright.</summary>
public static class FileKinds
{
    /// <summary>The type names administrators use in <see cref="PermitTypes.Requirement.AcceptedTypes"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["pdf", "jpg", "png"];

    /// <summary>How many leading bytes <see cref="Detect"/> needs.</summary>
    internal const int HeaderLength = 16;

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    // Windows PE/DOS (MZ), ELF, Mach-O (32/64-bit, both byte orders, fat binaries), scripts (#!).
    private static readonly byte[][] ProgramMagics =
    [
        "MZ"u8.ToArray(),
        [0x7F, (byte)'E', (byte)'L', (byte)'F'],
        [0xFE, 0xED, 0xFA, 0xCE],
        [0xFE, 0xED, 0xFA, 0xCF],
        [0xCE, 0xFA, 0xED, 0xFE],
        [0xCF, 0xFA, 0xED, 0xFE],
        [0xCA, 0xFE, 0xBA, 0xBE],
        "#!"u8.ToArray(),
    ];

    /// <summary>The canonical type name of an administrator's or a file name's extension (<c>jpeg</c> is <c>jpg</c>); <c>null</c> when unknown.</summary>
    public static string? Normalize(string? typeOrExtension)
    {
        var value = typeOrExtension?.Trim().TrimStart('.').ToUpperInvariant();
        return value switch
        {
            "PDF" => "pdf",
            "JPG" or "JPEG" => "jpg",
            "PNG" => "png",
            _ => null,
        };
    }

    public static string NameOf(FileKind kind) => kind switch
    {
        FileKind.Pdf => "pdf",
        FileKind.Jpeg => "jpg",
        _ => "png",
    };

    public static string MediaTypeOf(FileKind kind) => kind switch
    {
        FileKind.Pdf => "application/pdf",
        FileKind.Jpeg => "image/jpeg",
        _ => "image/png",
    };

    /// <summary>What the leading bytes say the file is.</summary>
    internal static ContentCheck Detect(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith(PdfMagic))
        {
            return new ContentCheck(FileKind.Pdf, IsExecutable: false);
        }

        if (header.StartsWith(PngMagic))
        {
            return new ContentCheck(FileKind.Png, IsExecutable: false);
        }

        if (header.StartsWith(JpegMagic))
        {
            return new ContentCheck(FileKind.Jpeg, IsExecutable: false);
        }

        return new ContentCheck(null, IsExecutable(header));
    }

    private static bool IsExecutable(ReadOnlySpan<byte> header)
    {
        foreach (var magic in ProgramMagics)
        {
            if (header.StartsWith(magic))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The kind the content is (<c>null</c> when none of the accepted ones), and whether it is a program.</summary>
internal readonly record struct ContentCheck(FileKind? Kind, bool IsExecutable);
