using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Survey;
using Sicantik.Perizinan.Tasks;
using Sicantik.Web.Api;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Tests;

/// <summary>Steps 10 to 12 at the counters through the API, the SKM kiosk, and the IKM report with its CSV.</summary>
public sealed class CounterTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    [Fact]
    public async Task PrintingAndHandover_AreRefusedWithoutWhatTheCounterMustRecord_AndNothingChanges()
    {
        using var office = await Office.CreateAsync(host);
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var application = await Sop.SubmitNewAsync(applicant.Client);
        await Sop.SignAsync(office, application.Id);

        var print = await Sop.FindTaskAsync(office.Loket4.Client, application.Id, Steps.CetakSk);
        Assert.NotNull(print);
        var noCopies = await office.Loket4.Client.PostAsJsonAsync($"/api/tasks/{print.Id}/complete", new CompleteTaskRequest(null, null), TestApi.Json);
        var refused = await TestApi.ProblemAsync(noCopies, HttpStatusCode.UnprocessableEntity, "print-copies-invalid");
        Assert.Contains("copies", refused.Errors!.Keys);
        await Sop.PrintAsync(office.Loket4, application.Id, copies: 1, notes: "Tinta printer loker 4 diganti");

        // The survey in the portal, then the handover.
        var filled = await applicant.Client.PostAsJsonAsync($"/api/applications/{application.Id}/survey", new SurveyRequest(Sop.Answers(4, 4, 4, 4, 4, 4, 4, 4, 4), null));
        await TestApi.EnsureAsync(filled, HttpStatusCode.NoContent);
        var handover = await Sop.FindTaskAsync(office.Loket5.Client, application.Id, Steps.SerahkanSk);
        Assert.NotNull(handover);

        async Task<Problem> RefusedAsync(HandoverDetails? details, string code) =>
            await TestApi.ProblemAsync(
                await office.Loket5.Client.PostAsJsonAsync($"/api/tasks/{handover.Id}/complete", new CompleteTaskRequest(null, null, Handover: details), TestApi.Json),
                HttpStatusCode.UnprocessableEntity,
                code);

        var nothing = await RefusedAsync(null, "handover-recipient-required");
        Assert.Equal(["identityNumber", "identityType", "recipientKind", "recipientName"], nothing.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Data penyerahan SK belum lengkap: 4 isian perlu diperbaiki.", nothing.Detail);
        var noName = await RefusedAsync(Sop.InPerson(name: " "), "handover-recipient-required");
        Assert.Equal("Tuliskan nama orang yang menerima SK.", Assert.Single(noName.Errors!["recipientName"]));
        await RefusedAsync(Sop.InPerson() with { IdentityNumber = null }, "handover-identity-required");
        await RefusedAsync(Sop.InPerson() with { IdentityType = null }, "handover-identity-required");
        var badNik = await RefusedAsync(Sop.InPerson() with { IdentityNumber = "32012345" }, "handover-identity-invalid");
        Assert.Equal("NIK pada KTP terdiri dari 16 angka.", Assert.Single(badNik.Errors!["identityNumber"]));
        await RefusedAsync(Sop.InPerson() with { IdentityType = "NPWP" }, "handover-identity-invalid");
        await RefusedAsync(Sop.InPerson() with { RecipientKind = "saudara" }, "handover-recipient-kind-invalid");
        await RefusedAsync(Sop.InPerson() with { RecipientKind = "kuasa" }, "handover-power-of-attorney-required");
        Assert.NotNull(await Sop.FindTaskAsync(office.Loket5.Client, application.Id, Steps.SerahkanSk));

        await Sop.HandOverAsync(office.Loket5, application.Id);

        var issued = await Tracking.GetAsync(applicant.Client, application.Id);
        Assert.Equal(ApplicationStatus.Issued, issued.Status);
        var printed = issued.Timeline.Single(e => e.ElementId == Steps.CetakSk);
        Assert.Equal("1", printed.Recorded!["jumlahCetak"]);
        Assert.Equal("Tinta printer loker 4 diganti", printed.Recorded["catatanCetak"]);
        Assert.Equal(printed.FinishedAt, DateTimeOffset.Parse(printed.Recorded["skDicetakPada"], System.Globalization.CultureInfo.InvariantCulture));
        var handed = issued.Timeline.Single(e => e.ElementId == Steps.SerahkanSk);
        Assert.EndsWith("SK diterima oleh Siti Rahmawati (pemohon sendiri), identitas KTP.", handed.Description, StringComparison.Ordinal);
        Assert.Equal("pemohon", handed.Recorded!["penerimaSebagai"]);
    }

    [Fact]
    public async Task TheKiosk_FillsTheSurveyForTheApplicant_Once_AndPickupWaitsForIt()
    {
        using var office = await Office.CreateAsync(host);
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var application = await Sop.SubmitNewAsync(applicant.Client, PermitCatalog.Reklame);
        await Sop.SignAsync(office, application.Id);
        await Sop.PrintAsync(office.Loket4, application.Id);
        Assert.Null(await Sop.FindTaskAsync(office.Loket5.Client, application.Id, Steps.SerahkanSk));

        // Only the complaints counter runs the kiosk.
        await TestApi.ProblemAsync(await office.Loket4.Client.GetAsync("/api/kiosk/surveys"), HttpStatusCode.Forbidden, "forbidden");
        await TestApi.ProblemAsync(await applicant.Client.GetAsync("/api/kiosk/surveys"), HttpStatusCode.Forbidden, "forbidden");
        var waiting = await office.Loket5.Client.GetAsync<List<KioskSurveyDto>>("/api/kiosk/surveys");
        var mine = Assert.Single(waiting, w => w.ApplicationId == application.Id);
        Assert.Equal(PermitCatalog.Reklame, mine.PermitTypeCode);

        var incomplete = await office.Loket5.Client.PostAsJsonAsync($"/api/kiosk/applications/{application.Id}/survey", new SurveyRequest(new Dictionary<string, int> { ["u1"] = 4 }, null), TestApi.Json);
        var invalid = await TestApi.ProblemAsync(incomplete, HttpStatusCode.UnprocessableEntity, "form-invalid");
        Assert.Equal(8, invalid.Errors!.Count);

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var sent = await office.Loket5.Client.PostAsJsonAsync($"/api/kiosk/applications/{application.Id}/survey", new SurveyRequest(Sop.Answers(3, 3, 4, 4, 3, 3, 4, 4, 3), "Antrean tertib"), TestApi.Json);
        await TestApi.EnsureAsync(sent, HttpStatusCode.NoContent);

        Assert.DoesNotContain(await office.Loket5.Client.GetAsync<List<KioskSurveyDto>>("/api/kiosk/surveys"), w => w.ApplicationId == application.Id);
        var again = await office.Loket5.Client.PostAsJsonAsync($"/api/kiosk/applications/{application.Id}/survey", new SurveyRequest(Sop.Answers(1, 1, 1, 1, 1, 1, 1, 1, 1), null), TestApi.Json);
        var twice = await TestApi.ProblemAsync(again, HttpStatusCode.Conflict, "survey-already-filled");
        Assert.Equal("Survei kepuasan untuk permohonan ini sudah diisi. Setiap permohonan hanya mengisi satu kali.", twice.Detail);
        var portal = await applicant.Client.PostAsJsonAsync($"/api/applications/{application.Id}/survey", new SurveyRequest(Sop.Answers(1, 1, 1, 1, 1, 1, 1, 1, 1), null), TestApi.Json);
        await TestApi.ProblemAsync(portal, HttpStatusCode.Conflict, "survey-already-filled");

        // The applicant's step is done (by the applicant, at the kiosk); pickup opens, and the handover ends it.
        var tracking = await Tracking.GetAsync(applicant.Client, application.Id);
        var survey = tracking.Timeline.Single(e => e.ElementId == Steps.IsiSkm);
        Assert.Equal(applicant.UserId, survey.FinishedBy);
        Assert.Equal("kiosk", survey.Recorded!["skmMelalui"]);
        Assert.False(survey.Recorded.ContainsKey("skmKioskDibukaOleh"), "which clerk opened the kiosk is for staff");
        Assert.EndsWith("Diisi di kios SKM Loker Pengaduan.", survey.Description, StringComparison.Ordinal);
        Assert.Empty(tracking.Actions);
        await Sop.HandOverAsync(office.Loket5, application.Id);
        Assert.Equal(ApplicationStatus.Issued, (await Tracking.GetAsync(applicant.Client, application.Id)).Status);

        await using var scope = host.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<PerizinanDb>().Context.Set<SurveyResponse>()
            .Where(r => r.PermitTypeCode == PermitCatalog.Reklame && r.Channel == SurveyChannel.Kiosk).ToListAsync();
        var response = Assert.Single(stored);
        Assert.Equal([3, 3, 4, 4, 3, 3, 4, 4, 3], response.Ratings);
        Assert.Equal("Antrean tertib", response.Suggestion);
    }

    [Fact]
    public async Task IkmReport_AndItsCsv_EqualTheExampleWorkedByHand()
    {
        // Seeded directly: five respondents in June 2029 (WIB), one just after it. The period's edges are office days
        // in WIB (UTC+7): 31 May 17:00 UTC is 1 June 00:00 WIB (in), 30 June 16:30 UTC is 23:30 WIB (in),
        // 30 June 17:30 UTC is 1 July 00:30 WIB (out).
        await SeedAsync(
            (PermitCatalog.SipPerawat, "2029-05-31T17:00:00Z", [4, 4, 4, 4, 4, 4, 4, 4, 4]),
            (PermitCatalog.SipPerawat, "2029-06-12T03:00:00Z", [3, 3, 3, 3, 3, 3, 3, 3, 3]),
            (PermitCatalog.SipPerawat, "2029-06-20T04:00:00Z", [2, 3, 4, 3, 2, 3, 4, 3, 2]),
            (PermitCatalog.SipPerawat, "2029-06-30T16:30:00Z", [4, 4, 3, 3, 4, 4, 3, 3, 4]),
            (PermitCatalog.Apotek, "2029-06-15T02:00:00Z", [1, 1, 1, 1, 1, 1, 1, 1, 1]),
            (PermitCatalog.SipPerawat, "2029-06-30T17:30:00Z", [1, 1, 1, 1, 1, 1, 1, 1, 1]));
        using var kasi = await host.CreateClerkAsync(SopRoles.KasiPerizinan);

        // SIP Perawat, four respondents:
        //   u1 = (4 + 3 + 2 + 4) / 4 = 3.25   u2 = (4 + 3 + 3 + 4) / 4 = 3.50   u3 = (4 + 3 + 4 + 3) / 4 = 3.50
        //   u4 = (4 + 3 + 3 + 3) / 4 = 3.25   u5 = 3.25   u6 = 3.50   u7 = 3.50   u8 = 3.25   u9 = 3.25
        //   weighted: 3.25 / 9 = 0.361, 3.50 / 9 = 0.389
        //   IKM = (5 × 3.25 + 4 × 3.50) / 9 × 25 = 30.25 / 9 × 25 = 84.03: 76.61–88.30, grade B "Baik".
        var sipp = await kasi.Client.GetAsync<IkmReport>($"/api/reports/ikm?from=2029-06-01&to=2029-06-30&jenisIzin={PermitCatalog.SipPerawat}");
        Assert.Equal(4, sipp.Respondents);
        Assert.Equal(PermitCatalog.SipPerawat, sipp.PermitTypeCode);
        Assert.Equal([3.25m, 3.5m, 3.5m, 3.25m, 3.25m, 3.5m, 3.5m, 3.25m, 3.25m], sipp.Elements.Select(e => e.Average));
        Assert.Equal([0.361m, 0.389m], sipp.Elements.Take(2).Select(e => e.Weighted));
        Assert.Equal(84.03m, sipp.Index);
        Assert.Equal("B", sipp.Grade);
        Assert.Equal("Baik", sipp.Quality);

        // Every permit type, five respondents (the SIA one rates everything 1):
        //   u1 = (13 + 1) / 5 = 2.8, u2 = (14 + 1) / 5 = 3.0, and so on; IKM = (5 × 2.8 + 4 × 3.0) / 9 × 25 = 26 / 9 × 25
        //   = 72.22: 65.00–76.60, grade C "Kurang Baik".
        var all = await kasi.Client.GetAsync<IkmReport>("/api/reports/ikm?from=2029-06-01&to=2029-06-30");
        Assert.Equal(5, all.Respondents);
        Assert.Equal(2.8m, all.Elements[0].Average);
        Assert.Equal(3.0m, all.Elements[1].Average);
        Assert.Equal(72.22m, all.Index);
        Assert.Equal("C", all.Grade);

        // The same numbers in the CSV: UTF-8 with BOM, semicolons, decimal commas.
        var csv = await kasi.Client.GetAsync($"/api/reports/ikm/csv?from=2029-06-01&to=2029-06-30&jenisIzin={PermitCatalog.SipPerawat}");
        await TestApi.EnsureAsync(csv, HttpStatusCode.OK);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"ikm-{PermitCatalog.SipPerawat.ToLowerInvariant()}-2029-06-01-2029-06-30.csv", csv.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).TrimEnd().Split("\r\n");
        Assert.Equal(14, lines.Length);
        Assert.Equal("\"Periode\";\"2029-06-01 s.d. 2029-06-30\";;", lines[0]);
        Assert.Equal($"\"Jenis izin\";\"{PermitCatalog.SipPerawat}\";;", lines[1]);
        Assert.Equal("\"U1\";\"Kesesuaian persyaratan pelayanan dengan jenis pelayanannya\";3,250;0,361", lines[3]);
        Assert.Equal("\"U2\";\"Kemudahan prosedur pelayanan\";3,500;0,389", lines[4]);
        Assert.Equal("\"Jumlah responden\";;4;", lines[12]);
        Assert.Equal("\"IKM\";;84,03;\"B (Baik)\"", lines[13]);

        // Nobody in the period before it.
        var empty = await kasi.Client.GetAsync<IkmReport>("/api/reports/ikm?from=2029-05-01&to=2029-05-31");
        Assert.Equal(0, empty.Respondents);
        Assert.Null(empty.Index);
    }

    [Theory]
    [InlineData("from=2029-06-30&to=2029-06-01", "ikm-period-invalid")]
    [InlineData("from=2027-01-01&to=2029-01-01", "ikm-period-too-long")]
    [InlineData("from=2029-06-01&to=2029-06-30&jenisIzin=IMB", "ikm-permit-type-unknown")]
    [InlineData("from=2029-06-01", "ikm-period-required")]
    [InlineData("from=01-06-2029&to=2029-06-30", "ikm-date-invalid")]
    public async Task IkmReport_RefusesBadPeriods(string query, string code)
    {
        using var kadis = await host.CreateClerkAsync(SopRoles.Kadis);

        await TestApi.ProblemAsync(await kadis.Client.GetAsync("/api/reports/ikm?" + query), HttpStatusCode.BadRequest, code);
        await TestApi.ProblemAsync(await kadis.Client.GetAsync("/api/reports/ikm/csv?" + query), HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task IkmReport_IsForTheHeadsAndAdmins_Only()
    {
        using var loket2 = await host.CreateClerkAsync(SopRoles.FoPendaftaran);
        using var kabid = await host.CreateClerkAsync(SopRoles.KabidPerizinan);
        using var admin = await host.AdminAsync();
        using var applicant = await Sop.RegisterApplicantAsync(host);
        const string path = "/api/reports/ikm?from=2029-01-01&to=2029-01-31";

        await TestApi.ProblemAsync(await loket2.Client.GetAsync(path), HttpStatusCode.Forbidden, "forbidden");
        await TestApi.ProblemAsync(await applicant.Client.GetAsync(path), HttpStatusCode.Forbidden, "forbidden");
        using var anonymous = host.Anonymous();
        await TestApi.ProblemAsync(await anonymous.GetAsync(path), HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(0, (await kabid.Client.GetAsync<IkmReport>(path)).Respondents);
        Assert.Equal(0, (await admin.GetAsync<IkmReport>(path)).Respondents);
    }

    private async Task SeedAsync(params (string PermitType, string At, int[] Ratings)[] surveys)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PerizinanDb>();
        foreach (var (type, at, r) in surveys)
        {
            db.Context.Add(new SurveyResponse
            {
                Id = Guid.NewGuid(),
                PermitTypeCode = type,
                SubmittedAt = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture),
                Channel = SurveyChannel.Portal,
                U1 = r[0], U2 = r[1], U3 = r[2], U4 = r[3], U5 = r[4], U6 = r[5], U7 = r[6], U8 = r[7], U9 = r[8],
            });
        }

        await db.Context.SaveChangesAsync();
    }
}
