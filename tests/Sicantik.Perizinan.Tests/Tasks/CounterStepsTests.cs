using Microsoft.Extensions.DependencyInjection;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Survey;
using Sicantik.Perizinan.Tasks;
using Sicantik.Perizinan.Tests.Support;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Perizinan.Tests.Tasks;

/// <summary>Steps 10 to 12 at the counters: printing, the survey at the kiosk, and the handover.</summary>
public sealed class CounterStepsTests
{
    private static readonly WorkflowUser Pickup = new("joko", SopRoles.FoPengambilan);
    private static readonly WorkflowUser Complaints = new("lina", SopRoles.FoPengaduan);

    [Fact]
    public void Handover_ListsEveryBrokenRule_WithTheFirstOnesCode()
    {
        var refused = Assert.Throws<PerizinanException>(() => CounterSteps.Handover(new HandoverDetails(" ", "kuasa", "KTP", "12345", null), null, "lina", PerizinanHost.MondayMorning));

        Assert.Equal(PerizinanError.HandoverRecipientRequired, refused.Code);
        Assert.Equal(["recipientName", "identityNumber", "powerOfAttorney"], refused.Errors.Select(e => e.Key));
        Assert.Equal("NIK pada KTP terdiri dari 16 angka.", refused.Errors[1].Message);
    }

    [Theory]
    [InlineData("Budi", "teman", "KTP", "3201234567890123", null, PerizinanError.HandoverRecipientKindInvalid)]
    [InlineData("Budi", "pemohon", null, "3201234567890123", null, PerizinanError.HandoverIdentityRequired)]
    [InlineData("Budi", "pemohon", "KTP", null, null, PerizinanError.HandoverIdentityRequired)]
    [InlineData("Budi", "pemohon", "NPWP", "123456789", null, PerizinanError.HandoverIdentityInvalid)]
    [InlineData("Budi", "kuasa", "SIM", "1234-5678-9012", "  ", PerizinanError.HandoverPowerOfAttorneyRequired)]
    public void Handover_IsRefused(string? name, string? kind, string? type, string? number, string? attorney, PerizinanError code)
    {
        var refused = Assert.Throws<PerizinanException>(() => CounterSteps.Handover(new HandoverDetails(name, kind, type, number, attorney), null, "lina", PerizinanHost.MondayMorning));

        Assert.Equal(code, refused.Code);
        Assert.Single(refused.Errors);
    }

