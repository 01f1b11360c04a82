using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Tests.Support;

namespace Sicantik.Perizinan.Tests.Applications;

/// <summary>An applicant only ever finds their own applications: another's is "not found", never "forbidden".</summary>
public sealed class AccessTests
{
    private const string Other = PerizinanHost.OtherApplicant;

    [Fact]
    public async Task AnotherApplicant_CannotSeeADraftOrItsDocuments()
    {
        await using var host = await PerizinanHost.StartAsync();
        var draft = await host.DraftReklameAsync();
        var document = await host.UploadAsync(draft.Id, "ktp");

        Assert.Null(await host.Applications.FindAsync(draft.Id, Other));
        Assert.Empty(await host.Applications.ListAsync(Other));
        Assert.Null(await host.Applications.GetChecklistAsync(draft.Id, Other));
        Assert.Null(await host.Applications.OpenDocumentAsync(draft.Id, Other, document.Id));
        Assert.Null(await host.Tracking.GetAsync(draft.Id, Other));

        await using var own = await host.Applications.OpenDocumentAsync(draft.Id, PerizinanHost.Applicant, document.Id);
        Assert.NotNull(own);
        Assert.Equal(document.Sha256, own.Document.Sha256);
        Assert.Single(await host.Applications.ListAsync(PerizinanHost.Applicant));
    }

    [Fact]
    public async Task AnotherApplicant_CannotActOnADraft()
    {
        await using var host = await PerizinanHost.StartAsync();
        var draft = await host.CompleteReklameAsync();
        var document = (await host.Applications.GetChecklistAsync(draft.Id, PerizinanHost.Applicant))![0].Document!;

        await AssertNotFound(() => host.Applications.UpdateDraftAsync(draft.Id, Other, Forms.Reklame()));
        await AssertNotFound(async () =>
        {
            await using var pdf = TestFiles.Pdf(2048, "orang lain");
            await host.Applications.UploadDocumentAsync(draft.Id, Other, new DocumentUpload("ktp", "ktp.pdf", pdf));
        });
        await AssertNotFound(() => host.Applications.RemoveDocumentAsync(draft.Id, Other, document.Id));
        await AssertNotFound(() => host.Applications.SubmitAsync(draft.Id, Other));
        await AssertNotFound(() => host.Applications.WithdrawAsync(draft.Id, Other));

        var untouched = await host.ReloadAsync(draft.Id);
        Assert.Equal(ApplicationStatus.Draft, untouched.Status);
        Assert.Equal(document.Id, (await host.Applications.GetChecklistAsync(draft.Id, PerizinanHost.Applicant))![0].Document!.Id);
    }

    [Fact]
    public async Task AnotherApplicant_CannotTrackOrResubmitASubmittedApplication()
    {
        await using var host = await PerizinanHost.StartAsync();
        var application = await host.SubmittedReklameAsync();
        await host.StaffAsync(application.Id, "Task_VerifikasiKelengkapan", "fo-pendaftaran", "tidak-lengkap");

        Assert.Null(await host.Tracking.GetAsync(application.Id, Other));
        await AssertNotFound(() => host.Applications.ResubmitAsync(application.Id, Other));
        Assert.NotNull(await host.Tracking.GetAsync(application.Id, PerizinanHost.Applicant));
        Assert.NotNull(await host.Tracking.GetForStaffAsync(application.Id));
    }

    [Fact]
    public async Task ADocumentOfAnotherApplication_IsNotFoundThroughMine()
    {
        await using var host = await PerizinanHost.StartAsync();
        var mine = await host.DraftReklameAsync();
        var theirs = await host.DraftReklameAsync(Other);
        var theirDocument = await host.UploadAsync(theirs.Id, "ktp", Other);

        Assert.Null(await host.Applications.OpenDocumentAsync(mine.Id, PerizinanHost.Applicant, theirDocument.Id));
        await AssertNotFound(() => host.Applications.RemoveDocumentAsync(mine.Id, PerizinanHost.Applicant, theirDocument.Id));
    }

    private static async Task AssertNotFound(Func<Task> act)
    {
        var refused = await Assert.ThrowsAsync<PerizinanException>(act);
        Assert.Equal(PerizinanError.NotFound, refused.Code);
    }
}
