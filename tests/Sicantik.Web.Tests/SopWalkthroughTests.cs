using System.Net;
using System.Net.Http.Json;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Tracking;
using Sicantik.Web.Api;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Tests;

/// <summary>The SOP walked through the API by the people in it, from registration to the permit handed over or refused.</summary>
public sealed class SopWalkthroughTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Applications_AreIssuedAndRejected_WhenEveryRoleWorksItsStep()
    {
        using var loket2 = await host.CreateClerkAsync(SopRoles.FoPendaftaran);
        using var analis = await host.CreateClerkAsync(SopRoles.BoAnalis);
        using var kasi = await host.CreateClerkAsync(SopRoles.KasiPerizinan);
        using var kabid = await host.CreateClerkAsync(SopRoles.KabidPerizinan);
        using var kadis = await host.CreateClerkAsync(SopRoles.Kadis);
        using var loket4 = await host.CreateClerkAsync(SopRoles.FoPengambilan);
        using var loket5 = await host.CreateClerkAsync(SopRoles.FoPengaduan);

        // Steps 1-4: register, confirm the address from the email, sign in, choose the permit, fill, upload, submit.
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var types = await applicant.Client.GetAsync<List<PermitTypeDto>>("/api/permit-types");
        Assert.Equal([PermitCatalog.Reklame, PermitCatalog.Apotek, PermitCatalog.SipPerawat], types.Select(t => t.Code).Order(StringComparer.Ordinal));
        var sipp = types.Single(t => t.Code == PermitCatalog.SipPerawat);
        Assert.Equal(7, sipp.Requirements.Count(r => r.Mandatory));

        var draft = await Sop.CreateDraftAsync(applicant.Client);
        Assert.Equal(ApplicationStatus.Draft, draft.Status);
        Assert.All(draft.Checklist!, item => Assert.Null(item.Document));
        var uploaded = await Sop.UploadMandatoryAsync(applicant.Client, draft);
        Assert.All(uploaded.Checklist!.Where(r => r.Mandatory), item => Assert.NotNull(item.Document));
        Assert.Contains(uploaded.Checklist!, item => item.Document?.ContentType == "image/png");
        Assert.Contains(uploaded.Checklist!, item => item.Document?.ContentType == "image/jpeg");
        Assert.Contains(uploaded.Checklist!, item => item.Document?.ContentType == "application/pdf");
        var submittedAt = host.Clock.GetUtcNow();
        var approved = await applicant.Client.PostAsync<ApplicationDto>($"/api/applications/{draft.Id}/submit", null);
        Assert.Equal(ApplicationStatus.Submitted, approved.Status);
        Assert.Equal(submittedAt, approved.SubmittedAt);
        var refused = await Sop.SubmitNewAsync(applicant.Client, PermitCatalog.Apotek);

        // Steps 5-8 for both, each clerk taking the task from the pool of their role.
        var done = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        async Task WorkBothAsync(Clerk clerk, string element, string outcome)
        {
            host.Clock.Advance(Step);
            await Sop.WorkAsync(clerk, refused.Id, element, outcome);
            await Sop.WorkAsync(clerk, approved.Id, element, outcome);
            done[element] = host.Clock.GetUtcNow();
        }

        await WorkBothAsync(loket2, Steps.VerifikasiKelengkapan, "lengkap");
        var received = await applicant.Client.GetAsync<ApplicationDto>($"/api/applications/{approved.Id}");
        Assert.Equal(ApplicationStatus.InReview, received.Status);
        Assert.Matches(@"^503/\d{4}/DPMPTSP/2030$", received.Number);
        await WorkBothAsync(analis, Steps.VerifikasiBerkas, "sesuai");
        await WorkBothAsync(kasi, Steps.ValidasiKasi, "valid");

        host.Clock.Advance(Step);
        const string reason = "Lokasi apotek berada dalam radius yang tidak diizinkan menurut Perda tata ruang.";
        await Sop.WorkAsync(kabid, refused.Id, Steps.PersetujuanKabid, "tolak", reason);
        await Sop.WorkAsync(kabid, approved.Id, Steps.PersetujuanKabid, "setuju");
        done[Steps.PersetujuanKabid] = host.Clock.GetUtcNow();
        Assert.Equal(ApplicationStatus.Approved, (await applicant.Client.GetAsync<ApplicationDto>($"/api/applications/{approved.Id}")).Status);

        // Step 9: the Kepala Dinas signs; the printing (step 10) and the survey (step 11) then run side by side.
        host.Clock.Advance(Step);
        await Sop.WorkAsync(kadis, approved.Id, Steps.TandaTanganKadis, null);
        done[Steps.TandaTanganKadis] = host.Clock.GetUtcNow();
        var signed = await Tracking.GetAsync(applicant.Client, approved.Id);
        Assert.Equal([Steps.CetakSk, Steps.IsiSkm], signed.CurrentSteps.Select(s => s.ElementId).Order(StringComparer.Ordinal));
        var survey = Assert.Single(signed.Actions);
        Assert.Equal(ApplicantActionKind.FillSurvey, survey.Kind);

        host.Clock.Advance(Step);
        await Sop.PrintAsync(loket4, approved.Id, copies: 3);
        done[Steps.CetakSk] = host.Clock.GetUtcNow();
        Assert.Null(await Sop.FindTaskAsync(loket5.Client, approved.Id, Steps.SerahkanSk));

        host.Clock.Advance(Step);
        var answers = Enumerable.Range(1, 9).ToDictionary(i => $"u{i}", i => 1 + (i % 4));
        var filled = await applicant.Client.PostAsJsonAsync($"/api/applications/{approved.Id}/survey", new SurveyRequest(answers, "Pelayanan cepat dan ramah."));
        await TestApi.EnsureAsync(filled, HttpStatusCode.NoContent);
        done[Steps.IsiSkm] = host.Clock.GetUtcNow();

        // Step 12: handed over at the counter; the permit is issued.
        host.Clock.Advance(Step);
        await Sop.HandOverAsync(loket5, approved.Id, new("Andi Wijaya", "kuasa", "SIM", "1234-5678-901234", "Surat kuasa bermeterai 1 Maret 2030"));
        done[Steps.SerahkanSk] = host.Clock.GetUtcNow();

        var issued = await Tracking.GetAsync(applicant.Client, approved.Id);
        Assert.Equal(ApplicationStatus.Issued, issued.Status);
        Assert.Equal(received.Number, issued.Number);
        Assert.Equal(EndingKind.Issued, issued.Ending?.Kind);
        Assert.Equal(done[Steps.SerahkanSk], issued.Ending?.At);
        Assert.Empty(issued.CurrentSteps);
        Assert.Empty(issued.Actions);
        Assert.Equal(TimelineEntryKind.Submitted, issued.Timeline[0].Kind);
        Assert.Equal(submittedAt, issued.Timeline[0].FinishedAt);
        Assert.Equal(TimelineEntryKind.Ended, issued.Timeline[^1].Kind);
        Assert.Equal(Steps.EndTerbit, issued.Timeline[^1].ElementId);
        var people = issued.Timeline.Where(e => e.Kind == TimelineEntryKind.Step).ToList();
        var roles = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Steps.VerifikasiKelengkapan] = SopRoles.FoPendaftaran,
            [Steps.VerifikasiBerkas] = SopRoles.BoAnalis,
            [Steps.ValidasiKasi] = SopRoles.KasiPerizinan,
            [Steps.PersetujuanKabid] = SopRoles.KabidPerizinan,
            [Steps.TandaTanganKadis] = SopRoles.Kadis,
            [Steps.CetakSk] = SopRoles.FoPengambilan,
            [Steps.IsiSkm] = SopRoles.Pemohon,
            [Steps.SerahkanSk] = SopRoles.FoPengaduan,
        };
        // One entry per step in the order the steps were opened (printing and the survey open together).
        var order = people.Select(e => e.ElementId).ToList();
        Assert.Equal(8, order.Count);
        Assert.Equal(roles.Keys.Take(5), order.Take(5));
        Assert.Equal([Steps.CetakSk, Steps.IsiSkm], order.Skip(5).Take(2).Order(StringComparer.Ordinal));
        Assert.Equal(Steps.SerahkanSk, order[7]);
        foreach (var entry in people)
        {
            Assert.Equal(StepState.Done, entry.State);
            Assert.Equal(roles[entry.ElementId], entry.Role);
            Assert.False(string.IsNullOrWhiteSpace(entry.Actor), entry.ElementId);
            Assert.Equal(done[entry.ElementId], entry.FinishedAt);
            Assert.False(entry.IsLate, entry.Description);
            Assert.Contains("2030", entry.Description, StringComparison.Ordinal);
        }

        Assert.Equal("lengkap", people.Single(e => e.ElementId == Steps.VerifikasiKelengkapan).Outcome);
        Assert.Equal("setuju", people.Single(e => e.ElementId == Steps.PersetujuanKabid).Outcome);
        Assert.Equal("FO/Petugas Loker 2 (Loker Pendaftaran)", people.Single(e => e.ElementId == Steps.VerifikasiKelengkapan).Actor);
        Assert.Equal(applicant.UserId, people.Single(e => e.ElementId == Steps.IsiSkm).FinishedBy);
        var printed = people.Single(e => e.ElementId == Steps.CetakSk);
        Assert.Equal("3", printed.Recorded!["jumlahCetak"]);
        Assert.EndsWith("SK dicetak 3 rangkap.", printed.Description, StringComparison.Ordinal);
        var handed = people.Single(e => e.ElementId == Steps.SerahkanSk);
        Assert.Equal("Andi Wijaya", handed.Recorded!["penerimaSK"]);
        Assert.Equal("kuasa", handed.Recorded["penerimaSebagai"]);
        Assert.Equal("SIM", handed.Recorded["jenisIdentitasPenerima"]);
        Assert.Equal("Surat kuasa bermeterai 1 Maret 2030", handed.Recorded["suratKuasa"]);
        Assert.False(handed.Recorded.ContainsKey("nomorIdentitasPenerima"), "the proxy's identity number is for staff only");
        Assert.Contains("Andi Wijaya sebagai kuasa pemohon", handed.Description, StringComparison.Ordinal);
        Assert.Equal(
            [Steps.TerbitkanTandaTerima, Steps.BuatDraft, Steps.TandatanganiSk],
            issued.Timeline.Where(e => e.Kind == TimelineEntryKind.Automatic).Select(e => e.ElementId));

        // The refused application ends at the Kepala Bidang with the reason, and nothing after it ran.
        var rejected = await Tracking.GetAsync(applicant.Client, refused.Id);
        Assert.Equal(ApplicationStatus.Rejected, rejected.Status);
        Assert.Equal(EndingKind.Rejected, rejected.Ending?.Kind);
        Assert.Equal(reason, rejected.Ending?.Reason);
        Assert.Equal(Steps.EndDitolak, rejected.Timeline[^1].ElementId);
        Assert.Equal("tolak", rejected.Timeline.Single(e => e.ElementId == Steps.PersetujuanKabid).Outcome);
        Assert.DoesNotContain(rejected.Timeline, e => e.ElementId == Steps.TandaTanganKadis);
        Assert.Empty(rejected.Actions);
        var closed = await applicant.Client.GetAsync<ApplicationDto>($"/api/applications/{refused.Id}");
        Assert.Equal(ApplicationStatus.Rejected, closed.Status);
        Assert.Equal(reason, closed.DecisionNote);
        Assert.Null(await Sop.FindTaskAsync(kadis.Client, refused.Id, Steps.TandaTanganKadis));
    }

    [Fact]
    public async Task ReturnedFile_GoesBackToTheCounterThatReturnedIt_WhenTheApplicantResubmits()
    {
        using var loket2 = await host.CreateClerkAsync(SopRoles.FoPendaftaran);
        using var analis = await host.CreateClerkAsync(SopRoles.BoAnalis);
        using var kasi = await host.CreateClerkAsync(SopRoles.KasiPerizinan);
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var application = await Sop.SubmitNewAsync(applicant.Client);

        // The registration counter finds the file incomplete: it goes back to the applicant with the clerk's notes.
        const string missing = "Scan KTP tidak terbaca; unggah ulang KTP yang jelas.";
        await Sop.WorkAsync(loket2, application.Id, Steps.VerifikasiKelengkapan, "tidak-lengkap", missing);
        var returned = await Tracking.GetAsync(applicant.Client, application.Id);
        Assert.Equal(ApplicationStatus.NeedsCompletion, returned.Status);
        var complete = Assert.Single(returned.Actions);
        Assert.Equal(ApplicantActionKind.CompleteDocuments, complete.Kind);
        Assert.Equal(missing, complete.Notes);
        Assert.Null(returned.Number);
        Assert.Null(await Sop.FindTaskAsync(loket2.Client, application.Id, Steps.VerifikasiKelengkapan));

        var current = await applicant.Client.GetAsync<ApplicationDto>($"/api/applications/{application.Id}");
        var ktp = current.Checklist!.Single(r => r.Key == "ktp");
        var replacement = await Sop.UploadAsync(applicant.Client, application.Id, ktp, turn: 1, seed: "ktp jelas");
        Assert.NotEqual(ktp.Document!.Sha256, replacement.Sha256);
        var resubmitted = await applicant.Client.PostAsync<ApplicationDto>($"/api/applications/{application.Id}/resubmit", null);
        Assert.Equal(ApplicationStatus.Submitted, resubmitted.Status);
        Assert.Empty((await Tracking.GetAsync(applicant.Client, application.Id)).Actions);

        // Back at the counter; complete now. The back office finds something to correct.
        await Sop.WorkAsync(loket2, application.Id, Steps.VerifikasiKelengkapan, "lengkap");
        const string correct = "Nama pada STR berbeda dengan KTP; lampirkan STR yang sesuai.";
        await Sop.WorkAsync(analis, application.Id, Steps.VerifikasiBerkas, "tidak-sesuai", correct);
        var corrections = await Tracking.GetAsync(applicant.Client, application.Id);
        Assert.Equal(ApplicationStatus.NeedsCompletion, corrections.Status);
        var fix = Assert.Single(corrections.Actions);
        Assert.Equal(ApplicantActionKind.CorrectDocuments, fix.Kind);
        Assert.Equal(correct, fix.Notes);
        var number = corrections.Number;
        Assert.NotNull(number);

        var str = current.Checklist!.Single(r => r.Key == "str");
        await Sop.UploadAsync(applicant.Client, application.Id, str, seed: "str sesuai");
        var corrected = await applicant.Client.PostAsync<ApplicationDto>($"/api/applications/{application.Id}/resubmit", null);
        Assert.Equal(ApplicationStatus.InReview, corrected.Status);

        // Back at the back office, not the registration counter; the Kasi's "tidak valid" returns it to the back office.
        Assert.Null(await Sop.FindTaskAsync(loket2.Client, application.Id, Steps.VerifikasiKelengkapan));
        await Sop.WorkAsync(analis, application.Id, Steps.VerifikasiBerkas, "sesuai");
        await Sop.WorkAsync(kasi, application.Id, Steps.ValidasiKasi, "tidak-valid", "Masa berlaku STR perlu dicek ulang ke KTKI.");
        Assert.NotNull(await Sop.FindTaskAsync(analis.Client, application.Id, Steps.VerifikasiBerkas));
        var rechecking = await Tracking.GetAsync(applicant.Client, application.Id);
        Assert.Equal(ApplicationStatus.InReview, rechecking.Status);
        Assert.Empty(rechecking.Actions);
        Assert.Equal(number, rechecking.Number);
        Assert.Equal(
            ["tidak-lengkap", "lengkap", "tidak-sesuai", "sesuai", "tidak-valid"],
            rechecking.Timeline.Where(e => e.Kind == TimelineEntryKind.Step && e.State == StepState.Done && e.Role != SopRoles.Pemohon).Select(e => e.Outcome));
    }

    [Fact]
    public async Task Task_ShowsAsOverdue_WhenTheClockPassesItsBakuMutu()
    {
        using var loket2 = await host.CreateClerkAsync(SopRoles.FoPendaftaran);
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var application = await Sop.SubmitNewAsync(applicant.Client);
        var task = await Sop.FindTaskAsync(loket2.Client, application.Id, Steps.VerifikasiKelengkapan);
        Assert.NotNull(task);
        Assert.Equal(10, task.StandardMinutes);
        Assert.Equal(host.Clock.GetUtcNow().AddMinutes(10), task.DueAt);
        Assert.False(task.IsOverdue);

        // One minute before the baku mutu runs out it is not late; one minute after, it is.
        host.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Null(await Sop.FindTaskAsync(loket2.Client, application.Id, Steps.VerifikasiKelengkapan, "overdue"));
        Assert.False((await Tracking.GetAsync(applicant.Client, application.Id)).CurrentSteps.Single().IsLate);

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        var overdue = await Sop.FindTaskAsync(loket2.Client, application.Id, Steps.VerifikasiKelengkapan, "overdue");
        Assert.NotNull(overdue);
        Assert.True(overdue.IsOverdue);
        Assert.Equal(task.Id, overdue.Id);
        Assert.True((await Tracking.GetAsync(applicant.Client, application.Id)).CurrentSteps.Single().IsLate);

        // Late is recorded, not cancelled: the clerk still completes it, and the timeline keeps it as late.
        await Sop.WorkAsync(loket2, application.Id, Steps.VerifikasiKelengkapan, "lengkap");
        Assert.Null(await Sop.FindTaskAsync(loket2.Client, application.Id, Steps.VerifikasiKelengkapan, "overdue"));
        var late = (await Tracking.GetAsync(applicant.Client, application.Id)).Timeline.Single(e => e.ElementId == Steps.VerifikasiKelengkapan);
        Assert.True(late.IsLate);
    }
}
