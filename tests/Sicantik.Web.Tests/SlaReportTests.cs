using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Reports.Sla;
using Sicantik.Web.Tests.Support;
using Sicantik.Workflows.Scheduling;

namespace Sicantik.Web.Tests;

/// <summary>The SLA report through the API (JSON and CSV), its refusals, and its page.</summary>
public sealed class SlaReportTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    [Fact]
    public async Task SlaReport_JsonCsvAndPage_EqualTheFiguresWorkedByHand()
    {
        // Monday 4 March 2030, 09:00 WIB (the factory's start): two SIP Perawat applications submitted.
        Assert.Equal(SicantikWebFactory.Start, host.Clock.GetUtcNow());
        using var office = await Office.CreateAsync(host);
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var p = await Sop.SubmitNewAsync(applicant.Client);
        var q = await Sop.SubmitNewAsync(applicant.Client);

        // 09:04 Loket 2 completes P (4 minutes); 09:10 Q's baku mutu (10 minutes) runs out and escalates;
        // 09:12 Loket 2 completes Q (12 minutes). Both Verifikasi berkas tasks (5 minutes) then run late:
        // P's created 09:04, due 09:09; Q's created 09:12, due 09:17.
        await AdvanceAsync(TimeSpan.FromMinutes(4));
        await Sop.WorkAsync(office.Loket2, p.Id, Steps.VerifikasiKelengkapan, "lengkap");
        await AdvanceAsync(TimeSpan.FromMinutes(8));
        await Sop.WorkAsync(office.Loket2, q.Id, Steps.VerifikasiKelengkapan, "lengkap");
        await AdvanceAsync(TimeSpan.FromMinutes(18));

        // Now 09:30. Verifikasi kelengkapan: 4 and 12 minutes. Median: rank ⌈0.5 × 2⌉ = 1 → 4; P90: rank ⌈1.8⌉ = 2 → 12.
        // Within 10 minutes: 1 of 2 = 50.0 %; escalated: Q = 1. Overdue now: P's Verifikasi berkas 09:09–09:30 = 21
        // minutes late, Q's 09:17–09:30 = 13.
        const string query = "from=2030-03-04&to=2030-03-04";
        var report = await office.Kasi.Client.GetAsync<SlaReport>("/api/reports/sla?" + query);
        var vk = report.Steps.Single(s => s.ElementId == Steps.VerifikasiKelengkapan);
        Assert.Equal((10, 2, 4.0m, 12.0m, 2, 1, 50.0m, 1), (vk.StandardMinutes!.Value, vk.Tasks, vk.MedianMinutes!.Value, vk.P90Minutes!.Value, vk.Measured, vk.WithinStandard, vk.WithinStandardPercent!.Value, vk.Escalated));
        Assert.Equal("Verifikasi kelengkapan berkas", vk.Name);
        Assert.Equal(Steps.VerifikasiKelengkapan, report.Steps[0].ElementId);
        var clerk = Assert.Single(report.Clerks);
        Assert.Equal(office.Loket2.UserId, clerk.UserId);
        Assert.Equal($"Petugas {office.Loket2.Email}", clerk.Name);
        Assert.Equal((2, 1, 50.0m), (clerk.Tasks, clerk.WithinStandard, clerk.WithinStandardPercent!.Value));
        Assert.Equal(
            [(p.Id, Steps.VerifikasiBerkas, 21.0m), (q.Id, Steps.VerifikasiBerkas, 13.0m)],
            report.Overdue.Select(o => (o.ApplicationId!.Value, o.ElementId, o.LateMinutes)));
        Assert.All(report.Overdue, o => Assert.Null(o.Holder));
        var number = (await applicant.Client.GetAsync<Sicantik.Web.Api.ApplicationDto>($"/api/applications/{p.Id}")).Number;
        Assert.NotNull(number);
        Assert.Equal(number, report.Overdue[0].ApplicationNumber);

        // The same numbers in the CSV: UTF-8 with BOM, semicolons, decimal commas.
        var csv = await office.Kasi.Client.GetAsync("/api/reports/sla/csv?" + query + "&jenisIzin=sip-perawat");
        await TestApi.EnsureAsync(csv, HttpStatusCode.OK);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("sla-sip-perawat-2030-03-04-2030-03-04.csv", csv.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).TrimEnd().Split("\r\n");
        Assert.Equal("\"Jenis izin\";\"SIP-PERAWAT\";;;;;;;;;", lines[1]);
        Assert.Contains("\"Task_VerifikasiKelengkapan\";\"Verifikasi kelengkapan berkas\";\"office-hours\";10;2;4,0;12,0;2;1;50,0;1", lines);
        Assert.Contains($"\"{office.Loket2.UserId}\";\"Petugas {office.Loket2.Email}\";2;2;1;50,0;;;;;", lines);
        Assert.Contains($"\"{number}\";\"SIP-PERAWAT\";\"Entri data dan verifikasi berkas\";\"Belum diambil (BO/Analisis Dokumen Perizinan)\";2030-03-04 09:04;2030-03-04 09:09;21,0;\"Ya\";;;", lines);

        // The page: the tables without script, the charts' canvases and their JSON island, the CSV link.
        var html = await PageForms.GetHtmlAsync(office.Kadis.Client, "/Laporan/Sla?Dari=2030-03-04&Sampai=2030-03-04");
        Assert.Contains("data-testid=\"sla-chart-time\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"sla-chart-within\"", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/dist/charts.js", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/js/laporan-sla.js", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/reports/sla/csv?from=2030-03-04&amp;to=2030-03-04\"", html, StringComparison.Ordinal);
        Assert.Matches("<tr data-step=\"Task_VerifikasiKelengkapan\">\\s*<td>Verifikasi kelengkapan berkas</td>\\s*<td class=\"text-end\">10 menit</td>\\s*<td class=\"text-end\">2</td>\\s*<td class=\"text-end\">4,0</td>\\s*<td class=\"text-end\">12,0</td>\\s*<td class=\"text-end\">50,0 %", html);
        Assert.Contains($"<td>Petugas {office.Loket2.Email}</td>", html, StringComparison.Ordinal);
        Assert.Contains("21,0 menit", html, StringComparison.Ordinal);
        Assert.Contains("peringkat terdekat", html, StringComparison.Ordinal);
        var island = System.Text.RegularExpressions.Regex.Match(html, "<script type=\"application/json\" id=\"sla-data\">(.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(island.Success);
        using var chart = JsonDocument.Parse(island.Groups[1].Value);
        Assert.Equal("Verifikasi kelengkapan berkas", chart.RootElement.GetProperty("labels")[0].GetString());
        Assert.Equal(4.0m, chart.RootElement.GetProperty("median")[0].GetDecimal());
        Assert.Equal(12.0m, chart.RootElement.GetProperty("p90")[0].GetDecimal());
        Assert.Equal(10, chart.RootElement.GetProperty("standard")[0].GetInt32());
        Assert.Equal(50.0m, chart.RootElement.GetProperty("within")[0].GetDecimal());

        // A bad period on the page is said in words, on the same page.
        var backwards = await PageForms.GetHtmlAsync(office.Kasi.Client, "/Laporan/Sla?Dari=2030-03-31&Sampai=2030-03-01");
        Assert.Contains("Tanggal akhir periode harus sama dengan atau setelah tanggal awal.", backwards, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await office.Loket2.Client.GetAsync("/Laporan/Sla")).StatusCode);
    }

    [Theory]
    [InlineData("from=2030-03-31&to=2030-03-01", "sla-period-invalid")]
    [InlineData("from=2028-01-01&to=2030-01-01", "sla-period-too-long")]
    [InlineData("from=2030-03-01&to=2030-03-31&jenisIzin=IMB", "sla-permit-type-unknown")]
    [InlineData("from=2030-03-01", "sla-period-required")]
    [InlineData("from=01-03-2030&to=2030-03-31", "sla-date-invalid")]
    public async Task SlaReport_RefusesBadPeriodsAndUnknownPermitTypes(string query, string code)
    {
        using var kabid = await host.CreateClerkAsync(SopRoles.KabidPerizinan);

        await TestApi.ProblemAsync(await kabid.Client.GetAsync("/api/reports/sla?" + query), HttpStatusCode.BadRequest, code);
        await TestApi.ProblemAsync(await kabid.Client.GetAsync("/api/reports/sla/csv?" + query), HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task SlaReport_IsForTheHeadsAndAdmins_Only()
    {
        using var loket2 = await host.CreateClerkAsync(SopRoles.FoPendaftaran);
        using var kadis = await host.CreateClerkAsync(SopRoles.Kadis);
        using var admin = await host.AdminAsync();
        using var applicant = await Sop.RegisterApplicantAsync(host);
        const string path = "/api/reports/sla?from=2029-01-01&to=2029-01-31";

        await TestApi.ProblemAsync(await loket2.Client.GetAsync(path), HttpStatusCode.Forbidden, "forbidden");
        await TestApi.ProblemAsync(await loket2.Client.GetAsync("/api/reports/sla/csv?from=2029-01-01&to=2029-01-31"), HttpStatusCode.Forbidden, "forbidden");
        await TestApi.ProblemAsync(await applicant.Client.GetAsync(path), HttpStatusCode.Forbidden, "forbidden");
        using var anonymous = host.Anonymous();
        await TestApi.ProblemAsync(await anonymous.GetAsync(path), HttpStatusCode.Unauthorized, "unauthorized");
        Assert.All((await kadis.Client.GetAsync<SlaReport>(path)).Steps, s => Assert.Equal(0, s.Tasks));
        Assert.All((await admin.GetAsync<SlaReport>(path)).Steps, s => Assert.Equal(0, s.Tasks));
    }

    [Fact]
    public async Task SlaReport_IsDescribedInTheOpenApiDocument_WithItsSchema()
    {
        using var anonymous = host.Anonymous();
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        var json = paths.GetProperty("/api/reports/sla").GetProperty("get");
        Assert.Equal(["from", "to", "jenisIzin"], json.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Contains("SlaReport", json.GetProperty("responses").GetProperty("200").GetRawText(), StringComparison.Ordinal);
        Assert.True(paths.TryGetProperty("/api/reports/sla/csv", out _));
        var step = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("SlaStep").GetProperty("properties");
        Assert.True(step.TryGetProperty("medianMinutes", out _));
        Assert.True(step.TryGetProperty("p90Minutes", out _));
        Assert.True(step.TryGetProperty("withinStandardPercent", out _));
    }

    /// <summary>Moves the clock and fires the timers that fell due, as the Hangfire job would.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        host.Clock.Advance(by);
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TimerService>().FireDueAsync();
    }
}
