using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Sicantik.Documents.Tests.Support;

/// <summary>
/// PDFs an attacker uploads to the public verification: nesting past any stack, reference loops, broken and huge
/// cross-references, a stream that inflates to hundreds of megabytes, truncated files and signatures whose byte range
/// points outside the file. Written here, byte by byte, so that each one is exactly the fault it names.
/// </summary>
public static class HostilePdfs
{
    /// <summary>Deeper than any recursive parser's stack survives (the issue's 30 KB body reached the host).</summary>
    public const int Depth = 40_000;

    /// <summary>What the object stream of <see cref="ObjectStreamBomb"/> inflates to.</summary>
    public const int BombBytes = 256 * 1024 * 1024;

    /// <summary>The corpus by name: each is a different fault.</summary>
    public static IReadOnlyDictionary<string, Func<byte[]>> All { get; } = new Dictionary<string, Func<byte[]>>(StringComparer.Ordinal)
    {
        ["deep-arrays-in-trailer"] = DeepArraysInTrailer,
        ["deep-arrays-in-object"] = DeepArraysInObject,
        ["deep-dictionaries"] = DeepDictionaries,
        ["self-reference"] = SelfReference,
        ["page-tree-cycle"] = PageTreeCycle,
        ["field-kids-cycle"] = FieldKidsCycle,
        ["xref-billion-entries"] = XrefBillionEntries,
        ["startxref-beyond-eof"] = StartXrefBeyondEof,
        ["xref-garbage"] = XrefGarbage,
        ["object-stream-bomb"] = ObjectStreamBomb,
        ["truncated"] = Truncated,
        ["byterange-beyond-eof"] = () => WithSignature("[0 100 999999999 10]"),
        ["byterange-negative"] = () => WithSignature("[-100 200 300 -5]"),
        ["byterange-overlapping"] = () => WithSignature("[0 400 100 200]"),
        ["byterange-huge-numbers"] = () => WithSignature("[0 1e300 99999999999999999999 3]"),
    };

    /// <summary>The names of <see cref="All"/>, for theories.</summary>
    public static TheoryData<string> Names => new(All.Keys);

    /// <summary>The issue's body: <c>%PDF-1.4 trailer &lt;&lt; /Root [[[[…</c>.</summary>
    public static byte[] DeepArraysInTrailer() =>
        Latin1("%PDF-1.4\ntrailer\n<< /Root " + new string('[', Depth) + new string(']', Depth) + " >>\n%%EOF\n");

    /// <summary>A well-formed file whose AcroForm holds 40,000 nested arrays.</summary>
    public static byte[] DeepArraysInObject() => Build(
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields " + new string('[', Depth) + new string(']', Depth) + " >> >>",
        Pages);

    /// <summary>A well-formed file whose AcroForm holds 40,000 nested dictionaries.</summary>
    public static byte[] DeepDictionaries()
    {
        var nested = new StringBuilder();
        for (var i = 0; i < Depth; i++)
        {
            nested.Append("<< /A ");
        }

        nested.Append("1 ");
        nested.Insert(nested.Length, ">> ", Depth);
        return Build("<< /Type /Catalog /Pages 2 0 R /AcroForm " + nested + ">>", Pages);
    }

