using System.Globalization;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Tests.Support;

namespace Sicantik.Workflows.Tests.Sop;

/// <summary>Drives workflows/penerbitan-izin.bpmn step by step, as the office's people would.</summary>
internal sealed class SopRun
{
    public const string Key = "penerbitan-izin";
    public const string Applicant = "budi";

    public static readonly string[] Topics = ["eskalasi", "tanda-terima", "draft-dokumen", "nota-dinas-penolakan", "tanda-tangan-sk"];

    private SopRun(TestEngine engine, ProcessInstance instance)
    {
        Engine = engine;
        Id = instance.Id;
    }

    public TestEngine Engine { get; }

    public Guid Id { get; }

    public static async Task<SopRun> StartAsync(TestEngine engine, string businessKey = "APP-2026-0001")
    {
        engine.Handlers.On("tanda-terima", c => c.SetVariable("nomorTandaTerima", "TT/" + c.BusinessKey));
        engine.Handlers.On("tanda-tangan-sk", c => c.SetVariable("nomorSk", "503/001/DPMPTSP/2026"));
        await engine.DeployAsync(Bpmn.Sop);
        var instance = await engine.StartAsync(Key, new { pemohon = Applicant, jenisIzin = "SIP" }, businessKey);
        return new SopRun(engine, instance);
    }

    public Task<ProcessInstance> InstanceAsync() => Engine.InstanceAsync(Id);

    public async Task<IReadOnlyList<string>> OpenStepsAsync() =>
        (await Engine.OpenTasksAsync(Id)).Select(t => t.ElementId).Order(StringComparer.Ordinal).ToList();

    public Task<HumanTask> TaskAsync(string elementId) => Engine.TaskAsync(Id, elementId);

    /// <summary>Completes a staff step as a user of <paramref name="role"/>, claiming it first as a clerk does.</summary>
    public async Task StaffAsync(string elementId, string role, string? outcome = null, object? variables = null)
    {
        var task = await TaskAsync(elementId);
        var user = new WorkflowUser(role + "-1", role);
        await Engine.Tasks.ClaimAsync(task.Id, user);
        await Engine.Tasks.CompleteAsync(task.Id, user, outcome, Vars.From(variables));
    }

    /// <summary>Completes the applicant's own step.</summary>
    public async Task ApplicantAsync(string elementId, object? variables = null)
    {
        var task = await TaskAsync(elementId);
        Assert.Equal(Applicant, task.Assignee);
        await Engine.Tasks.CompleteAsync(task.Id, new WorkflowUser(Applicant, "pemohon"), null, Vars.From(variables));
    }

    public Task VerifikasiKelengkapanAsync(string outcome) => StaffAsync("Task_VerifikasiKelengkapan", "fo-pendaftaran", outcome, new { catatan = outcome == "lengkap" ? null : "KTP belum diunggah" });

    public Task VerifikasiBerkasAsync(string outcome) => StaffAsync("Task_VerifikasiBerkas", "bo-analis", outcome);

    public Task ValidasiKasiAsync(string outcome) => StaffAsync("Task_ValidasiKasi", "kasi-perizinan", outcome);

    public Task PersetujuanKabidAsync(string outcome) => StaffAsync("Task_PersetujuanKabid", "kabid-perizinan", outcome, new { alasan = outcome == "tolak" ? "Lokasi tidak sesuai tata ruang" : null });

    public Task TandaTanganKadisAsync() => StaffAsync("Task_TandaTanganKadis", "kadis");

    public Task CetakSkAsync() => StaffAsync("Task_CetakSK", "fo-pengambilan");

    public Task IsiSkmAsync() => ApplicantAsync("Task_IsiSKM", new { skmDiisi = true, skmMelalui = "portal" });

    public Task SerahkanSkAsync() => StaffAsync("Task_SerahkanSK", "fo-pengaduan");

    /// <summary>The history as lines a person can read against the SOP: minutes since start, what, where, who, outcome.</summary>
    public async Task<IReadOnlyList<string>> TimelineAsync()
    {
        var events = await Engine.HistoryAsync(Id);
        var start = events[0].At;
        return events.Select(e => Line(e, start)).ToList();
    }

    private static string Line(HistoryEvent e, DateTimeOffset start)
    {
        var minutes = ((int)(e.At - start).TotalMinutes).ToString("D3", CultureInfo.InvariantCulture);
        var parts = new List<string> { $"+{minutes}m", e.Type.ToString(), e.ElementName ?? e.ElementId ?? "-" };
        if (e.UserId is not null)
        {
            parts.Add("oleh " + e.UserId);
        }

        if (e.Outcome is not null)
        {
            parts.Add("hasil " + e.Outcome);
        }

        if (e.FlowId is not null)
        {
            parts.Add("lewat " + e.FlowId);
        }

        if (e.Type is HistoryEventType.Escalated or HistoryEventType.TaskCreated)
        {
            parts.Add("ke " + e.Detail);
        }

        return string.Join(" | ", parts);
    }
}
