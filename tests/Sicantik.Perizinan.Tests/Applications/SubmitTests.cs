using Microsoft.Extensions.DependencyInjection;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Tests.Support;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Stores;

namespace Sicantik.Perizinan.Tests.Applications;

public sealed class SubmitTests
{
    [Fact]
    public async Task SubmitAsync_ListsEveryMissingMandatoryRequirement_InOneRefusal()
    {
        await using var host = await PerizinanHost.StartAsync();
        var draft = await host.Applications.CreateDraftAsync(new NewApplication
        {
            PermitTypeCode = PermitCatalog.SipPerawat,
            ApplicantId = PerizinanHost.Applicant,
            ApplicantName = "Ns. Budi Santoso, S.Kep.",
            ApplicantNik = "3404011203850001",
            FormValues = Forms.SipPerawat(),
        });
        await host.UploadAsync(draft.Id, "ktp");
        await host.UploadAsync(draft.Id, "str");
        await host.UploadAsync(draft.Id, "pas_foto");

        var refused = await Assert.ThrowsAsync<PerizinanException>(() => host.Applications.SubmitAsync(draft.Id, PerizinanHost.Applicant));

        Assert.Equal(PerizinanError.SubmissionIncomplete, refused.Code);
        Assert.Equal(["ijazah", "surat_sehat", "surat_tempat_praktik", "rekomendasi_ppni"], refused.Errors.Select(e => e.Key));
        Assert.Equal(
            "Permohonan belum dapat diajukan: 4 persyaratan wajib belum diunggah: Ijazah pendidikan keperawatan, "
            + "Surat keterangan sehat dari dokter yang memiliki Surat Izin Praktik, "
            + "Surat keterangan dari pimpinan fasilitas pelayanan kesehatan tempat praktik, atau surat pernyataan memiliki tempat praktik "
            + "dan Rekomendasi organisasi profesi (Persatuan Perawat Nasional Indonesia).",
            refused.Message);
        Assert.Equal("Ijazah pendidikan keperawatan belum diunggah.", refused.Errors[0].Message);

        var stored = await host.ReloadAsync(draft.Id);
        Assert.Equal(ApplicationStatus.Draft, stored.Status);
        Assert.Empty(await host.Runtime.QueryAsync(new InstanceQuery { BusinessKey = draft.BusinessKey }));
    }

    [Fact]
    public async Task SubmitAsync_StartsTheProcess_WithTheApplicationAsBusinessKey_AndTheRegistrationCounterGetsTheTask()
    {
        await using var host = await PerizinanHost.StartAsync();
        var draft = await host.CompleteReklameAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(2));

        var submitted = await host.Applications.SubmitAsync(draft.Id, PerizinanHost.Applicant);

        var instance = Assert.Single(await host.Runtime.QueryAsync(new InstanceQuery { BusinessKey = draft.Id.ToString("D") }));
        Assert.Equal("penerbitan-izin", instance.DefinitionKey);
        Assert.Equal(InstanceState.Running, instance.State);
        Assert.Equal(PerizinanHost.Applicant, instance.StartedBy);
        Assert.Equal(PerizinanHost.Applicant, instance.Variables["pemohon"]);
        Assert.Equal(PermitCatalog.Reklame, instance.Variables["jenisIzin"]);
        Assert.Equal(draft.Id.ToString("D"), instance.Variables["nomorPermohonan"]);

        var stored = await host.ReloadAsync(draft.Id);
        Assert.Equal(ApplicationStatus.Submitted, stored.Status);
        Assert.Equal(PerizinanHost.MondayMorning.AddMinutes(2), stored.SubmittedAt);
        Assert.Equal(instance.Id, stored.ProcessInstanceId);
        Assert.Equal(stored.ProcessInstanceId, submitted.ProcessInstanceId);

