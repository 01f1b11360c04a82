using System.Net;
using System.Net.Http.Json;
using Sicantik.Perizinan;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Tests.Support;
using Sicantik.Web.Api;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Tests.Security;

/// <summary>Names, form fields and file names refuse control characters and text direction controls, field by field.</summary>
public sealed class TextFieldTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    [Theory]
    [InlineData("Siti\r\nRahmawati", "U+000D")]
    [InlineData("Siti\u0007Rahmawati", "U+0007")]
    [InlineData("Siti\0", "U+0000")]
    [InlineData("Siti \u202ERahmawati", "U+202E")]
    [InlineData("Siti \u2066Rahmawati\u2069", "U+2066")]
    public async Task Registration_RefusesAName_WithAControlOrDirectionCharacter(string name, string character)
    {
        using var client = host.Anonymous();

        var response = await client.PostAsJsonAsync("/api/account/register", new RegisterRequest(name, $"{host.Unique("teks")}@contoh.id", Sop.Password, "3201234567890123", null, "081234567890"));

        var problem = await TestApi.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "registration-invalid");
        var message = Assert.Single(problem.Errors!["fullName"]);
        Assert.StartsWith("Nama pemohon tidak boleh memuat karakter", message, StringComparison.Ordinal);
        Assert.Contains(character, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffAccount_RefusesAName_WithALineBreak()
    {
        using var admin = await host.AdminAsync();

        var response = await admin.PostAsJsonAsync("/api/admin/users", new NewStaffRequest("Budi\nSantoso", $"{host.Unique("staf")}@dpmptsp.test", [SopRoles.FoPendaftaran], null));

        var problem = await TestApi.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "staff-invalid");
        Assert.StartsWith("Nama lengkap tidak boleh memuat karakter kendali", Assert.Single(problem.Errors!["fullName"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplicationForm_RefusesLineBreaksInALineField_AndKeepsThemInALongText()
    {
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var values = new Dictionary<string, string?>(Sop.FormValues[PermitCatalog.SipPerawat])
        {
            ["nama_tempat_praktik"] = "Praktik Sehat\r\nSelalu",
            ["alamat_tempat_praktik"] = "Jl. Merdeka No. 10\u0007",
            ["jadwal_praktik"] = "Senin\u202E",
        };

        var refused = await TestApi.ProblemAsync(
            await applicant.Client.PostAsJsonAsync("/api/applications", new NewApplicationRequest(PermitCatalog.SipPerawat, values)),
            HttpStatusCode.UnprocessableEntity,
            "form-invalid");

        Assert.Contains("(U+000D)", Assert.Single(refused.Errors!["nama_tempat_praktik"]), StringComparison.Ordinal);
        Assert.StartsWith("Alamat tempat praktik tidak boleh memuat karakter kendali selain baris baru dan tab (U+0007)", Assert.Single(refused.Errors["alamat_tempat_praktik"]), StringComparison.Ordinal);
        Assert.Contains("(U+202E)", Assert.Single(refused.Errors["jadwal_praktik"]), StringComparison.Ordinal);

        values["nama_tempat_praktik"] = "Praktik Sehat Selalu";
        values["alamat_tempat_praktik"] = "Jl. Merdeka No. 10\r\nKecamatan Kota";
        values["jadwal_praktik"] = "Senin\t08.00–12.00\nKamis\t13.00–16.00";
        var draft = await applicant.Client.PostAsync<ApplicationDto>("/api/applications", new NewApplicationRequest(PermitCatalog.SipPerawat, values), HttpStatusCode.Created);
        Assert.Equal("Jl. Merdeka No. 10\r\nKecamatan Kota", draft.FormValues["alamat_tempat_praktik"]);
    }

    [Theory]
    [InlineData("ktp\u202Efdp.exe")]
    [InlineData("ktp\r\n.pdf")]
    [InlineData("ktp\u0000.pdf")]
    public async Task Upload_RefusesAFileName_WithAControlOrDirectionCharacter(string fileName)
    {
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var draft = await Sop.CreateDraftAsync(applicant.Client);
        var requirement = draft.Checklist!.First(r => r.AcceptedTypes.Contains("pdf"));

        // The name as RFC 5987 filename* (UTF-8, percent-encoded), the only way a CR, LF or NUL fits in the header.
        using var form = TestApi.FilePart(TestFiles.Pdf(2048, fileName), "ktp.pdf", "application/pdf");
        form.Single().Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileNameStar = fileName };
        var problem = await TestApi.ProblemAsync(
            await applicant.Client.PostAsync($"/api/applications/{draft.Id}/documents/{requirement.Key}", form),
            HttpStatusCode.UnprocessableEntity,
            "document-name-invalid");

        Assert.StartsWith($"Nama berkas untuk persyaratan '{requirement.Name}' memuat karakter kendali atau pengatur arah teks", Assert.Single(problem.Errors![requirement.Key]), StringComparison.Ordinal);
    }
}
