using System.Globalization;
using System.Text;

namespace Sicantik.Documents.Pdf;

/// <summary>Reads PDF objects from bytes, starting at <see cref="Position"/>.</summary>
internal sealed class PdfParser(byte[] data, int position)
{
    private readonly byte[] _data = data;

    public int Position { get; set; } = position;

    public static bool IsWhitespace(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;

    public static bool IsDelimiter(byte b) => b is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']'
        or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

    public void SkipWhitespace()
    {
        while (Position < _data.Length)
        {
            var b = _data[Position];
            if (IsWhitespace(b))
            {
                Position++;
            }
            else if (b == '%')
            {
                while (Position < _data.Length && _data[Position] is not (byte)'\n' and not (byte)'\r')
                {
                    Position++;
                }
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>A bare word: a keyword (obj, R, xref, trailer) or a number's text.</summary>
    public string ReadToken()
    {
        SkipWhitespace();
        var start = Position;
        while (Position < _data.Length && !IsWhitespace(_data[Position]) && !IsDelimiter(_data[Position]))
        {
            Position++;
        }

        if (start == Position)
        {
            throw Malformed("a token");
        }

        return Encoding.ASCII.GetString(_data, start, Position - start);
    }

    public long ReadInteger()
    {
        var token = ReadToken();
        return long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Malformed("an integer");
    }

    public void Expect(string keyword)
    {
        if (ReadToken() != keyword)
        {
            throw Malformed($"'{keyword}'");
        }
    }

    /// <summary>"12 0 obj" then the object's value (a stream's data is not read).</summary>
    public PdfObject ReadIndirectObject(int expectedNumber)
    {
        var number = ReadInteger();
        ReadInteger();
        Expect("obj");
        if (number != expectedNumber)
        {
            throw new FormatException($"Expected object {expectedNumber} at offset {Position}, found {number}.");
        }

        return ReadObject();
    }

    public PdfObject ReadObject()
    {
        SkipWhitespace();
        if (Position >= _data.Length)
        {
            throw Malformed("an object");
        }

        var b = _data[Position];
        switch (b)
        {
            case (byte)'/':
                Position++;
                var start = Position;
                while (Position < _data.Length && !IsWhitespace(_data[Position]) && !IsDelimiter(_data[Position]))
                {
                    Position++;
                }

                return new PdfName(Encoding.ASCII.GetString(_data, start, Position - start));
            case (byte)'<' when Position + 1 < _data.Length && _data[Position + 1] == '<':
                return ReadDictionary();
            case (byte)'<':
                return ReadHexString();
            case (byte)'(':
                return ReadLiteralString();
            case (byte)'[':
                return ReadArray();
            default:
                return ReadNumberReferenceOrKeyword();
        }
    }

    private PdfDictionary ReadDictionary()
    {
        Position += 2;
        var dictionary = new PdfDictionary();
        while (true)
        {
            SkipWhitespace();
            if (Position + 1 < _data.Length && _data[Position] == '>' && _data[Position + 1] == '>')
            {
                Position += 2;
                return dictionary;
            }

            if (ReadObject() is not PdfName key)
            {
                throw Malformed("a dictionary key");
            }

            dictionary[key.Value] = ReadObject();
        }
    }

    private PdfArray ReadArray()
    {
        Position++;
        var array = new PdfArray();
        while (true)
        {
            SkipWhitespace();
            if (Position < _data.Length && _data[Position] == ']')
            {
                Position++;
                return array;
            }

            array.Items.Add(ReadObject());
        }
    }

    private PdfString ReadHexString()
    {
        Position++;
        var digits = new StringBuilder();
        while (Position < _data.Length && _data[Position] != '>')
        {
            var c = (char)_data[Position++];
            if (Uri.IsHexDigit(c))
            {
                digits.Append(c);
            }
            else if (!IsWhitespace((byte)c))
            {
                throw Malformed("a hex digit");
            }
        }

        Position++;
        if (digits.Length % 2 == 1)
        {
            digits.Append('0');
        }

        return new PdfString(Convert.FromHexString(digits.ToString()), hex: true);
    }

    private PdfString ReadLiteralString()
    {
        Position++;
        var bytes = new List<byte>();
        var depth = 1;
        while (Position < _data.Length)
        {
            var b = _data[Position++];
            if (b == '\\' && Position < _data.Length)
            {
                var e = _data[Position++];
                switch (e)
                {
                    case (byte)'n': bytes.Add(10); break;
                    case (byte)'r': bytes.Add(13); break;
                    case (byte)'t': bytes.Add(9); break;
                    case (byte)'b': bytes.Add(8); break;
                    case (byte)'f': bytes.Add(12); break;
                    case (byte)'\r':
                        if (Position < _data.Length && _data[Position] == '\n')
                        {
                            Position++;
                        }

                        break;
                    case (byte)'\n': break;
                    case >= (byte)'0' and <= (byte)'7':
                        var value = e - '0';
                        for (var i = 0; i < 2 && Position < _data.Length && _data[Position] is >= (byte)'0' and <= (byte)'7'; i++)
                        {
                            value = (value * 8) + (_data[Position++] - '0');
                        }

                        bytes.Add((byte)value);
                        break;
                    default: bytes.Add(e); break;
                }
            }
            else if (b == '(')
            {
                depth++;
                bytes.Add(b);
            }
            else if (b == ')')
            {
                if (--depth == 0)
                {
                    return new PdfString([.. bytes], hex: false);
                }

                bytes.Add(b);
            }
            else
            {
                bytes.Add(b);
            }
        }

        throw Malformed("the end of a string");
    }

    private PdfObject ReadNumberReferenceOrKeyword()
    {
        var token = ReadToken();
        switch (token)
        {
            case "true": return new PdfBoolean(true);
            case "false": return new PdfBoolean(false);
            case "null": return PdfNull.Instance;
        }

        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            throw Malformed($"an object, found '{token}'");
        }

        // "12 0 R": look ahead for a generation and the R; otherwise it was a plain number.
        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            var mark = Position;
            try
            {
                var generation = ReadToken();
                var keyword = ReadToken();
                if (keyword == "R" && int.TryParse(generation, NumberStyles.None, CultureInfo.InvariantCulture, out var gen))
                {
                    return new PdfReference(number, gen);
                }
            }
            catch (FormatException)
            {
                // Not a reference.
            }

            Position = mark;
        }

        return new PdfNumber(token);
    }

    private FormatException Malformed(string expected) => new($"Malformed PDF: expected {expected} at offset {Position}.");
}