        var task = await host.TaskAsync(draft.Id, "Task_VerifikasiKelengkapan");
        Assert.Equal(["fo-pendaftaran"], task.CandidateGroups);
        Assert.Equal(["lengkap", "tidak-lengkap"], task.AllowedOutcomes);
        Assert.Null(task.Assignee);
        Assert.Equal(PerizinanHost.MondayMorning.AddMinutes(12), task.DueAt);
    }

    [Fact]
    public async Task SubmitAsync_ASecondTime_IsRefused_AndStartsNothing()
    {
        await using var host = await PerizinanHost.StartAsync();
        var submitted = await host.SubmittedReklameAsync();

        var refused = await Assert.ThrowsAsync<PerizinanException>(() => host.Applications.SubmitAsync(submitted.Id, PerizinanHost.Applicant));

        Assert.Equal(PerizinanError.InvalidState, refused.Code);
        Assert.Equal(
            "Permohonan ini sudah diajukan, menunggu verifikasi kelengkapan berkas; hanya draf yang dapat diajukan.",
            refused.Message);
        Assert.Single(await host.Runtime.QueryAsync(new InstanceQuery { BusinessKey = submitted.BusinessKey }));
    }

    [Fact]
    public async Task SubmitAsync_WhenTheProcessCannotStart_LeavesTheDraftAsItWas()
    {
        await using var host = await PerizinanHost.StartAsync();
        var unpublished = (await File.ReadAllTextAsync(PerizinanHost.SopPath)).Replace("id=\"penerbitan-izin\"", "id=\"izin-uji\"", StringComparison.Ordinal);
        await host.Definitions.DeployAsync(unpublished, "admin", publish: false);
        var reklame = await host.PermitTypes.GetByCodeAsync(PermitCatalog.Reklame);
        await host.PermitTypes.UpdateAsync(reklame.Code, new PermitTypeInput
        {
            Name = reklame.Name,
            LegalBasis = reklame.LegalBasis,
            ProcessKey = "izin-uji",
            FormFields = reklame.FormFields,
            Requirements = reklame.Requirements,
        }, null, "admin");
        var draft = await host.CompleteReklameAsync();

        var refused = await Assert.ThrowsAsync<PerizinanException>(() => host.Applications.SubmitAsync(draft.Id, PerizinanHost.Applicant));

        Assert.Equal(PerizinanError.ProcessUnavailable, refused.Code);
        var stored = await host.ReloadAsync(draft.Id);
        Assert.Equal(ApplicationStatus.Draft, stored.Status);
        Assert.Null(stored.SubmittedAt);
        Assert.Null(stored.ProcessInstanceId);
        Assert.Equal(draft.Revision + 7, stored.Revision);
    }

    [Fact]
    public async Task ReturnedFile_CanBeCompletedAndSentBack_ToTheRegistrationCounter()
    {
        await using var host = await PerizinanHost.StartAsync();
        var application = await host.SubmittedReklameAsync();
        await host.StaffAsync(application.Id, "Task_VerifikasiKelengkapan", "fo-pendaftaran", "tidak-lengkap", new Dictionary<string, object?> { ["catatan"] = "Foto lokasi buram" });

        Assert.Equal(ApplicationStatus.NeedsCompletion, await host.Statuses.SyncAsync(application.Id));
        var foto = (await host.Applications.GetChecklistAsync(application.Id, PerizinanHost.Applicant))!.Single(i => i.Requirement.Key == "foto_lokasi");
        await using (var sharper = TestFiles.Jpeg(4096, "foto tajam"))
        {
            await host.Applications.UploadDocumentAsync(application.Id, PerizinanHost.Applicant, new DocumentUpload("foto_lokasi", "foto-lokasi.jpg", sharper));
        }

        var resent = await host.Applications.ResubmitAsync(application.Id, PerizinanHost.Applicant);

        Assert.Equal(ApplicationStatus.Submitted, resent.Status);
        Assert.Equal(ApplicationStatus.Submitted, (await host.ReloadAsync(application.Id)).Status);
        var checklist = (await host.Applications.GetChecklistAsync(application.Id, PerizinanHost.Applicant))!;
        var replaced = checklist.Single(i => i.Requirement.Key == "foto_lokasi").Document!;
        Assert.Equal("image/jpeg", replaced.ContentType);
        Assert.NotEqual(foto.Document!.Id, replaced.Id);
        Assert.Equal(2, (await host.Tasks.QueryAsync(new() { BusinessKey = application.BusinessKey, ElementId = "Task_VerifikasiKelengkapan", State = null })).Count);
        await host.TaskAsync(application.Id, "Task_VerifikasiKelengkapan");
        var refused = await Assert.ThrowsAsync<PerizinanException>(() => host.Applications.ResubmitAsync(application.Id, PerizinanHost.Applicant));
        Assert.Equal(PerizinanError.InvalidState, refused.Code);
    }

    [Fact]
    public async Task ProcessHistory_StartsWithTheApplicantsSubmission()
    {
        await using var host = await PerizinanHost.StartAsync();
        var application = await host.SubmittedReklameAsync();

        var stored = await host.ReloadAsync(application.Id);
        var events = await host.Services.GetRequiredService<HistoryService>().GetAsync(stored.ProcessInstanceId!.Value);

        var started = events[0];
        Assert.Equal(HistoryEventType.InstanceStarted, started.Type);
        Assert.Equal(PerizinanHost.Applicant, started.UserId);
        Assert.Equal(application.BusinessKey, started.Detail);
    }
}