    /// <summary>The form names itself as its own value: 3 0 obj is <c>3 0 R</c>.</summary>
    public static byte[] SelfReference() => Build(
        "<< /Type /Catalog /Pages 2 0 R /AcroForm 3 0 R >>",
        Pages,
        "3 0 R",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");

    /// <summary>The page tree's /Kids lead back to its root, and each page's /Parent to the other.</summary>
    public static byte[] PageTreeCycle() => Build(
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Pages /Kids [2 0 R 4 0 R] /Parent 4 0 R /Count 1 >>",
        "<< /Type /Pages /Kids [3 0 R] /Parent 3 0 R /Count 1 >>");

    /// <summary>A signature field whose /Kids contain itself and its /Parent.</summary>
    public static byte[] FieldKidsCycle() => Build(
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
        Pages,
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        "<< /FT /Sig /T (a) /Kids [4 0 R 5 0 R] /Parent 5 0 R >>",
        "<< /T (b) /Kids [4 0 R 5 0 R] /Parent 4 0 R >>");

    /// <summary>A cross-reference section that claims 10^9 entries.</summary>
    public static byte[] XrefBillionEntries()
    {
        var pdf = Encoding.Latin1.GetString(Build("<< /Type /Catalog /Pages 2 0 R >>", Pages, PageObject));
        return Latin1(pdf.Replace("xref\n0 4\n", "xref\n0 1000000000\n", StringComparison.Ordinal));
    }

    /// <summary>startxref points a gigabyte past the end of the file.</summary>
    public static byte[] StartXrefBeyondEof()
    {
        var pdf = Encoding.Latin1.GetString(Build("<< /Type /Catalog /Pages 2 0 R >>", Pages, PageObject));
        var at = pdf.LastIndexOf("startxref\n", StringComparison.Ordinal);
        return Latin1(pdf[..at] + "startxref\n1073741824\n%%EOF\n");
    }

    /// <summary>The cross-reference table's entries are noise, and its /Prev points at itself.</summary>
    public static byte[] XrefGarbage()
    {
        var pdf = Encoding.Latin1.GetString(Build("<< /Type /Catalog /Pages 2 0 R >>", Pages, PageObject));
        var xref = pdf.LastIndexOf("xref\n", StringComparison.Ordinal);
        var startxref = pdf.LastIndexOf("startxref\n", StringComparison.Ordinal);
        var garbage = "xref\n0 4\n" + string.Concat(Enumerable.Repeat("99999999999 65535 q\r\n", 4))
            + $"trailer\n<< /Size -4 /Root 1 0 R /Prev {xref} >>\n";
        return Latin1(pdf[..xref] + garbage + pdf[startxref..]);
    }

    /// <summary>
    /// A PDF 1.5 file whose catalog sits in an object stream of a few hundred kilobytes that inflates to
    /// <see cref="BombBytes"/>: reading the catalog inflates it.
    /// </summary>
    public static byte[] ObjectStreamBomb()
    {
        var bomb = new MemoryStream();
        using (var zlib = new ZLibStream(bomb, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write("3 0 << /Type /Catalog /Pages 4 0 R >>\n"u8);
            var zeros = new byte[1024 * 1024];
            for (var written = 0; written < BombBytes; written += zeros.Length)
            {
                zlib.Write(zeros);
            }
        }

        var file = new MemoryStream();
        void Write(string text) => file.Write(Encoding.Latin1.GetBytes(text));
        Write("%PDF-1.5\n%\u00e2\u00e3\u00cf\u00d3\n");
        var objectStream = file.Position;
        Write($"1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {bomb.Length} >>\nstream\n");
        file.Write(bomb.ToArray());
        Write("\nendstream\nendobj\n");
        var xrefStream = file.Position;

        // Entries of /W [1 4 2]: free 0; objects 1 and 2 in the file; object 3 (the catalog) in object stream 1.
        var entries = new MemoryStream();
        void Entry(byte type, long field2, int field3)
        {
            entries.WriteByte(type);
            entries.Write([(byte)(field2 >> 24), (byte)(field2 >> 16), (byte)(field2 >> 8), (byte)field2]);
            entries.Write([(byte)(field3 >> 8), (byte)field3]);
        }

        Entry(0, 0, 65535);
        Entry(1, objectStream, 0);
        Entry(1, xrefStream, 0);
        Entry(2, 1, 0);
        Write($"2 0 obj\n<< /Type /XRef /Size 4 /W [1 4 2] /Root 3 0 R /Length {entries.Length} >>\nstream\n");
        file.Write(entries.ToArray());
        Write($"\nendstream\nendobj\nstartxref\n{xrefStream}\n%%EOF\n");
        return file.ToArray();
    }

    /// <summary>A well-formed file cut off in the middle of its page object: no xref, no trailer.</summary>
    public static byte[] Truncated()
    {
        var pdf = Build("<< /Type /Catalog /Pages 2 0 R >>", Pages, PageObject);
        var cut = Encoding.Latin1.GetString(pdf).IndexOf("/MediaBox", StringComparison.Ordinal);
        return pdf[..cut];
    }

    /// <summary>A file with one signature field whose signature has <paramref name="byteRange"/>.</summary>
    public static byte[] WithSignature(string byteRange) => Build(
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>",
        Pages,
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
        "<< /FT /Sig /T (Tanda tangan) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R /V 5 0 R >>",
        $"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /Name (Penipu) /M (D:20300304090000+07'00') /ByteRange {byteRange} /Contents <{new string('0', 512)}> >>");

    private const string Pages = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";

    private const string PageObject = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>";

    /// <summary>A classic PDF of <paramref name="objects"/> (numbered from 1) with a correct xref table.</summary>
    public static byte[] Build(params string[] objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var pdf = new StringBuilder("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f\r\n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n\r\n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Latin1(pdf.ToString());
    }

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);
}
