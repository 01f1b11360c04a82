using System.Net;
using System.Net.Http.Json;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Tests.Support;
using Sicantik.Web.Api;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Tests;

/// <summary>
/// What the API refuses: each refusal answers with its status and stable problem code, in Bahasa Indonesia, and leaves
/// everything as it was.
/// </summary>
public sealed class RefusalTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    [Fact]
    public async Task AnotherApplicant_GetsNotFound_ForAnApplicationAndItsDocuments()
    {
        using var owner = await Sop.RegisterApplicantAsync(host);
        using var other = await Sop.RegisterApplicantAsync(host, "Budi Santoso");
        var draft = await Sop.UploadMandatoryAsync(owner.Client, await Sop.CreateDraftAsync(owner.Client));
        var document = draft.Checklist!.First(r => r.Document is not null).Document!;
        var ktp = draft.Checklist!.Single(r => r.Key == "ktp");

        var read = await TestApi.ProblemAsync(await other.Client.GetAsync($"/api/applications/{draft.Id}"), HttpStatusCode.NotFound, "not-found");
        Assert.Equal("Tidak ditemukan", read.Title);
        await TestApi.ProblemAsync(await other.Client.GetAsync($"/api/applications/{draft.Id}/documents/{document.Id}"), HttpStatusCode.NotFound, "not-found");
        await TestApi.ProblemAsync(await other.Client.GetAsync($"/api/applications/{draft.Id}/tracking"), HttpStatusCode.NotFound, "not-found");
        await TestApi.ProblemAsync(await other.Client.DeleteAsync($"/api/applications/{draft.Id}/documents/{document.Id}"), HttpStatusCode.NotFound, "not-found");
        using (var form = TestApi.FilePart(TestFiles.Pdf(1024, "intruder"), "ktp.pdf", "application/pdf"))
        {
            await TestApi.ProblemAsync(await other.Client.PostAsync($"/api/applications/{draft.Id}/documents/ktp", form), HttpStatusCode.NotFound, "not-found");
        }

        await TestApi.ProblemAsync(await other.Client.PostAsync($"/api/applications/{draft.Id}/submit", null), HttpStatusCode.NotFound, "not-found");
        Assert.Empty(await other.Client.GetAsync<List<ApplicationDto>>("/api/applications"));

        // The owner still has it as it was, and reads the document.
        var after = await owner.Client.GetAsync<ApplicationDto>($"/api/applications/{draft.Id}");
        Assert.Equal(ApplicationStatus.Draft, after.Status);
        Assert.Equal(draft.Revision, after.Revision);
        Assert.Equal(ktp.Document!.Sha256, after.Checklist!.Single(r => r.Key == "ktp").Document!.Sha256);
        using var download = await owner.Client.GetAsync($"/api/applications/{draft.Id}/documents/{document.Id}");
        await TestApi.EnsureAsync(download, HttpStatusCode.OK);
        Assert.Equal(document.ContentType, download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(document.SizeBytes, (await download.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task Clerk_GetsNotFound_ForATaskOfAnotherRole()
    {
        using var loket2 = await host.CreateClerkAsync(SopRoles.FoPendaftaran);
        using var analis = await host.CreateClerkAsync(SopRoles.BoAnalis);
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var application = await Sop.SubmitNewAsync(applicant.Client);
        var task = await Sop.FindTaskAsync(loket2.Client, application.Id, Steps.VerifikasiKelengkapan);
        Assert.NotNull(task);
        var document = (await loket2.Client.GetAsync<TaskDetail>($"/api/tasks/{task.Id}")).Application!.Checklist!.First(r => r.Document is not null).Document!;

        Assert.Null(await Sop.FindTaskAsync(analis.Client, application.Id, Steps.VerifikasiKelengkapan));
        await TestApi.ProblemAsync(await analis.Client.GetAsync($"/api/tasks/{task.Id}"), HttpStatusCode.NotFound, "not-found");
        await TestApi.ProblemAsync(await analis.Client.GetAsync($"/api/tasks/{task.Id}/documents/{document.Id}"), HttpStatusCode.NotFound, "not-found");
        await TestApi.ProblemAsync(await analis.Client.PostAsync($"/api/tasks/{task.Id}/claim", null), HttpStatusCode.NotFound, "not-found");
        await TestApi.ProblemAsync(
            await analis.Client.PostAsJsonAsync($"/api/tasks/{task.Id}/complete", new CompleteTaskRequest("lengkap", null)),
            HttpStatusCode.NotFound,
            "not-found");

        var untouched = await loket2.Client.GetAsync<TaskDetail>($"/api/tasks/{task.Id}");
        Assert.Equal("Open", untouched.Task.State);
        Assert.Null(untouched.Task.Assignee);
        Assert.True(untouched.CanClaim);
        Assert.Equal(ApplicationStatus.Submitted, untouched.Application!.Status);
    }

    [Fact]
    public async Task SecondClaim_IsRefusedWithTheHolder_WhenAnotherClerkHoldsTheTask()
    {
        using var first = await host.CreateClerkAsync(SopRoles.FoPendaftaran);
        using var second = await host.CreateClerkAsync(SopRoles.FoPendaftaran);
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var application = await Sop.SubmitNewAsync(applicant.Client);
        var task = await Sop.FindTaskAsync(first.Client, application.Id, Steps.VerifikasiKelengkapan);
        Assert.NotNull(task);
        await first.Client.PostAsync<TaskItem>($"/api/tasks/{task.Id}/claim", null);

        var problem = await TestApi.ProblemAsync(await second.Client.PostAsync($"/api/tasks/{task.Id}/claim", null), HttpStatusCode.Conflict, "task-already-claimed");
        Assert.Equal("Tugas sudah diambil petugas lain", problem.Title);
        Assert.Contains($"Petugas {first.Email}", problem.Detail, StringComparison.Ordinal);

        // The other clerk cannot complete it either; it stays with the first, who completes it.
        await TestApi.ProblemAsync(
            await second.Client.PostAsJsonAsync($"/api/tasks/{task.Id}/complete", new CompleteTaskRequest("lengkap", null)),
            HttpStatusCode.Forbidden,
            "task-not-assigned-to-user");
        Assert.Null(await Sop.FindTaskAsync(second.Client, application.Id, Steps.VerifikasiKelengkapan));
        Assert.Equal(first.UserId, (await second.Client.GetAsync<TaskDetail>($"/api/tasks/{task.Id}")).Task.Assignee);
        await first.Client.PostAsync<TaskItem>($"/api/tasks/{task.Id}/complete", new CompleteTaskRequest("lengkap", null));
    }

    [Fact]
    public async Task Submission_IsRefusedWithTheMissingRequirement_WhenAMandatoryOneHasNoFile()
    {
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var draft = await Sop.UploadMandatoryAsync(applicant.Client, await Sop.CreateDraftAsync(applicant.Client), "str");

        var problem = await TestApi.ProblemAsync(await applicant.Client.PostAsync($"/api/applications/{draft.Id}/submit", null), HttpStatusCode.UnprocessableEntity, "submission-incomplete");
        Assert.Equal("Berkas belum lengkap", problem.Title);
        var missing = Assert.Single(problem.Errors!);
        Assert.Equal("str", missing.Key);
        Assert.Contains("Surat Tanda Registrasi (STR) Perawat", problem.Detail, StringComparison.Ordinal);

        var after = await applicant.Client.GetAsync<ApplicationDto>($"/api/applications/{draft.Id}");
        Assert.Equal(ApplicationStatus.Draft, after.Status);
        Assert.Null(after.SubmittedAt);
        Assert.Equal(draft.Revision, after.Revision);
        var tracking = await Tracking.GetAsync(applicant.Client, draft.Id);
        Assert.Empty(tracking.Timeline);
    }

    [Fact]
    public async Task Upload_IsRefused_WhenAProgramIsNamedPdf()
    {
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var draft = await Sop.CreateDraftAsync(applicant.Client);
        var stored = StoredFiles();

        using var form = TestApi.FilePart(TestFiles.Executable(), "ijazah.pdf", "application/pdf");
        var problem = await TestApi.ProblemAsync(await applicant.Client.PostAsync($"/api/applications/{draft.Id}/documents/ijazah", form), HttpStatusCode.UnsupportedMediaType, "document-type-refused");
        Assert.Equal("Jenis berkas ditolak", problem.Title);

        var after = await applicant.Client.GetAsync<ApplicationDto>($"/api/applications/{draft.Id}");
        Assert.All(after.Checklist!, r => Assert.Null(r.Document));
        Assert.Equal(draft.Revision, after.Revision);
        Assert.Equal(stored, StoredFiles());
    }

    [Fact]
    public async Task Upload_IsRefusedBeforeItIsRead_When50MegabytesAreDeclared()
    {
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var draft = await Sop.CreateDraftAsync(applicant.Client);
        const long size = 50L * 1024 * 1024;

        var declared = new GeneratedStream(size, seekable: true);
        using (var form = TestApi.FilePart(declared, "str.pdf", "application/pdf", size))
        {
            Assert.True(form.Headers.ContentLength > size);
            var problem = await TestApi.ProblemAsync(await applicant.Client.PostAsync($"/api/applications/{draft.Id}/documents/str", form), HttpStatusCode.RequestEntityTooLarge, "document-too-large");
            Assert.Contains("MB", problem.Detail, StringComparison.Ordinal);
        }

        Assert.True(declared.BytesRead < size / 2, $"the server read {declared.BytesRead} bytes of a body it had to refuse");

        // Without a length (chunked), the body is cut off at the limit while it streams.
        var streamed = new GeneratedStream(size);
        using (var form = TestApi.FilePart(streamed, "str.pdf", "application/pdf"))
        {
            await TestApi.ProblemAsync(await applicant.Client.PostAsync($"/api/applications/{draft.Id}/documents/str", form), HttpStatusCode.RequestEntityTooLarge, "document-too-large");
        }

        Assert.True(streamed.BytesRead < size / 2, $"the server read {streamed.BytesRead} bytes of a body it had to refuse");

        // Nor can 50 MB come in ahead of the file, in a part that is not one.
        var padding = new GeneratedStream(size);
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new StreamContent(padding), "catatan");
            form.Add(new StreamContent(TestFiles.Pdf(1024, "kecil")), "file", "str.pdf");
            await TestApi.ProblemAsync(await applicant.Client.PostAsync($"/api/applications/{draft.Id}/documents/str", form), HttpStatusCode.RequestEntityTooLarge, "document-too-large");
        }

        Assert.True(padding.BytesRead < size / 2, $"the server read {padding.BytesRead} bytes of a body it had to refuse");
        var after = await applicant.Client.GetAsync<ApplicationDto>($"/api/applications/{draft.Id}");
        Assert.All(after.Checklist!, r => Assert.Null(r.Document));
    }

    [Fact]
    public async Task Completion_IsRefused_WhenTheOutcomeIsNotTheTasksOrARejectionHasNoReason()
    {
        using var loket2 = await host.CreateClerkAsync(SopRoles.FoPendaftaran);
        using var analis = await host.CreateClerkAsync(SopRoles.BoAnalis);
        using var kasi = await host.CreateClerkAsync(SopRoles.KasiPerizinan);
        using var kabid = await host.CreateClerkAsync(SopRoles.KabidPerizinan);
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var application = await Sop.SubmitNewAsync(applicant.Client, Perizinan.PermitTypes.PermitCatalog.Reklame);

        var check = await Sop.FindTaskAsync(loket2.Client, application.Id, Steps.VerifikasiKelengkapan);
        Assert.NotNull(check);
        await loket2.Client.PostAsync<TaskItem>($"/api/tasks/{check.Id}/claim", null);
        var wrong = await TestApi.ProblemAsync(
            await loket2.Client.PostAsJsonAsync($"/api/tasks/{check.Id}/complete", new CompleteTaskRequest("setuju", null)),
            HttpStatusCode.UnprocessableEntity,
            "invalid-outcome");
        Assert.Equal("Keputusan tidak valid", wrong.Title);
        Assert.Contains("lengkap", wrong.Detail, StringComparison.Ordinal);
        var notes = await TestApi.ProblemAsync(
            await loket2.Client.PostAsJsonAsync($"/api/tasks/{check.Id}/complete", new CompleteTaskRequest("tidak-lengkap", "  ")),
            HttpStatusCode.UnprocessableEntity,
            "notes-required");
        Assert.Equal("notes", Assert.Single(notes.Errors!).Key);
        var open = await loket2.Client.GetAsync<TaskDetail>($"/api/tasks/{check.Id}");
        Assert.Equal("Open", open.Task.State);
        Assert.Equal(loket2.UserId, open.Task.Assignee);
        Assert.Equal(ApplicationStatus.Submitted, open.Application!.Status);
        await loket2.Client.PostAsync<TaskItem>($"/api/tasks/{check.Id}/complete", new CompleteTaskRequest("lengkap", null));

        await Sop.WorkAsync(analis, application.Id, Steps.VerifikasiBerkas, "sesuai");
        await Sop.WorkAsync(kasi, application.Id, Steps.ValidasiKasi, "valid");
        var decision = await Sop.FindTaskAsync(kabid.Client, application.Id, Steps.PersetujuanKabid);
        Assert.NotNull(decision);
        await kabid.Client.PostAsync<TaskItem>($"/api/tasks/{decision.Id}/claim", null);
        var reason = await TestApi.ProblemAsync(
            await kabid.Client.PostAsJsonAsync($"/api/tasks/{decision.Id}/complete", new CompleteTaskRequest("tolak", null)),
            HttpStatusCode.UnprocessableEntity,
            "notes-required");
        Assert.Equal("Catatan wajib diisi", reason.Title);

        var pending = await Tracking.GetAsync(applicant.Client, application.Id);
        Assert.Equal(ApplicationStatus.InReview, pending.Status);
        Assert.Null(pending.Ending);
        Assert.Equal(Steps.PersetujuanKabid, Assert.Single(pending.CurrentSteps).ElementId);
    }

    [Fact]
    public async Task Anonymous_GetsUnauthorized_AndEachSideGetsForbidden_OnTheOthersApi()
    {
        using var anonymous = host.Anonymous();
        foreach (var path in new[] { "/api/applications", "/api/tasks", "/api/account/me", "/api/admin/users" })
        {
            var problem = await TestApi.ProblemAsync(await anonymous.GetAsync(path), HttpStatusCode.Unauthorized, "unauthorized");
            Assert.Equal("Belum masuk", problem.Title);
        }

        await TestApi.ProblemAsync(
            await anonymous.PostAsJsonAsync("/api/applications", new NewApplicationRequest("SIP-PERAWAT", null)),
            HttpStatusCode.Unauthorized,
            "unauthorized");

        using var applicant = await Sop.RegisterApplicantAsync(host);
        using var clerk = await host.CreateClerkAsync(SopRoles.FoPendaftaran);
        var forbidden = await TestApi.ProblemAsync(await applicant.Client.GetAsync("/api/tasks"), HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("Akses ditolak", forbidden.Title);
        await TestApi.ProblemAsync(await applicant.Client.PostAsync($"/api/tasks/{Guid.NewGuid()}/claim", null), HttpStatusCode.Forbidden, "forbidden");
        await TestApi.ProblemAsync(await applicant.Client.GetAsync("/api/admin/users"), HttpStatusCode.Forbidden, "forbidden");
        await TestApi.ProblemAsync(await clerk.Client.GetAsync("/api/applications"), HttpStatusCode.Forbidden, "forbidden");
        await TestApi.ProblemAsync(
            await clerk.Client.PostAsJsonAsync("/api/applications", new NewApplicationRequest("SIP-PERAWAT", Sop.FormValues["SIP-PERAWAT"])),
            HttpStatusCode.Forbidden,
            "forbidden");

        Assert.Empty(await applicant.Client.GetAsync<List<ApplicationDto>>("/api/applications"));
    }

    /// <summary>What the file store holds (tests in this class run one after the other).</summary>
    private List<string> StoredFiles() =>
        Directory.Exists(host.FileStoreFolder) ? Directory.EnumerateFiles(host.FileStoreFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList() : [];
}