    [Fact]
    public void Handover_ToAProxy_KeepsThePowerOfAttorney_AndNormalisesTheIdentity()
    {
        var recorded = CounterSteps.Handover(new HandoverDetails(" Andi ", "Kuasa", "paspor", "c 1234567", "SK/12/2026"), "Asli diperiksa", "lina", PerizinanHost.MondayMorning);

        Assert.Equal("Andi", recorded[SopVariables.PenerimaSk]);
        Assert.Equal("kuasa", recorded[SopVariables.PenerimaSebagai]);
        Assert.Equal("PASPOR", recorded[SopVariables.JenisIdentitasPenerima]);
        Assert.Equal("C1234567", recorded[SopVariables.NomorIdentitasPenerima]);
        Assert.Equal("SK/12/2026", recorded[SopVariables.SuratKuasa]);
        Assert.Equal("Asli diperiksa", recorded[SopVariables.CatatanPenyerahan]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(11)]
    public void Print_NeedsOneToTenCopies(int? copies) =>
        Assert.Equal(PerizinanError.PrintCopiesInvalid, Assert.Throws<PerizinanException>(() => CounterSteps.Print(copies, null, "joko", PerizinanHost.MondayMorning)).Code);

    [Fact]
    public async Task TheKiosk_FillsTheApplicantsSurvey_OnlyOnce_AndTheTimelineSaysWhere()
    {
        await using var host = await PerizinanHost.StartAsync();
        var application = await SignedAsync(host);
        var survey = host.Services.GetRequiredService<SurveyService>();
        var staff = host.Services.GetRequiredService<StaffTaskService>();
        var answers = SurveyService.Elements.ToDictionary(e => e, _ => 3);

        Assert.Empty(await survey.ListWaitingAsync(Pickup));
        var waiting = Assert.Single(await survey.ListWaitingAsync(Complaints));
        Assert.Equal(application.Id, waiting.Application.Id);
        var stranger = await Assert.ThrowsAsync<PerizinanException>(() => survey.SubmitAtKioskAsync(application.Id, Pickup, answers, null));
        Assert.Equal(PerizinanError.NotFound, stranger.Code);

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await survey.SubmitAtKioskAsync(application.Id, Complaints, answers, "Kios mudah dipakai");

        Assert.Empty(await survey.ListWaitingAsync(Complaints));
        var again = await Assert.ThrowsAsync<PerizinanException>(() => survey.SubmitAtKioskAsync(application.Id, Complaints, answers, null));
        Assert.Equal(PerizinanError.SurveyAlreadyFilled, again.Code);
        var portal = await Assert.ThrowsAsync<PerizinanException>(() => survey.SubmitAsync(application.Id, PerizinanHost.Applicant, answers, null));
        Assert.Equal(PerizinanError.SurveyAlreadyFilled, portal.Code);

        var filled = Assert.Single(await host.Tasks.QueryAsync(new TaskQuery { BusinessKey = application.BusinessKey, ElementId = SopElements.IsiSkm, State = HumanTaskState.Completed }));
        Assert.Equal(PerizinanHost.Applicant, filled.CompletedBy);
        var instance = await host.Runtime.GetAsync((await host.ReloadAsync(application.Id)).ProcessInstanceId!.Value);
        Assert.Equal("kiosk", instance.Variables[SopVariables.SkmMelalui]);
        Assert.Equal("lina", instance.Variables[SopVariables.SkmKioskDibukaOleh]);
        var today = DateOnly.FromDateTime(PerizinanHost.MondayMorning.DateTime);
        var report = await host.Services.GetRequiredService<IkmService>().ComputeAsync(today, today);
        Assert.Equal(1, report.Respondents);
        Assert.Equal(75.00m, report.Index);

        // Pickup waited for the survey and the printing; then the handover ends the process as issued.
        var print = await host.TaskAsync(application.Id, SopElements.CetakSk);
        await staff.CompleteAsync(print.Id, Pickup, new TaskCompletion(null, "Dicetak di printer loker 4") { Copies = 2 });
        var handover = await host.TaskAsync(application.Id, SopElements.SerahkanSk);
        var missing = await Assert.ThrowsAsync<PerizinanException>(() => staff.CompleteAsync(handover.Id, Complaints, new TaskCompletion(null, null)));
        Assert.Equal(PerizinanError.HandoverRecipientRequired, missing.Code);
        Assert.True((await host.Tasks.GetAsync(handover.Id)).IsOpen);
        await staff.CompleteAsync(handover.Id, Complaints, new TaskCompletion(null, null)
        {
            Handover = new HandoverDetails("Andi Wijaya", CounterSteps.Proxy, "KTP", "3201234567890999", "Surat kuasa 1 Desember 2026"),
        });

        Assert.Equal(ApplicationStatus.Issued, (await host.ReloadAsync(application.Id)).Status);
        var tracking = await host.Tracking.GetAsync(application.Id, PerizinanHost.Applicant);
        var printed = tracking!.Timeline.Single(e => e.ElementId == SopElements.CetakSk);
        Assert.EndsWith("SK dicetak 2 rangkap.", printed.Description, StringComparison.Ordinal);
        Assert.Equal("2", printed.Recorded!["jumlahCetak"]);
        Assert.False(printed.Recorded.ContainsKey("skDicetakOleh"));
        var handed = tracking.Timeline.Single(e => e.ElementId == SopElements.SerahkanSk);
        Assert.EndsWith("SK diterima oleh Andi Wijaya sebagai kuasa pemohon, identitas KTP, dengan surat kuasa Surat kuasa 1 Desember 2026.", handed.Description, StringComparison.Ordinal);
        Assert.False(handed.Recorded!.ContainsKey("nomorIdentitasPenerima"));
        Assert.EndsWith("Diisi di kios SKM Loker Pengaduan.", tracking.Timeline.Single(e => e.ElementId == SopElements.IsiSkm).Description, StringComparison.Ordinal);

        var forStaff = await host.Tracking.GetForStaffAsync(application.Id);
        var staffView = forStaff!.Timeline.Single(e => e.ElementId == SopElements.SerahkanSk);
        // Staff read the identity number masked to its last four digits; the full number stays with the handover step.
        Assert.Contains("identitas KTP ************0999", staffView.Description, StringComparison.Ordinal);
        Assert.Equal("************0999", staffView.Recorded!["nomorIdentitasPenerima"]);
        Assert.DoesNotContain("3201234567890999", staffView.Description, StringComparison.Ordinal);
        Assert.Equal("lina", staffView.Recorded!["skDiserahkanOleh"]);
        Assert.Equal("joko", forStaff.Timeline.Single(e => e.ElementId == SopElements.CetakSk).Recorded!["skDicetakOleh"]);
    }

    private static async Task<PermitApplication> SignedAsync(PerizinanHost host)
    {
        var application = await host.SubmittedReklameAsync();
        await host.StaffAsync(application.Id, "Task_VerifikasiKelengkapan", SopRoles.FoPendaftaran, "lengkap");
        await host.StaffAsync(application.Id, "Task_VerifikasiBerkas", SopRoles.BoAnalis, "sesuai");
        await host.StaffAsync(application.Id, "Task_ValidasiKasi", SopRoles.KasiPerizinan, "valid");
        await host.StaffAsync(application.Id, "Task_PersetujuanKabid", SopRoles.KabidPerizinan, "setuju");
        await host.StaffAsync(application.Id, "Task_TandaTanganKadis", SopRoles.Kadis);
        return application;
    }
}
