using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Tests.Support;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Perizinan.Tests.Applications;

/// <summary>The application's status along the SOP: written with the step where a step says so, read from the instance otherwise.</summary>
public sealed class StatusTests
{
    [Fact]
    public async Task KabidRejects_TheApplicationIsRejected_InTheRejectionStep()
    {
        await using var host = await PerizinanHost.StartAsync();
        var application = await host.SubmittedReklameAsync();
        await host.StaffAsync(application.Id, "Task_VerifikasiKelengkapan", "fo-pendaftaran", "lengkap");
        await host.StaffAsync(application.Id, "Task_VerifikasiBerkas", "bo-analis", "sesuai");
        await host.StaffAsync(application.Id, "Task_ValidasiKasi", "kasi-perizinan", "valid");
        host.Clock.Advance(TimeSpan.FromMinutes(3));

        await host.StaffAsync(application.Id, "Task_PersetujuanKabid", "kabid-perizinan", "tolak", new Dictionary<string, object?> { ["alasan"] = "Lokasi berada di ruang milik jalan" });

        var stored = await host.ReloadAsync(application.Id);
        Assert.Equal(ApplicationStatus.Rejected, stored.Status);
        Assert.Equal("Lokasi berada di ruang milik jalan", stored.DecisionNote);
        Assert.Equal(PerizinanHost.MondayMorning.AddMinutes(3), stored.ClosedAt);
        var instance = await host.Runtime.GetAsync(stored.ProcessInstanceId!.Value);
        Assert.Equal(InstanceState.Completed, instance.State);
        Assert.Equal("End_Ditolak", instance.EndedWith);
        Assert.Equal(ApplicationStatus.Rejected, await host.Statuses.SyncAsync(application.Id));
    }

    [Fact]
    public async Task ThePermitIsHandedOver_SyncMarksTheApplicationIssued()
    {
        await using var host = await PerizinanHost.StartAsync();
        var application = await host.SubmittedReklameAsync();
        await host.StaffAsync(application.Id, "Task_VerifikasiKelengkapan", "fo-pendaftaran", "lengkap");
        await host.StaffAsync(application.Id, "Task_VerifikasiBerkas", "bo-analis", "sesuai");
        await host.StaffAsync(application.Id, "Task_ValidasiKasi", "kasi-perizinan", "valid");
        await host.StaffAsync(application.Id, "Task_PersetujuanKabid", "kabid-perizinan", "setuju");
        Assert.Equal(ApplicationStatus.Approved, await host.Statuses.SyncAsync(application.Id));
        await host.StaffAsync(application.Id, "Task_TandaTanganKadis", "kadis");
        await host.StaffAsync(application.Id, "Task_CetakSK", "fo-pengambilan");
        var survey = await host.TaskAsync(application.Id, "Task_IsiSKM");
        await host.Tasks.CompleteAsync(survey.Id, new WorkflowUser(PerizinanHost.Applicant, "pemohon"));
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await host.StaffAsync(application.Id, "Task_SerahkanSK", "fo-pengaduan");
        Assert.Equal(ApplicationStatus.Approved, (await host.ReloadAsync(application.Id)).Status);

        var status = await host.Statuses.SyncAsync(application.Id);

        Assert.Equal(ApplicationStatus.Issued, status);
        var stored = await host.ReloadAsync(application.Id);
        Assert.Equal(ApplicationStatus.Issued, stored.Status);
        Assert.Equal(PerizinanHost.MondayMorning.AddMinutes(5), stored.ClosedAt);
        Assert.Equal(ApplicationStatus.Issued, await host.Statuses.SyncAsync(application.Id));
    }

    [Fact]
    public void Derive_ReadsTheInstance()
    {
        var received = new PermitApplication { ApplicantId = "a", Status = ApplicationStatus.Submitted, Number = "503/0001/DPMPTSP/2026" };
        var waiting = new PermitApplication { ApplicantId = "a", Status = ApplicationStatus.Submitted };
        var running = new ProcessInstance { State = InstanceState.Running };

        Assert.Equal(ApplicationStatus.Submitted, ApplicationStatusService.Derive(waiting, running, [Open("Task_VerifikasiKelengkapan")]));
        Assert.Equal(ApplicationStatus.NeedsCompletion, ApplicationStatusService.Derive(waiting, running, [Open("Task_LengkapiBerkas", "a")]));
        Assert.Equal(ApplicationStatus.InReview, ApplicationStatusService.Derive(received, running, [Open("Task_VerifikasiBerkas")]));
        Assert.Equal(ApplicationStatus.NeedsCompletion, ApplicationStatusService.Derive(received, running, [Open("Task_PerbaikiBerkas", "a")]));
        Assert.Equal(ApplicationStatus.Approved, ApplicationStatusService.Derive(received, running, [Open("Task_CetakSK"), Open("Task_IsiSKM", "a")]));
        Assert.Equal(ApplicationStatus.Issued, ApplicationStatusService.Derive(received, new ProcessInstance { State = InstanceState.Completed, EndedWith = "End_Terbit" }, []));
        Assert.Equal(ApplicationStatus.Rejected, ApplicationStatusService.Derive(received, new ProcessInstance { State = InstanceState.Completed, EndedWith = "End_Ditolak" }, []));
        Assert.Equal(ApplicationStatus.Withdrawn, ApplicationStatusService.Derive(received, new ProcessInstance { State = InstanceState.Terminated }, []));
        Assert.Equal(ApplicationStatus.Draft, ApplicationStatusService.Derive(new PermitApplication { Status = ApplicationStatus.Draft }, null, []));
    }

    private static HumanTask Open(string element, string? assignee = null) =>
        new() { ElementId = element, Assignee = assignee, State = HumanTaskState.Open };
}
