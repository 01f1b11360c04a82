using System.Globalization;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Tests.Support;
using Sicantik.Perizinan.Tracking;
using Sicantik.Workflows.Tasks;
using Snapshooter.Xunit;

namespace Sicantik.Perizinan.Tests.Tracking;

public sealed class TrackingTests
{
    [Fact]
    public async Task Timeline_AfterAFewSteps_ReadsInIndonesian()
    {
        await using var host = await PerizinanHost.StartAsync();
        var application = await host.SubmittedReklameAsync();
        await host.AdvanceAsync(TimeSpan.FromMinutes(3));
        await host.StaffAsync(application.Id, "Task_VerifikasiKelengkapan", "fo-pendaftaran", "lengkap");
        await host.AdvanceAsync(TimeSpan.FromMinutes(9));
        await host.StaffAsync(application.Id, "Task_VerifikasiBerkas", "bo-analis", "tidak-sesuai", new Dictionary<string, object?>
        {
            ["catatan"] = "Denah lokasi belum mencantumkan titik koordinat.",
        });

        var returned = await host.Tracking.GetAsync(application.Id, PerizinanHost.Applicant);

        Assert.NotNull(returned);
        Assert.Equal(ApplicationStatus.NeedsCompletion, returned.Status);
        var action = Assert.Single(returned.Actions);
        Assert.Equal(ApplicantActionKind.CorrectDocuments, action.Kind);
        Assert.Equal("Denah lokasi belum mencantumkan titik koordinat.", action.Notes);
        Assert.Equal((await host.TaskAsync(application.Id, "Task_PerbaikiBerkas")).Id, action.TaskId);

        await host.AdvanceAsync(TimeSpan.FromMinutes(2));
        await host.Applications.ResubmitAsync(application.Id, PerizinanHost.Applicant);
        await host.AdvanceAsync(TimeSpan.FromMinutes(6));

        var tracking = await host.Tracking.GetAsync(application.Id, PerizinanHost.Applicant);

        Assert.NotNull(tracking);
        Assert.Equal("503/0001/DPMPTSP/2026", tracking.Number);
        Assert.Equal(ApplicationStatus.InReview, tracking.Status);
        Assert.Empty(tracking.Actions);
        var current = Assert.Single(tracking.CurrentSteps);
        Assert.Equal("Task_VerifikasiBerkas", current.ElementId);
        Assert.True(current.IsLate);
        var fo = tracking.Timeline.Single(e => e.ElementId == "Task_VerifikasiKelengkapan");
        Assert.Equal((10, false, "fo-pendaftaran"), (fo.StandardMinutes!.Value, fo.IsLate, fo.Role!));
        Assert.Equal(PerizinanHost.MondayMorning.AddMinutes(3), fo.FinishedAt);
        Snapshot.Match(Readable(tracking));
    }

    [Fact]
    public async Task AfterTheSignature_TheApplicantIsAskedToFillTheSurvey()
    {
        await using var host = await PerizinanHost.StartAsync();
        var application = await host.SubmittedReklameAsync();
        await host.StaffAsync(application.Id, "Task_VerifikasiKelengkapan", "fo-pendaftaran", "lengkap");
        await host.StaffAsync(application.Id, "Task_VerifikasiBerkas", "bo-analis", "sesuai");
        await host.StaffAsync(application.Id, "Task_ValidasiKasi", "kasi-perizinan", "valid");
        await host.StaffAsync(application.Id, "Task_PersetujuanKabid", "kabid-perizinan", "setuju");
        await host.StaffAsync(application.Id, "Task_TandaTanganKadis", "kadis");

        var tracking = await host.Tracking.GetAsync(application.Id, PerizinanHost.Applicant);

        Assert.NotNull(tracking);
        Assert.Equal(ApplicationStatus.Approved, tracking.Status);
        Assert.Equal("disetujui, SK izin sedang ditetapkan dan disiapkan", tracking.StatusText);
        Assert.Equal(["Task_CetakSK", "Task_IsiSKM"], tracking.CurrentSteps.Select(s => s.ElementId).Order(StringComparer.Ordinal));
        var survey = Assert.Single(tracking.Actions);
        Assert.Equal(ApplicantActionKind.FillSurvey, survey.Kind);
        Assert.Equal(
            "SK izin Anda sudah ditandatangani. Isi Survei Kepuasan Masyarakat (SKM) agar SK dapat diserahkan kepada Anda.",
            survey.Text);
        Assert.Equal(
            ["Terbitkan tanda terima", "Buat draft Nota Dinas dan SK", "Tandatangani SK secara elektronik"],
            tracking.Timeline.Where(e => e.Kind == TimelineEntryKind.Automatic).Select(e => e.Step));

        var task = await host.TaskAsync(application.Id, "Task_IsiSKM");
        await host.Tasks.CompleteAsync(task.Id, new WorkflowUser(PerizinanHost.Applicant, "pemohon"));
        await host.StaffAsync(application.Id, "Task_CetakSK", "fo-pengambilan");
        await host.StaffAsync(application.Id, "Task_SerahkanSK", "fo-pengaduan");

        var issued = await host.Tracking.GetAsync(application.Id, PerizinanHost.Applicant);

        Assert.NotNull(issued);
        Assert.Equal(ApplicationStatus.Issued, issued.Status);
        Assert.Equal(EndingKind.Issued, issued.Ending!.Kind);
        Assert.Equal("Izin Anda telah terbit dan diserahkan pada 23 November 2026 08.00 WIB.", issued.Ending.Text);
        Assert.Equal("Izin terbit pada 23 November 2026 08.00 WIB.", issued.Timeline[^1].Description);
        Assert.Empty(issued.CurrentSteps);
        Assert.Empty(issued.Actions);
    }

