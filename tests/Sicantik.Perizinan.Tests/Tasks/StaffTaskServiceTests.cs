using Microsoft.Extensions.DependencyInjection;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Survey;
using Sicantik.Perizinan.Tasks;
using Sicantik.Perizinan.Tests.Support;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Perizinan.Tests.Tasks;

/// <summary>The clerks' side of the SOP: lists, visibility by role, notes, the drafted numbers, the signature record, the survey.</summary>
public sealed class StaffTaskServiceTests
{
    private static readonly WorkflowUser Counter = new("rina", "fo-pendaftaran");
    private static readonly WorkflowUser Analyst = new("budi", "bo-analis");

    [Fact]
    public async Task TheCounter_SeesTheTaskWithItsApplication_AnotherRoleDoesNot()
    {
        await using var host = await PerizinanHost.StartAsync();
        var application = await host.SubmittedReklameAsync();
        var staff = host.Services.GetRequiredService<StaffTaskService>();

        var available = await staff.ListAsync(Counter, InboxList.Available);
        var item = Assert.Single(available);
        Assert.Equal(application.Id, item.Application?.Id);
        Assert.Equal("Task_VerifikasiKelengkapan", item.Task.ElementId);
        Assert.Equal(10, item.StandardMinutes);
        Assert.False(item.IsOverdue);
        Assert.Empty(await staff.ListAsync(Analyst, InboxList.Available));

        Assert.Null(await staff.GetAsync(item.Task.Id, Analyst));
        var refused = await Assert.ThrowsAsync<PerizinanException>(() => staff.ClaimAsync(item.Task.Id, Analyst));
        Assert.Equal(PerizinanError.NotFound, refused.Code);
        var opened = await staff.GetAsync(item.Task.Id, Counter);
        Assert.NotNull(opened);
        Assert.True(opened.CanClaim);
        Assert.NotEmpty(opened.Checklist);
    }

    [Fact]
    public async Task AClaimedTask_MovesToMine_AndPastItsBakuMutu_ToOverdue()
    {
        await using var host = await PerizinanHost.StartAsync();
        await host.SubmittedReklameAsync();
        var staff = host.Services.GetRequiredService<StaffTaskService>();
        var task = Assert.Single(await staff.ListAsync(Counter, InboxList.Available)).Task;

        await staff.ClaimAsync(task.Id, Counter);

        Assert.Empty(await staff.ListAsync(Counter, InboxList.Available));
        Assert.Equal(task.Id, Assert.Single(await staff.ListAsync(Counter, InboxList.Mine)).Task.Id);
        Assert.Empty(await staff.ListAsync(Counter, InboxList.Overdue));
        host.Clock.Advance(TimeSpan.FromMinutes(11));
        var overdue = Assert.Single(await staff.ListAsync(Counter, InboxList.Overdue));
        Assert.True(overdue.IsOverdue);
    }

    [Fact]
    public async Task SendingTheFileBack_NeedsNotes_WhichReachTheApplicant()
    {
        await using var host = await PerizinanHost.StartAsync();
        var application = await host.SubmittedReklameAsync();
        var staff = host.Services.GetRequiredService<StaffTaskService>();
        var task = Assert.Single(await staff.ListAsync(Counter, InboxList.Available)).Task;

        var refused = await Assert.ThrowsAsync<PerizinanException>(() => staff.CompleteAsync(task.Id, Counter, new TaskCompletion("tidak-lengkap", "  ")));
        Assert.Equal(PerizinanError.NotesRequired, refused.Code);
        Assert.True((await host.Tasks.GetAsync(task.Id)).IsOpen);

        await staff.CompleteAsync(task.Id, Counter, new TaskCompletion("tidak-lengkap", "Foto lokasi reklame kurang jelas"));

        Assert.Equal(ApplicationStatus.NeedsCompletion, (await host.ReloadAsync(application.Id)).Status);
        var tracking = await host.Tracking.GetAsync(application.Id, PerizinanHost.Applicant);
        var action = Assert.Single(tracking!.Actions);
        Assert.Equal("Foto lokasi reklame kurang jelas", action.Notes);
        Assert.Contains((await host.Tasks.GetAsync(task.Id)).Comments, c => c.Text == "Foto lokasi reklame kurang jelas" && c.UserId == "rina");
    }

