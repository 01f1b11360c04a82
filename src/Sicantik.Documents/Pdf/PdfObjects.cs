using System.Globalization;
using System.Text;

namespace Sicantik.Documents.Pdf;

/// <summary>
/// The few PDF object kinds the signer rewrites and the verifier reads. Names and numbers keep their source text,
/// so an object read and written back is unchanged.
/// </summary>
internal abstract class PdfObject
{
    public abstract void WriteTo(StringBuilder output);

    public override string ToString()
    {
        var output = new StringBuilder();
        WriteTo(output);
        return output.ToString();
    }
}

internal sealed class PdfName(string value) : PdfObject
{
    /// <summary>The name as written after the slash (escapes such as #20 kept).</summary>
    public string Value { get; } = value;

    public override void WriteTo(StringBuilder output) => output.Append('/').Append(Value);
}

internal sealed class PdfNumber(string text) : PdfObject
{
    public PdfNumber(long value)
        : this(value.ToString(CultureInfo.InvariantCulture))
    {
    }

    public string Text { get; } = text;

    public long? AsLong => long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    public override void WriteTo(StringBuilder output) => output.Append(Text);
}

internal sealed class PdfString(byte[] bytes, bool hex) : PdfObject
{
    public byte[] Bytes { get; } = bytes;

    public bool Hex { get; } = hex;

    /// <summary>A text string: UTF-16BE with its byte order mark, or PDFDocEncoding (read as Latin-1).</summary>
    public string Text => Bytes.Length >= 2 && Bytes[0] == 0xFE && Bytes[1] == 0xFF
        ? Encoding.BigEndianUnicode.GetString(Bytes, 2, Bytes.Length - 2)
        : Encoding.Latin1.GetString(Bytes);

    /// <summary>A text string as PDF writes one: literal when plain ASCII, else UTF-16BE in hex.</summary>
    public static PdfString FromText(string text)
    {
        if (text.All(c => c is >= ' ' and <= '~'))
        {
            return new PdfString(Encoding.ASCII.GetBytes(text), hex: false);
        }

        var bytes = new byte[] { 0xFE, 0xFF }.Concat(Encoding.BigEndianUnicode.GetBytes(text)).ToArray();
        return new PdfString(bytes, hex: true);
    }

    public override void WriteTo(StringBuilder output)
    {
        if (Hex)
        {
            output.Append('<').Append(Convert.ToHexString(Bytes)).Append('>');
            return;
        }

        output.Append('(');
        foreach (var b in Bytes)
        {
            switch (b)
            {
                case (byte)'(' or (byte)')' or (byte)'\\':
                    output.Append('\\').Append((char)b);
                    break;
                case < 0x20 or > 0x7E:
                    output.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
                    break;
                default:
                    output.Append((char)b);
                    break;
            }
        }

        output.Append(')');
    }
}

internal sealed class PdfBoolean(bool value) : PdfObject
{
    public bool Value { get; } = value;

    public override void WriteTo(StringBuilder output) => output.Append(Value ? "true" : "false");
}

internal sealed class PdfNull : PdfObject
{
    public static readonly PdfNull Instance = new();

    public override void WriteTo(StringBuilder output) => output.Append("null");
}

internal sealed class PdfReference(int number, int generation) : PdfObject
{
    public int Number { get; } = number;

    public int Generation { get; } = generation;

    public override void WriteTo(StringBuilder output) =>
        output.Append(CultureInfo.InvariantCulture, $"{Number} {Generation} R");
}

internal sealed class PdfArray(List<PdfObject> items) : PdfObject
{
    public PdfArray()
        : this([])
    {
    }

    public List<PdfObject> Items { get; } = items;

    public override void WriteTo(StringBuilder output)
    {
        output.Append('[');
        for (var i = 0; i < Items.Count; i++)
        {
            if (i > 0)
            {
                output.Append(' ');
            }

            Items[i].WriteTo(output);
        }

        output.Append(']');
    }
}

internal sealed class PdfDictionary : PdfObject
{
    private readonly List<KeyValuePair<string, PdfObject>> _entries = [];

    public IReadOnlyList<KeyValuePair<string, PdfObject>> Entries => _entries;

    public PdfObject? this[string key]
    {
        get => _entries.FirstOrDefault(e => e.Key == key).Value;
        set
        {
            var index = _entries.FindIndex(e => e.Key == key);
            if (value is null)
            {
                if (index >= 0)
                {
                    _entries.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                _entries[index] = new(key, value);
            }
            else
            {
                _entries.Add(new(key, value));
            }
        }
    }

    public string? NameOf(string key) => (this[key] as PdfName)?.Value;

    /// <summary>A shallow copy whose entries can be changed without touching the original.</summary>
    public PdfDictionary Copy()
    {
        var copy = new PdfDictionary();
        copy._entries.AddRange(_entries);
        return copy;
    }

    public override void WriteTo(StringBuilder output)
    {
        output.Append("<<");
        foreach (var (key, value) in _entries)
        {
            output.Append('/').Append(key).Append(' ');
            value.WriteTo(output);
            output.Append('\n');
        }

        output.Append(">>");
    }
}
