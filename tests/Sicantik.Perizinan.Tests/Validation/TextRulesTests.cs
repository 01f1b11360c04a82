using Sicantik.Perizinan.Validation;

namespace Sicantik.Perizinan.Tests.Validation;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("Siti\r\nRahmawati", 0x0D, RefusedCharacterKind.Control)]
    [InlineData("Siti\nRahmawati", 0x0A, RefusedCharacterKind.Control)]
    [InlineData("Siti\tRahmawati", 0x09, RefusedCharacterKind.Control)]
    [InlineData("Siti\0", 0x00, RefusedCharacterKind.Control)]
    [InlineData("Siti\u0007", 0x07, RefusedCharacterKind.Control)]
    [InlineData("Siti\u007F", 0x7F, RefusedCharacterKind.Control)]
    [InlineData("Siti\u0085", 0x85, RefusedCharacterKind.Control)]
    [InlineData("ktp\u202Efdp.exe", 0x202E, RefusedCharacterKind.Direction)]
    [InlineData("a\u202Ab", 0x202A, RefusedCharacterKind.Direction)]
    [InlineData("a\u2066b", 0x2066, RefusedCharacterKind.Direction)]
    [InlineData("a\u2069b", 0x2069, RefusedCharacterKind.Direction)]
    [InlineData("a\u200Fb", 0x200F, RefusedCharacterKind.Direction)]
    [InlineData("a\u200Eb", 0x200E, RefusedCharacterKind.Direction)]
    [InlineData("a\u061Cb", 0x061C, RefusedCharacterKind.Direction)]
    public void Find_RefusesControlsAndDirectionControls_OnOneLine(string text, int codePoint, RefusedCharacterKind kind) =>
        Assert.Equal(new RefusedCharacter(codePoint, kind), TextRules.Find(text));

    [Theory]
    [InlineData("Siti Rahmawati, S.Kep.")]
    [InlineData("Ahmad bin Abdullah = 'Pak Ahmad'")]
    [InlineData("محمد عبد الله")]
    [InlineData("王小明 😀")]
    [InlineData("Nguyễn Thị Hoa")]
    [InlineData("")]
    [InlineData(null)]
    public void Find_AcceptsNames_InAnyScript(string? text) => Assert.Null(TextRules.Find(text));

    [Fact]
    public void Find_RefusesALoneSurrogate_AndKeepsAPair()
    {
        // Built here, not in [InlineData]: the test runner would replace a lone surrogate in a theory's data.
        var lone = "Siti" + (char)0xD800 + "x";
        Assert.Equal(new RefusedCharacter(0xD800, RefusedCharacterKind.Control), TextRules.Find(lone));
        Assert.Null(TextRules.Find("Siti " + char.ConvertFromUtf32(0x1F600)));
    }

    [Fact]
    public void Find_OnAMultiLineField_AllowsLineBreaksAndTabs_ButNotTheOtherControls()
    {
        Assert.Null(TextRules.Find("Jl. Merdeka No. 10\r\nKecamatan Kota\tRT 01", multiLine: true));
        Assert.Equal(new RefusedCharacter(0x07, RefusedCharacterKind.Control), TextRules.Find("Jl. Merdeka\u0007", multiLine: true));
        Assert.Equal(new RefusedCharacter(0x202E, RefusedCharacterKind.Direction), TextRules.Find("Jl.\r\n\u202EMerdeka", multiLine: true));
    }

    [Fact]
    public void Problem_NamesTheFieldAndTheCharacter_InIndonesian()
    {
        Assert.Equal(
            "Nama pemohon tidak boleh memuat karakter pengatur arah teks (U+202E), yang membuat tulisan terbaca lain dari isinya. Ketik ulang isian ini tanpa karakter tersebut.",
            TextRules.Problem("Budi\u202E", "Nama pemohon"));
        Assert.Contains("(U+000A)", TextRules.Problem("Budi\nSantoso", "Nama pemohon"), StringComparison.Ordinal);
        Assert.Null(TextRules.Problem("Budi Santoso", "Nama pemohon"));
    }
}