    [Fact]
    public async Task ARejection_EndsTheTimeline_WithTheReason()
    {
        await using var host = await PerizinanHost.StartAsync();
        var application = await host.SubmittedReklameAsync();
        await host.StaffAsync(application.Id, "Task_VerifikasiKelengkapan", "fo-pendaftaran", "lengkap");
        await host.StaffAsync(application.Id, "Task_VerifikasiBerkas", "bo-analis", "sesuai");
        await host.StaffAsync(application.Id, "Task_ValidasiKasi", "kasi-perizinan", "valid");
        await host.StaffAsync(application.Id, "Task_PersetujuanKabid", "kabid-perizinan", "tolak", new Dictionary<string, object?> { ["alasan"] = "Titik reklame berada di ruang milik jalan." });

        var tracking = await host.Tracking.GetAsync(application.Id, PerizinanHost.Applicant);

        Assert.NotNull(tracking);
        Assert.Equal(ApplicationStatus.Rejected, tracking.Status);
        Assert.Equal(EndingKind.Rejected, tracking.Ending!.Kind);
        Assert.Equal("Titik reklame berada di ruang milik jalan.", tracking.Ending.Reason);
        Assert.Equal("Permohonan ditolak pada 23 November 2026 08.00 WIB.", tracking.Timeline[^1].Description);
        Assert.Contains(tracking.Timeline, e => e.Outcome == "tolak" && e.OutcomeText == "ditolak");
    }

    [Fact]
    public async Task ADraft_AsksTheApplicantToSubmit()
    {
        await using var host = await PerizinanHost.StartAsync();
        var draft = await host.DraftReklameAsync();

        var tracking = await host.Tracking.GetAsync(draft.Id, PerizinanHost.Applicant);

        Assert.NotNull(tracking);
        Assert.Equal(ApplicationStatus.Draft, tracking.Status);
        Assert.Empty(tracking.Timeline);
        Assert.Equal(ApplicantActionKind.SubmitDraft, Assert.Single(tracking.Actions).Kind);
        Assert.Equal("Izin Penyelenggaraan Reklame", tracking.PermitTypeName);
    }

    [Fact]
    public async Task Tracking_ReadsInEnglish_ForAnEnglishUser()
    {
        await using var host = await PerizinanHost.StartAsync();
        var application = await host.SubmittedReklameAsync();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        try
        {
            var tracking = await host.Tracking.GetAsync(application.Id, PerizinanHost.Applicant);

            Assert.NotNull(tracking);
            Assert.Equal("submitted, awaiting the completeness check", tracking.StatusText);
            Assert.Equal("You submitted the application on 23 November 2026 08:00 WIB.", tracking.Timeline[0].Description);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static object Readable(ApplicationTracking tracking) => new
    {
        tracking.Number,
        tracking.PermitTypeName,
        Status = tracking.Status.ToString(),
        tracking.StatusText,
        Timeline = tracking.Timeline.Select(e => new
        {
            Kind = e.Kind.ToString(),
            e.Step,
            e.Actor,
            e.Role,
            State = e.State.ToString(),
            e.StandardMinutes,
            e.IsLate,
            e.OutcomeText,
            e.Description,
        }),
        Current = tracking.CurrentSteps.Select(s => s.Description),
        Actions = tracking.Actions.Select(a => new { Kind = a.Kind.ToString(), a.Text, a.Notes }),
    };
}
