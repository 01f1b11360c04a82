using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sicantik.Perizinan;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Survey;
using Sicantik.Perizinan.Tracking;
using Sicantik.Web.Api;
using Sicantik.Web.Tests.ProcessAdmin;
using Sicantik.Web.Tests.Support;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;

namespace Sicantik.Web.Tests;

/// <summary>Personal data stays with whom it belongs to: the survey is anonymous, identity numbers are masked in supervision.</summary>
public sealed class PrivacyTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    [Fact]
    public async Task SurveyAnswers_AreAbsentFromTheInstancesVariablesHistoryAndViews_ThroughPortalAndKiosk_AndTheIkmCountsThem()
    {
        using var office = await Office.CreateAsync(host);
        using var portalApplicant = await Sop.RegisterApplicantAsync(host, "Dewi Lestari");
        using var kioskApplicant = await Sop.RegisterApplicantAsync(host, "Agus Salim");
        var viaPortal = await Sop.SubmitNewAsync(portalApplicant.Client, PermitCatalog.Reklame);
        var viaKiosk = await Sop.SubmitNewAsync(kioskApplicant.Client, PermitCatalog.Reklame);
        foreach (var application in new[] { viaPortal, viaKiosk })
        {
            await Sop.SignAsync(office, application.Id);
            await Sop.PrintAsync(office.Loket4, application.Id);
        }

        const string portalSuggestion = "Saran rahasia dari portal: loket dua lambat";
        const string kioskSuggestion = "Saran rahasia dari kios: ruang tunggu panas";
        var sent = await portalApplicant.Client.PostAsJsonAsync(
            $"/api/applications/{viaPortal.Id}/survey", new SurveyRequest(Sop.Answers(1, 2, 1, 2, 1, 2, 1, 2, 1), portalSuggestion), TestApi.Json);
        await TestApi.EnsureAsync(sent, HttpStatusCode.NoContent);
        sent = await office.Loket5.Client.PostAsJsonAsync(
            $"/api/kiosk/applications/{viaKiosk.Id}/survey", new SurveyRequest(Sop.Answers(4, 4, 4, 3, 3, 3, 4, 4, 4), kioskSuggestion), TestApi.Json);
        await TestApi.EnsureAsync(sent, HttpStatusCode.NoContent);

        using var admin = await host.AdminAsync();
        foreach (var (application, suggestion, channel) in new[] { (viaPortal, portalSuggestion, "portal"), (viaKiosk, kioskSuggestion, "kiosk") })
        {
            var instanceId = (await Instances.OfAsync(admin, application.Id)).Id;

            // Stored: only the proof that the survey was filled, where, and at the kiosk by whose opening.
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var instance = await scope.ServiceProvider.GetRequiredService<RuntimeService>().GetAsync(instanceId);
                Assert.False(instance.Variables.ContainsKey("skm"), "no answers beside the applicant's name");
                Assert.False(instance.Variables.ContainsKey("skmSaran"), "no suggestion beside the applicant's name");
                Assert.Equal(true, instance.Variables["skmDiisi"]);
                Assert.Equal(channel, instance.Variables["skmMelalui"]);
                Assert.Equal(channel == "kiosk" ? office.Loket5.UserId : null, instance.Variables.GetValueOrDefault("skmKioskDibukaOleh"));
                Assert.DoesNotContain(instance.Variables.Values, v => v is string text && text.Contains("rahasia", StringComparison.Ordinal));

                var history = await scope.ServiceProvider.GetRequiredService<HistoryService>().GetAsync(instanceId);
                Assert.Contains(history, e => e.Type == HistoryEventType.TaskCompleted && e.ElementId == Steps.IsiSkm);
                Assert.DoesNotContain(history, e => e.Detail is { } detail && (detail.Contains("rahasia", StringComparison.Ordinal) || detail.Contains("skmSaran", StringComparison.Ordinal)));
            }

            // Shown: the admin's instance view (API and page) and the staff's tracking carry neither answers nor suggestion.
            var view = await admin.GetStringAsync(new Uri($"/api/admin/instances/{instanceId}", UriKind.Relative));
            Assert.Contains("\"skmDiisi\":true", view, StringComparison.Ordinal);
            Assert.DoesNotContain("\"skm\"", view, StringComparison.Ordinal);
            Assert.DoesNotContain("skmSaran", view, StringComparison.Ordinal);
            Assert.DoesNotContain("rahasia", view, StringComparison.Ordinal);
            var page = await PageForms.GetHtmlAsync(admin, $"/Pengawasan/Instans?id={instanceId}");
            Assert.Contains("data-testid=\"instance-variables\"", page, StringComparison.Ordinal);
            Assert.DoesNotContain("rahasia", page, StringComparison.Ordinal);
            var handover = await Sop.FindTaskAsync(office.Loket5.Client, application.Id, Steps.SerahkanSk);
            Assert.NotNull(handover);
            var taskPage = await PageForms.GetHtmlAsync(office.Loket5.Client, $"/Petugas/Tugas/{handover.Id}");
            Assert.DoesNotContain("rahasia", taskPage, StringComparison.Ordinal);
        }

        // The anonymous store has the answers, on the office's day and with no link to either application; the IKM reads it.
        var today = DateOnly.FromDateTime(host.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<PerizinanDb>().Context.Set<SurveyResponse>().AsNoTracking()
                .Where(r => r.PermitTypeCode == PermitCatalog.Reklame).ToListAsync();
            Assert.Equal([kioskSuggestion, portalSuggestion], stored.Select(r => r.Suggestion).Order(StringComparer.Ordinal));
            var dayStart = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7));
            Assert.All(stored, r => Assert.Equal(dayStart, r.SubmittedAt));
        }

        using var kasi = await host.CreateClerkAsync(SopRoles.KasiPerizinan);
        var day = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var ikm = await kasi.Client.GetAsync<IkmReport>($"/api/reports/ikm?from={day}&to={day}&jenisIzin={PermitCatalog.Reklame}");
        Assert.Equal(2, ikm.Respondents);
        Assert.Equal(2.5m, ikm.Elements[0].Average);
    }

    [Fact]
    public async Task SupervisorsInstanceView_MasksIdentityNumbers_AndShowsVariablesToAdminsOnly()
    {
        const string nik = "3201234567890123";
        const string masked = "************0123";
        using var office = await Office.CreateAsync(host);
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var application = await Sop.SubmitNewAsync(applicant.Client);
        await Sop.SignAsync(office, application.Id);
        await Sop.PrintAsync(office.Loket4, application.Id);
        var sent = await applicant.Client.PostAsJsonAsync(
            $"/api/applications/{application.Id}/survey", new SurveyRequest(Sop.Answers(4, 4, 4, 4, 4, 4, 4, 4, 4), null), TestApi.Json);
        await TestApi.EnsureAsync(sent, HttpStatusCode.NoContent);

        // The handover clerk types and checks the recipient's identity number in full at their step.
        var handover = await Sop.FindTaskAsync(office.Loket5.Client, application.Id, Steps.SerahkanSk);
        Assert.NotNull(handover);
        Assert.Contains("data-testid=\"handover-identity-number\"", await PageForms.GetHtmlAsync(office.Loket5.Client, $"/Petugas/Tugas/{handover.Id}"), StringComparison.Ordinal);
        await Sop.HandOverAsync(office.Loket5, application.Id, Sop.InPerson());

        using var admin = await host.AdminAsync();
        var instanceId = (await Instances.OfAsync(admin, application.Id)).Id;

        // An administrator sees the raw variables, with the identity number masked to its last four digits.
        var adminView = await Instances.ViewAsync(admin, instanceId);
        Assert.NotNull(adminView.Variables);
        Assert.Equal(masked, adminView.Variables["nomorIdentitasPenerima"]?.ToString());
        Assert.Equal("KTP", adminView.Variables["jenisIdentitasPenerima"]?.ToString());
        Assert.DoesNotContain(nik, await admin.GetStringAsync(new Uri($"/api/admin/instances/{instanceId}", UriKind.Relative)), StringComparison.Ordinal);
        var adminPage = await PageForms.GetHtmlAsync(admin, $"/Pengawasan/Instans?id={instanceId}");
        Assert.Contains(masked, adminPage, StringComparison.Ordinal);
        Assert.DoesNotContain(nik, adminPage, StringComparison.Ordinal);

        // A supervisor who is no administrator sees the process, not its variables.
        var kasiView = await Instances.ViewAsync(office.Kasi.Client, instanceId);
        Assert.Null(kasiView.Variables);
        Assert.NotEmpty(kasiView.History);
        Assert.DoesNotContain(nik, await office.Kasi.Client.GetStringAsync(new Uri($"/api/admin/instances/{instanceId}", UriKind.Relative)), StringComparison.Ordinal);
        var kasiPage = await PageForms.GetHtmlAsync(office.Kasi.Client, $"/Pengawasan/Instans?id={instanceId}");
        Assert.Contains("data-testid=\"instance-history\"", kasiPage, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"instance-variables\"", kasiPage, StringComparison.Ordinal);
        Assert.DoesNotContain(nik, kasiPage, StringComparison.Ordinal);

        // The staff's tracking names the recipient's identity masked too.
        await using var scope = host.Services.CreateAsyncScope();
        var tracking = await scope.ServiceProvider.GetRequiredService<TrackingService>().GetForStaffAsync(application.Id);
        var handed = tracking!.Timeline.Single(e => e.ElementId == Steps.SerahkanSk);
        Assert.Contains("KTP " + masked, handed.Description, StringComparison.Ordinal);
        Assert.Equal(masked, handed.Recorded!["nomorIdentitasPenerima"]);
    }
}
