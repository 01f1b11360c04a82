using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tests.Support;
using Snapshooter.Xunit;

namespace Sicantik.Workflows.Tests.Sop;

/// <summary>The SOP definition driven through its paths: issued, returned, sent back, rejected, late at every step.</summary>
public sealed class PenerbitanIzinTests
{
    [Fact]
    public async Task HappyPath_EndsIssued_WithEveryStepInSopOrder()
    {
        await using var engine = TestEngine.Create(SopRun.Topics);
        var run = await SopRun.StartAsync(engine);

        var first = await run.TaskAsync("Task_VerifikasiKelengkapan");
        Assert.Equal(["fo-pendaftaran"], first.CandidateGroups);
        Assert.Equal(["lengkap", "tidak-lengkap"], first.AllowedOutcomes);
        Assert.Equal(TestEngine.MondayMorning.AddMinutes(10), first.DueAt);

        var step = TimeSpan.FromMinutes(3);
        await engine.AdvanceAsync(step);
        await run.VerifikasiKelengkapanAsync("lengkap");
        Assert.Equal("TT/APP-2026-0001", (await run.InstanceAsync()).Variables["nomorTandaTerima"]);
        await engine.AdvanceAsync(step);
        await run.VerifikasiBerkasAsync("sesuai");
        await engine.AdvanceAsync(step);
        await run.ValidasiKasiAsync("valid");
        await engine.AdvanceAsync(step);
        await run.PersetujuanKabidAsync("setuju");
        await engine.AdvanceAsync(step);
        await run.TandaTanganKadisAsync();

        Assert.Equal(["Task_CetakSK", "Task_IsiSKM"], await run.OpenStepsAsync());
        await engine.AdvanceAsync(step);
        await run.CetakSkAsync();
        Assert.Equal(["Task_IsiSKM"], await run.OpenStepsAsync());
        await engine.AdvanceAsync(step);
        await run.IsiSkmAsync();
        await engine.AdvanceAsync(step);
        await run.SerahkanSkAsync();

        var instance = await run.InstanceAsync();
        Assert.Equal(InstanceState.Completed, instance.State);
        Assert.Equal("End_Terbit", instance.EndedWith);
        Assert.Empty(instance.Tokens);
        Assert.Empty(instance.Timers);
        Assert.Equal(["tanda-terima", "draft-dokumen", "tanda-tangan-sk"], engine.Handlers.Calls.Select(c => c.Topic));
        Snapshot.Match(await run.TimelineAsync());
    }

    [Fact]
    public async Task IncompleteFile_ReturnsToApplicantTwice_ThenIsAccepted()
    {
        await using var engine = TestEngine.Create(SopRun.Topics);
        var run = await SopRun.StartAsync(engine);

        for (var round = 0; round < 2; round++)
        {
            await run.VerifikasiKelengkapanAsync("tidak-lengkap");
            Assert.Equal(["Task_LengkapiBerkas"], await run.OpenStepsAsync());
            Assert.Equal("KTP belum diunggah", (await run.InstanceAsync()).Variables["catatan"]);
            await run.ApplicantAsync("Task_LengkapiBerkas");
            Assert.Equal(["Task_VerifikasiKelengkapan"], await run.OpenStepsAsync());
        }

        await run.VerifikasiKelengkapanAsync("lengkap");

        Assert.Equal(["Task_VerifikasiBerkas"], await run.OpenStepsAsync());
        Assert.Single(engine.Handlers.Calls, c => c.Topic == "tanda-terima");
        var history = await engine.HistoryAsync(run.Id);
        Assert.Equal(3, history.Count(e => e.Type == HistoryEventType.TaskCreated && e.ElementId == "Task_VerifikasiKelengkapan"));
        Assert.Equal(2, history.Count(e => e.Type == HistoryEventType.GatewayTaken && e.FlowId == "Flow_TidakLengkap"));
    }

