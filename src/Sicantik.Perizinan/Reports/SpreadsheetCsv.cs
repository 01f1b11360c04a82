using System.Globalization;
using System.Text;
using CsvHelper;

namespace Sicantik.Perizinan.Reports;

/// <summary>
/// The reports' CSV as a spreadsheet on the office's computers opens it, written by CsvHelper: UTF-8 with a byte order
/// mark (without it Excel reads the text as ANSI), semicolons and decimal commas, as Excel reads a file opened by
/// double-click on an Indonesian (id-ID) Windows (a comma-separated file would land in one column there, and "3.500"
/// would read as three thousand five hundred). Every row has the same number of cells.
/// <para>
/// Quoting is by the cell's kind, the same in every report: text cells (labels, names, codes) are quoted, numbers and
/// times are not, empty cells are empty. Text that a spreadsheet would run as a formula (starting with <c>=</c>, <c>+</c>,
/// <c>-</c>, <c>@</c>, tab or CR: a clerk named <c>=HYPERLINK(…)</c>) gets a leading <c>'</c>, as OWASP advises, so it
/// shows as text. Numbers are written as numbers and never escaped: a negative figure stays a figure.
/// </para>
/// </summary>
public sealed class SpreadsheetCsv : IDisposable
{
    private static readonly CultureInfo Numbers = CultureInfo.GetCultureInfo("id-ID");

    private static readonly CsvWriterOptions Options = new()
    {
        Separator = ';',
        NewLine = "\r\n",
        Quoting = CsvQuoting.WhenNeeded,
        ShouldQuote = static (text, type, _, _) => !text.IsEmpty && (type is null || type == typeof(string)),
        Injection = CsvInjection.Escape,
        FormatProvider = Numbers,
        WriteByteOrderMark = true,
    };

    private readonly MemoryStream _stream = new();
    private readonly CsvWriter _writer;
    private readonly int _columns;
    private int _cells;

    /// <param name="columns">The cells in every row; a shorter row is filled with empty cells.</param>
    public SpreadsheetCsv(int columns)
    {
        _columns = columns;
        _writer = CsvWriter.Create(_stream, Options, leaveOpen: true);
    }

    /// <summary>A text cell: quoted, and escaped if it starts like a formula.</summary>
    public SpreadsheetCsv Text(string? value)
    {
        _writer.WriteField(value ?? string.Empty);
        _cells++;
        return this;
    }

    /// <summary>A number with a decimal comma (<paramref name="format"/> such as <c>0.0</c>), or an empty cell.</summary>
    public SpreadsheetCsv Number(decimal? value, string format)
    {
        _writer.WriteField(value, format);
        _cells++;
        return this;
    }

    /// <summary>A count (a whole number), or an empty cell.</summary>
    public SpreadsheetCsv Count(int? value)
    {
        _writer.WriteField(value, default);
        _cells++;
        return this;
    }

    /// <summary>A time as <c>yyyy-MM-dd HH:mm</c> in <paramref name="zone"/>.</summary>
    public SpreadsheetCsv Time(DateTimeOffset instant, TimeZoneInfo zone)
    {
        // The colon quoted: in id-ID a format's ':' is the culture's time separator, a full stop.
        _writer.WriteField(TimeZoneInfo.ConvertTime(instant, zone), "yyyy-MM-dd HH':'mm");
        _cells++;
        return this;
    }

    /// <summary>Ends the row, filling it to the table's width with empty cells.</summary>
    public void EndRow()
    {
        for (; _cells < _columns; _cells++)
        {
            _writer.WriteField(string.Empty);
        }

        _writer.EndRecord();
        _cells = 0;
    }

    /// <summary>The file's bytes: the byte order mark, then the rows.</summary>
    public byte[] ToFile()
    {
        _writer.Flush();
        return _stream.ToArray();
    }

    /// <summary>The rows as text, without the byte order mark.</summary>
    public static string Rows(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var bom = Encoding.UTF8.Preamble.Length;
        return Encoding.UTF8.GetString(file, bom, file.Length - bom);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _stream.Dispose();
    }
}
