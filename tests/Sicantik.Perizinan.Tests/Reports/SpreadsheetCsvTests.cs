using Sicantik.Perizinan.Reports;

namespace Sicantik.Perizinan.Tests.Reports;

/// <summary>The reports' CSV cells: text quoted and neutralised when it starts like a formula, numbers left as numbers.</summary>
public sealed class SpreadsheetCsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\";\"Klik\")", "\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"Klik\"\")\"")]
    [InlineData("+6281234", "\"'+6281234\"")]
    [InlineData("-2+3", "\"'-2+3\"")]
    [InlineData("@SUM(A1:A9)", "\"'@SUM(A1:A9)\"")]
    [InlineData("\t=1+1", "\"'\t=1+1\"")]
    [InlineData("\r=1+1", "\"'\r=1+1\"")]
    [InlineData("Siti = Rahma", "\"Siti = Rahma\"")]
    [InlineData("", "")]
    public void TextCell_IsQuoted_AndAFormulaGetsALeadingApostrophe(string text, string cell)
    {
        using var csv = new SpreadsheetCsv(2);
        csv.Text(text).Number(-12.5m, "0.0").EndRow();

        Assert.Equal(cell + ";-12,5\r\n", SpreadsheetCsv.Rows(csv.ToFile()));
    }

    [Fact]
    public void NumbersAndTimes_AreNotQuoted_NorEscaped_AndShortRowsAreFilled()
    {
        using var csv = new SpreadsheetCsv(5);
        csv.Count(-3).Number(null, "0.0").Time(new DateTimeOffset(2026, 11, 23, 1, 5, 0, TimeSpan.Zero), TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta")).EndRow();
        csv.EndRow();

        var file = csv.ToFile();

        Assert.Equal([0xEF, 0xBB, 0xBF], file[..3]);
        Assert.Equal("-3;;2026-11-23 08:05;;\r\n;;;;\r\n", SpreadsheetCsv.Rows(file));
    }
}
