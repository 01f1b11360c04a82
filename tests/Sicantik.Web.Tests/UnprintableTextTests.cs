using System.Net;
using System.Net.Http.Json;
using Sicantik.Perizinan;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Web.Api;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Tests;

/// <summary>
/// Text that ends on the office's documents is refused where it enters when the documents' fonts cannot draw it (CJK,
/// Arabic): the registration name (API and page) and the application form's text fields, with a message per field
/// that names the characters. Nothing is printed as empty boxes.
/// </summary>
public sealed class UnprintableTextTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    [Theory]
    [InlineData("王小明", "王 (U+738B), 小 (U+5C0F), 明 (U+660E)")]
    [InlineData("محمد علي", "م (U+0645), ح (U+062D), د (U+062F), ع (U+0639), ل (U+0644), ي (U+064A)")]
    [InlineData("Budi 김", "김 (U+AE40)")]
    public async Task Register_RefusesAName_TheDocumentsCannotPrint(string name, string characters)
    {
        using var anonymous = host.Anonymous();
        var response = await anonymous.PostAsJsonAsync(
            "/api/account/register",
            new RegisterRequest(name, $"{host.Unique("aksara")}@contoh.id", Sop.Password, "3201234567890123", null, "0812 3456 7890"));

        var problem = await TestApi.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "registration-invalid");
        var message = Assert.Single(problem.Errors!["fullName"]);
        Assert.Equal($"Nama memuat huruf yang tidak dapat dicetak pada tanda terima dan SK: {characters}. Tuliskan nama dengan huruf Latin, misalnya seperti pada paspor.", message);
    }

    [Fact]
    public async Task Register_TakesLatinNamesWithDiacritics()
    {
        using var applicant = await Sop.RegisterApplicantAsync(host, "Ni Luh Putu Śrī Ayu Dewi-Ökten");

        Assert.False(string.IsNullOrEmpty(applicant.UserId));
    }

    [Fact]
    public async Task RegisterPage_ShowsTheMessageBesideTheName()
    {
        using var browser = host.Anonymous();
        var (status, html, _) = await PageForms.PostAsync(browser, "/Akun/Daftar", "/Akun/Daftar",
        [
            new("Input.FullName", "李华"),
            new("Input.Email", $"{host.Unique("aksara")}@contoh.id"),
            new("Input.Nik", "3201234567890123"),
            new("Input.PhoneNumber", "0812 3456 7890"),
            new("Input.Password", Sop.Password),
            new("Input.ConfirmPassword", Sop.Password),
        ]);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("tidak dapat dicetak pada tanda terima dan SK: 李 (U+674E), 华 (U+534E)", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffAccount_RefusesAName_TheDocumentsCannotPrint()
    {
        using var admin = await host.AdminAsync();
        var email = $"{host.Unique("staf")}@dpmptsp.test";

        var response = await admin.PostAsJsonAsync("/api/admin/users", new NewStaffRequest("أحمد", email, [SopRoles.Kadis], null));

        var problem = await TestApi.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "staff-invalid");
        Assert.Equal("Nama memuat huruf yang tidak dapat dicetak pada dokumen resmi: أ (U+0623), ح (U+062D), م (U+0645), د (U+062F). Tuliskan nama dengan huruf Latin.", Assert.Single(problem.Errors!["fullName"]));
    }

    [Fact]
    public async Task ApplicationForm_RefusesATextFieldTheDocumentsCannotPrint_NamingTheField()
    {
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var values = new Dictionary<string, string?>(Sop.FormValues[PermitCatalog.SipPerawat], StringComparer.Ordinal)
        {
            ["nama_tempat_praktik"] = "Praktik Perawat 平安",
        };

        var response = await applicant.Client.PostAsJsonAsync("/api/applications", new NewApplicationRequest(PermitCatalog.SipPerawat, values));

        var problem = await TestApi.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "form-invalid");
        var message = Assert.Single(problem.Errors!["nama_tempat_praktik"]);
        Assert.EndsWith("memuat huruf yang tidak dapat dicetak pada dokumen resmi: 平 (U+5E73), 安 (U+5B89). Tuliskan dengan huruf Latin.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("jenis_praktik", problem.Errors.Keys);
    }
}