    [Fact]
    public async Task BackOfficeAndKasi_SendTheFileBack_ThenItIsIssued()
    {
        await using var engine = TestEngine.Create(SopRun.Topics);
        var run = await SopRun.StartAsync(engine);
        await run.VerifikasiKelengkapanAsync("lengkap");

        await run.VerifikasiBerkasAsync("tidak-sesuai");
        Assert.Equal(["Task_PerbaikiBerkas"], await run.OpenStepsAsync());
        await run.ApplicantAsync("Task_PerbaikiBerkas");
        Assert.Equal(["Task_VerifikasiBerkas"], await run.OpenStepsAsync());
        await run.VerifikasiBerkasAsync("sesuai");

        await run.ValidasiKasiAsync("tidak-valid");
        Assert.Equal(["Task_VerifikasiBerkas"], await run.OpenStepsAsync());
        await run.VerifikasiBerkasAsync("sesuai");
        await run.ValidasiKasiAsync("valid");

        await run.PersetujuanKabidAsync("setuju");
        await run.TandaTanganKadisAsync();
        await run.IsiSkmAsync();
        await run.CetakSkAsync();
        await run.SerahkanSkAsync();

        var instance = await run.InstanceAsync();
        Assert.Equal(InstanceState.Completed, instance.State);
        Assert.Equal("End_Terbit", instance.EndedWith);
        Assert.Single(engine.Handlers.Calls, c => c.Topic == "draft-dokumen");
    }

    [Fact]
    public async Task KabidRejects_EndsRejected_WithTheRejectionNotaDinas()
    {
        await using var engine = TestEngine.Create(SopRun.Topics);
        var run = await SopRun.StartAsync(engine);
        await run.VerifikasiKelengkapanAsync("lengkap");
        await run.VerifikasiBerkasAsync("sesuai");
        await run.ValidasiKasiAsync("valid");

        await run.PersetujuanKabidAsync("tolak");

        var instance = await run.InstanceAsync();
        Assert.Equal(InstanceState.Completed, instance.State);
        Assert.Equal("End_Ditolak", instance.EndedWith);
        Assert.Equal("Lokasi tidak sesuai tata ruang", instance.Variables["alasan"]);
        Assert.Empty(await run.OpenStepsAsync());
        Assert.Empty(instance.Timers);
        Assert.Equal("nota-dinas-penolakan", engine.Handlers.Calls[^1].Topic);
        Assert.DoesNotContain(engine.Handlers.Calls, c => c.Topic == "tanda-tangan-sk");
        Snapshot.Match(await run.TimelineAsync());
    }

    public static TheoryData<string, string, string, int> StaffSteps => new()
    {
        { "Task_VerifikasiKelengkapan", "fo-pendaftaran", "kasi-perizinan", 10 },
        { "Task_VerifikasiBerkas", "bo-analis", "kasi-perizinan", 5 },
        { "Task_ValidasiKasi", "kasi-perizinan", "kabid-perizinan", 5 },
        { "Task_PersetujuanKabid", "kabid-perizinan", "kadis", 5 },
        { "Task_TandaTanganKadis", "kadis", "admin", 5 },
        { "Task_CetakSK", "fo-pengambilan", "kasi-perizinan", 5 },
        { "Task_SerahkanSK", "fo-pengaduan", "kasi-perizinan", 5 },
    };

    [Fact]
    public async Task EveryStaffStepOverrunningItsBakuMutu_EscalatesExactlyOnceToTheRightRole_AndStaysOpen()
    {
        await using var engine = TestEngine.Create(SopRun.Topics);
        var run = await SopRun.StartAsync(engine);
        var outcomes = new Dictionary<string, string?>
        {
            ["Task_VerifikasiKelengkapan"] = "lengkap",
            ["Task_VerifikasiBerkas"] = "sesuai",
            ["Task_ValidasiKasi"] = "valid",
            ["Task_PersetujuanKabid"] = "setuju",
        };

        foreach (var (step, role, target, bakuMutu) in StaffSteps.Select(row => ((string)row[0], (string)row[1], (string)row[2], (int)row[3])))
        {
            if (step == "Task_SerahkanSK")
            {
                await run.IsiSkmAsync();
            }

            var task = await run.TaskAsync(step);
            Assert.Equal(task.CreatedAt.AddMinutes(bakuMutu), task.DueAt);

            await engine.AdvanceAsync(TimeSpan.FromMinutes(bakuMutu) - TimeSpan.FromSeconds(1));
            Assert.False((await run.TaskAsync(step)).IsOverdue);

            // Late by one minute, and still within the next baku mutu: one escalation (the reminder comes a baku mutu later).
            await engine.AdvanceAsync(TimeSpan.FromMinutes(1));
            await engine.AdvanceAsync(TimeSpan.FromMinutes(bakuMutu - 2));

            var late = await run.TaskAsync(step);
            Assert.True(late.IsOpen);
            Assert.True(late.IsOverdue);
            Assert.Equal([target], late.EscalatedTo);
            var escalations = (await engine.HistoryAsync(run.Id)).Where(e => e.Type == HistoryEventType.Escalated && e.ElementId == step).ToList();
            Assert.Equal(target, Assert.Single(escalations).Detail);
            var call = Assert.Single(engine.Handlers.Calls, c => c.Topic == "eskalasi" && c.Escalation!.TaskElementId == step);
            Assert.Equal(target, call.Escalation!.Target);
            Assert.Equal(late.Id, call.Escalation.TaskId);

            await run.StaffAsync(step, role, outcomes.GetValueOrDefault(step));
        }

        var instance = await run.InstanceAsync();
        Assert.Equal(InstanceState.Completed, instance.State);
        Assert.Equal("End_Terbit", instance.EndedWith);
        Assert.Equal(7, engine.Handlers.Calls.Count(c => c.Topic == "eskalasi"));
    }

