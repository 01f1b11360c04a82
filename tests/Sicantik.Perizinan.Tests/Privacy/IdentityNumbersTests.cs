using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Privacy;

namespace Sicantik.Perizinan.Tests.Privacy;

public sealed class IdentityNumbersTests
{
    [Theory]
    [InlineData(SopVariables.NomorIdentitasPenerima, true)]
    [InlineData("nik", true)]
    [InlineData("nikPemohon", true)]
    [InlineData("NIKPemohon", true)]
    [InlineData("applicantNib", true)]
    [InlineData("npwp_usaha", true)]
    [InlineData("no_ktp", true)]
    [InlineData("nomorPaspor", true)]
    [InlineData(SopVariables.JenisIdentitasPenerima, false)]
    [InlineData(SopVariables.NamaPemohon, false)]
    [InlineData(SopVariables.NomorPendaftaran, false)]
    [InlineData(SopVariables.NomorSk, false)]
    [InlineData("nomor_str", false)]
    [InlineData("teknik", false)]
    public void IsIdentityNumber_Outcome_ByTheNamesWords(string name, bool expected) =>
        Assert.Equal(expected, IdentityNumbers.IsIdentityNumber(name));

    [Theory]
    [InlineData("3201234567890123", "************0123")]
    [InlineData(" A1234567 ", "****4567")]
    [InlineData("123", "***")]
    public void Mask_KeepsTheLastFourCharacters_WhenTheValueIsLongerThanThat(string value, string expected) =>
        Assert.Equal(expected, IdentityNumbers.Mask(value));

    [Fact]
    public void MaskVariables_MasksIdentityNumbers_InNestedValuesAndInFreeText_AndLeavesTheRest()
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [SopVariables.NomorIdentitasPenerima] = "3201234567890123",
            [SopVariables.JenisIdentitasPenerima] = "KTP",
            [SopVariables.NamaPemohon] = "Siti Rahmawati",
            ["nib"] = 9120100012345L,
            ["pemohonLain"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["nik"] = "3201234567890999", ["nama"] = "Budi" },
            [SopVariables.Catatan] = "KTP 3201234567890777 tidak terbaca; hubungi 081234567890.",
            ["jumlahCetak"] = 2L,
        };

        var masked = IdentityNumbers.MaskVariables(variables);

        Assert.Equal("************0123", masked[SopVariables.NomorIdentitasPenerima]);
        Assert.Equal("KTP", masked[SopVariables.JenisIdentitasPenerima]);
        Assert.Equal("Siti Rahmawati", masked[SopVariables.NamaPemohon]);
        Assert.Equal("*********2345", masked["nib"]);
        var nested = Assert.IsType<Dictionary<string, object?>>(masked["pemohonLain"]);
        Assert.Equal(("************0999", "Budi"), (nested["nik"], nested["nama"]));
        Assert.Equal("KTP ************0777 tidak terbaca; hubungi 081234567890.", masked[SopVariables.Catatan]);
        Assert.Equal(2L, masked["jumlahCetak"]);
        Assert.Equal("3201234567890123", variables[SopVariables.NomorIdentitasPenerima]);
    }
}