    [Fact]
    public async Task TheWholeSop_DrawsTheDocumentNumbers_RecordsTheSignature_AndTakesTheSurvey()
    {
        await using var host = await PerizinanHost.StartAsync();
        var application = await host.SubmittedReklameAsync();
        var staff = host.Services.GetRequiredService<StaffTaskService>();
        async Task Work(string element, WorkflowUser user, string? outcome = null, TaskCompletion? completion = null)
        {
            var task = await host.TaskAsync(application.Id, element);
            await staff.CompleteAsync(task.Id, user, completion ?? new TaskCompletion(outcome, null));
        }

        await Work("Task_VerifikasiKelengkapan", Counter, "lengkap");
        await Work("Task_VerifikasiBerkas", Analyst, "sesuai");
        await Work("Task_ValidasiKasi", new WorkflowUser("sari", "kasi-perizinan"), "valid");
        await Work("Task_PersetujuanKabid", new WorkflowUser("agus", "kabid-perizinan"), "setuju");
        await Work("Task_TandaTanganKadis", new WorkflowUser("dewi", "kadis"));
        await Work("Task_CetakSK", new WorkflowUser("joko", "fo-pengambilan"), completion: new TaskCompletion(null, null) { Copies = 2 });

        var survey = host.Services.GetRequiredService<SurveyService>();
        var invalid = await Assert.ThrowsAsync<PerizinanException>(() => survey.SubmitAsync(application.Id, PerizinanHost.Applicant, new Dictionary<string, int> { ["u1"] = 5 }, null));
        Assert.Equal(PerizinanError.FormInvalid, invalid.Code);
        Assert.Equal(9, invalid.Errors.Count);
        var stranger = await Assert.ThrowsAsync<PerizinanException>(() => survey.SubmitAsync(application.Id, PerizinanHost.OtherApplicant, SurveyService.Elements.ToDictionary(e => e, _ => 4), null));
        Assert.Equal(PerizinanError.NotFound, stranger.Code);
        await survey.SubmitAsync(application.Id, PerizinanHost.Applicant, SurveyService.Elements.ToDictionary(e => e, _ => 4), "Cepat dan ramah");
        await Work("Task_SerahkanSK", new WorkflowUser("lina", "fo-pengaduan"), completion: new TaskCompletion(null, null)
        {
            Handover = new HandoverDetails("Budi Santoso", CounterSteps.Applicant, "KTP", "3201234567890123", null),
        });

        var stored = await host.ReloadAsync(application.Id);
        Assert.Equal(ApplicationStatus.Issued, stored.Status);
        var instance = await host.Runtime.GetAsync(stored.ProcessInstanceId!.Value);
        Assert.Equal("500.16/0001/ND/DPMPTSP/2026", instance.Variables["nomorNotaDinas"]);
        Assert.Equal("503/0001/SK-REKLAME/DPMPTSP/2026", instance.Variables["nomorSK"]);
        Assert.Equal("dewi", instance.Variables["skDitandatanganiOleh"]);
        // The instance names the applicant, so it keeps only the proof of the survey; the answers are anonymous.
        Assert.Equal(true, instance.Variables["skmDiisi"]);
        Assert.DoesNotContain(instance.Variables, v => v.Key is "skm" or "skmSaran" || (v.Value as string) == "Cepat dan ramah");
        var again = await Assert.ThrowsAsync<PerizinanException>(() => survey.SubmitAsync(application.Id, PerizinanHost.Applicant, SurveyService.Elements.ToDictionary(e => e, _ => 4), null));
        Assert.Equal(PerizinanError.SurveyAlreadyFilled, again.Code);
        Assert.Equal(2L, instance.Variables["jumlahCetak"]);
        Assert.Equal("joko", instance.Variables["skDicetakOleh"]);
        Assert.Equal("Budi Santoso", instance.Variables["penerimaSK"]);
        Assert.Equal("lina", instance.Variables["skDiserahkanOleh"]);
        Assert.Equal("portal", instance.Variables["skmMelalui"]);
    }
}