    [Fact]
    public async Task StepCompletedWithinBakuMutu_NeverEscalates()
    {
        await using var engine = TestEngine.Create(SopRun.Topics);
        var run = await SopRun.StartAsync(engine);

        await engine.AdvanceAsync(TimeSpan.FromMinutes(9));
        await run.VerifikasiKelengkapanAsync("lengkap");
        await engine.AdvanceAsync(TimeSpan.FromHours(3));

        Assert.DoesNotContain(await engine.HistoryAsync(run.Id), e => e.Type == HistoryEventType.Escalated && e.ElementId == "Task_VerifikasiKelengkapan");
        Assert.DoesNotContain(engine.Handlers.Calls, c => c.Escalation?.TaskElementId == "Task_VerifikasiKelengkapan");
    }

    [Fact]
    public async Task ALateStep_IsRemindedEveryBakuMutuThreeTimesAtMost_AndNotAfterItIsCompleted()
    {
        await using var engine = TestEngine.Create(SopRun.Topics);
        var open = await SopRun.StartAsync(engine, "APP-2026-0001");
        var closed = await SopRun.StartAsync(engine, "APP-2026-0002");

        // Both late; one is completed after its second notice, the other stays open past the cycle's three repetitions.
        await engine.AdvanceAsync(TimeSpan.FromMinutes(10));
        await engine.AdvanceAsync(TimeSpan.FromMinutes(10));
        await closed.VerifikasiKelengkapanAsync("lengkap");
        await engine.AdvanceAsync(TimeSpan.FromMinutes(10));
        await engine.AdvanceAsync(TimeSpan.FromMinutes(10));
        await engine.AdvanceAsync(TimeSpan.FromHours(2));

        int Calls(string businessKey) => engine.Handlers.Calls.Count(c => c.Topic == "eskalasi" && c.BusinessKey == businessKey && c.Escalation?.TaskElementId == "Task_VerifikasiKelengkapan");
        Assert.Equal(3, Calls("APP-2026-0001"));
        Assert.Equal(2, Calls("APP-2026-0002"));
        var escalations = (await engine.HistoryAsync(open.Id)).Where(e => e.Type == HistoryEventType.Escalated).ToList();
        Assert.Equal(
            [TestEngine.MondayMorning.AddMinutes(10), TestEngine.MondayMorning.AddMinutes(20), TestEngine.MondayMorning.AddMinutes(30)],
            escalations.Select(e => e.At));
        var task = await open.TaskAsync("Task_VerifikasiKelengkapan");
        Assert.True(task.IsOpen);
        Assert.Equal(["kasi-perizinan"], task.EscalatedTo.Distinct());
        Assert.Equal(TestEngine.MondayMorning.AddMinutes(10), task.EscalatedAt);
    }

    [Fact]
    public async Task BakuMutu_CountsOfficeHours_SoATaskCreatedLateInTheDayIsDueNextMorning()
    {
        await using var engine = TestEngine.Create(SopRun.Topics);
        engine.Clock.Advance(TimeSpan.FromHours(7) + TimeSpan.FromMinutes(55));

        var run = await SopRun.StartAsync(engine);

        var task = await run.TaskAsync("Task_VerifikasiKelengkapan");
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 8, 5, 0, TimeSpan.FromHours(7)), task.DueAt);
    }
}
