using System.Text;

namespace Sicantik.Documents.Pdf;

/// <summary>
/// A PDF's cross-reference: where each object starts, and the newest trailer. Reads classic xref tables (what Skia
/// and <see cref="Signing.PdfSigner"/> write) through every /Prev. Recursive and trusting: it reads only the
/// documents this office generates, never an upload (those go through <see cref="Verification.UntrustedPdfReader"/>).
/// </summary>
internal sealed class PdfFile
{
    private readonly Dictionary<int, long> _offsets;

    private PdfFile(byte[] data, Dictionary<int, long> offsets, PdfDictionary trailer, long startXref)
    {
        Data = data;
        _offsets = offsets;
        Trailer = trailer;
        StartXref = startXref;
    }

    public byte[] Data { get; }

    /// <summary>The newest trailer.</summary>
    public PdfDictionary Trailer { get; }

    /// <summary>Where the newest cross-reference section starts (the next update's /Prev).</summary>
    public long StartXref { get; }

    public static PdfFile Parse(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var startXref = FindStartXref(data);
        var offsets = new Dictionary<int, long>();
        PdfDictionary? newest = null;
        var seen = new HashSet<long>();
        long? section = startXref;
        while (section is { } at)
        {
            if (!seen.Add(at) || at < 0 || at >= data.Length)
            {
                throw new FormatException($"Malformed PDF: cross-reference offset {at} is invalid.");
            }

            var trailer = ReadXrefSection(data, (int)at, offsets);
            newest ??= trailer;
            if (trailer["Encrypt"] is not null)
            {
                throw new NotSupportedException("Encrypted PDFs are not supported.");
            }

            section = (trailer["Prev"] as PdfNumber)?.AsLong;
        }

        var file = new PdfFile(data, offsets, newest!, startXref);
        return file;
    }

    public PdfObject? GetObject(int number)
    {
        if (!_offsets.TryGetValue(number, out var offset) || offset < 0)
        {
            return null;
        }

        return new PdfParser(Data, (int)offset).ReadIndirectObject(number);
    }

    public PdfObject? Resolve(PdfObject? value) => value is PdfReference reference ? GetObject(reference.Number) : value;

    public PdfDictionary Catalog => Resolve(Trailer["Root"]) as PdfDictionary
        ?? throw new FormatException("Malformed PDF: the trailer has no document catalog.");

    /// <summary>The pages in order, walking the page tree from the catalog.</summary>
    public IReadOnlyList<PdfReference> PageReferences()
    {
        var pages = new List<PdfReference>();
        var visited = new HashSet<int>();
        Walk(Catalog["Pages"]);
        return pages;

        void Walk(PdfObject? node)
        {
            if (node is not PdfReference reference || !visited.Add(reference.Number))
            {
                return;
            }

            if (GetObject(reference.Number) is not PdfDictionary dictionary)
            {
                return;
            }

            if (dictionary.NameOf("Type") == "Page")
            {
                pages.Add(reference);
                return;
            }

            if (Resolve(dictionary["Kids"]) is PdfArray kids)
            {
                foreach (var kid in kids.Items)
                {
                    Walk(kid);
                }
            }
        }
    }

    private static long FindStartXref(byte[] data)
    {
        var keyword = "startxref"u8;
        var from = Math.Max(0, data.Length - 2048);
        var at = data.AsSpan(from).LastIndexOf(keyword);
        if (at < 0)
        {
            throw new FormatException("Malformed PDF: no startxref.");
        }

        var parser = new PdfParser(data, from + at + keyword.Length);
        return parser.ReadInteger();
    }

    private static PdfDictionary ReadXrefSection(byte[] data, int offset, Dictionary<int, long> offsets)
    {
        var parser = new PdfParser(data, offset);
        if (parser.ReadToken() != "xref")
        {
            throw new FormatException("Malformed PDF: expected a cross-reference table (cross-reference streams are not supported).");
        }

        while (true)
        {
            var token = parser.ReadToken();
            if (token == "trailer")
            {
                return parser.ReadObject() as PdfDictionary ?? throw new FormatException("Malformed PDF: the trailer is not a dictionary.");
            }

            var first = int.Parse(token, System.Globalization.CultureInfo.InvariantCulture);
            var count = parser.ReadInteger();
            for (var i = 0; i < count; i++)
            {
                var entryOffset = parser.ReadInteger();
                parser.ReadInteger();
                var kind = parser.ReadToken();
                // Sections are read newest first: an object's newest entry wins.
                if (kind == "n" && !offsets.ContainsKey(first + i))
                {
                    offsets[first + i] = entryOffset;
                }
                else if (kind == "f")
                {
                    offsets.TryAdd(first + i, -1);
                }
            }
        }
    }
}
