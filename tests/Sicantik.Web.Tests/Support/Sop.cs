using System.Net;
using System.Net.Http.Json;
using Sicantik.Perizinan;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Tasks;
using Sicantik.Perizinan.Tests.Support;
using Sicantik.Web.Api;

namespace Sicantik.Web.Tests.Support;

/// <summary>A confirmed, signed-in applicant.</summary>
public sealed record Applicant(string UserId, string Email, string Password, HttpClient Client) : IDisposable
{
    public void Dispose() => Client.Dispose();
}

/// <summary>One clerk per staff role of the SOP.</summary>
public sealed record Office(Clerk Loket2, Clerk Analis, Clerk Kasi, Clerk Kabid, Clerk Kadis, Clerk Loket4, Clerk Loket5) : IDisposable
{
    public static async Task<Office> CreateAsync(SicantikWebFactory host) => new(
        await host.CreateClerkAsync(SopRoles.FoPendaftaran),
        await host.CreateClerkAsync(SopRoles.BoAnalis),
        await host.CreateClerkAsync(SopRoles.KasiPerizinan),
        await host.CreateClerkAsync(SopRoles.KabidPerizinan),
        await host.CreateClerkAsync(SopRoles.Kadis),
        await host.CreateClerkAsync(SopRoles.FoPengambilan),
        await host.CreateClerkAsync(SopRoles.FoPengaduan));

    public void Dispose()
    {
        foreach (var clerk in new[] { Loket2, Analis, Kasi, Kabid, Kadis, Loket4, Loket5 })
        {
            clerk.Dispose();
        }
    }
}

/// <summary>The SOP's steps as the people in it take them through the API.</summary>
public static class Sop
{
    public const string Password = "Pemohon12345Aman";

    /// <summary>Valid form values for each seeded permit type.</summary>
    public static IReadOnlyDictionary<string, Dictionary<string, string?>> FormValues { get; } = new Dictionary<string, Dictionary<string, string?>>
    {
        [PermitCatalog.SipPerawat] = new()
        {
            ["jenis_permohonan"] = "Baru",
            ["nomor_str"] = "1234567890123456",
            ["jenis_praktik"] = "Praktik mandiri perawat",
            ["nama_tempat_praktik"] = "Praktik Mandiri Perawat Sehat Selalu",
            ["alamat_tempat_praktik"] = "Jl. Merdeka No. 10, Kecamatan Kota",
            ["sip_ke"] = "1",
        },
        [PermitCatalog.Apotek] = new()
        {
            ["jenis_permohonan"] = "Baru",
            ["nama_apotek"] = "Apotek Waras",
            ["alamat_apotek"] = "Jl. Pahlawan No. 5",
            ["nama_apoteker"] = "apt. Siti Aminah, S.Farm.",
            ["nomor_stra"] = "19900101/STRA-UGM/2015/123456",
            ["status_bangunan"] = "Sewa/kontrak",
            ["luas_bangunan"] = "48",
            ["sumber_modal"] = "Apoteker sendiri",
        },
        [PermitCatalog.Reklame] = new()
        {
            ["jenis_reklame"] = "Baliho",
            ["naskah_reklame"] = "Pameran UMKM Kabupaten",
            ["panjang_m"] = "4",
            ["lebar_m"] = "6",
            ["jumlah_muka"] = "1",
            ["jumlah_unit"] = "2",
            ["lokasi"] = "Simpang Lima",
            ["tanggal_mulai"] = "2030-04-01",
            ["tanggal_selesai"] = "2030-04-30",
        },
    };

    /// <summary>Registers, fails to sign in before confirming, confirms with the emailed link, and signs in.</summary>
    public static async Task<Applicant> RegisterApplicantAsync(SicantikWebFactory host, string? name = null)
    {
        var email = $"{host.Unique("pemohon")}@contoh.id";
        using var anonymous = host.Anonymous();
        var registered = await anonymous.PostAsync<RegisterResponse>(
            "/api/account/register",
            new RegisterRequest(name ?? "Siti Rahmawati", email, Password, "3201234567890123", null, "0812 3456 7890"),
            HttpStatusCode.Created);

        // Not before the address is confirmed.
        var early = await anonymous.PostAsJsonAsync("/api/account/login", new LoginRequest(email, Password));
        await TestApi.ProblemAsync(early, HttpStatusCode.Forbidden, "email-not-confirmed");

        var link = host.Mailbox.ConfirmationLinkFor(email);
        Assert.Equal(registered.UserId, link.UserId);
        var confirmed = await anonymous.PostAsJsonAsync("/api/account/confirm-email", new ConfirmEmailRequest(link.UserId, link.Code));
        await TestApi.EnsureAsync(confirmed, HttpStatusCode.NoContent);
        return new Applicant(registered.UserId, email, Password, await host.SignInAsync(email, Password));
    }

    public static async Task<ApplicationDto> CreateDraftAsync(HttpClient applicant, string permitType = PermitCatalog.SipPerawat) =>
        await applicant.PostAsync<ApplicationDto>("/api/applications", new NewApplicationRequest(permitType, FormValues[permitType]), HttpStatusCode.Created);

    /// <summary>A small file of a type the requirement accepts, with real magic bytes; the accepted types take turns.</summary>
    public static (Stream Content, string FileName, string MediaType) FileFor(ChecklistItemDto requirement, int turn, string seed)
    {
        var type = requirement.AcceptedTypes[turn % requirement.AcceptedTypes.Count];
        return type switch
        {
            "pdf" => (TestFiles.Pdf(2048, seed), $"{requirement.Key}.pdf", "application/pdf"),
            "jpg" => (TestFiles.Jpeg(3072, seed), $"{requirement.Key}.jpg", "image/jpeg"),
            "png" => (TestFiles.Png(1024, seed), $"{requirement.Key}.png", "image/png"),
            _ => throw new InvalidOperationException($"No test file for type '{type}'."),
        };
    }

    public static async Task<DocumentDto> UploadAsync(HttpClient applicant, Guid applicationId, ChecklistItemDto requirement, int turn = 0, string seed = "")
    {
        var (content, fileName, mediaType) = FileFor(requirement, turn, seed + requirement.Key);
        using var form = TestApi.FilePart(content, fileName, mediaType);
        var document = await TestApi.ReadAsync<DocumentDto>(await applicant.PostAsync($"/api/applications/{applicationId}/documents/{requirement.Key}", form), HttpStatusCode.Created);
        Assert.Equal(requirement.Key, document.RequirementKey);
        Assert.Equal(fileName, document.FileName);
        return document;
    }

    /// <summary>Uploads a file for every mandatory requirement (leaving out <paramref name="skip"/>); returns the application as it is then.</summary>
    public static async Task<ApplicationDto> UploadMandatoryAsync(HttpClient applicant, ApplicationDto application, params string[] skip)
    {
        // Where a requirement takes several types, the types take turns: scans as JPEG, then PNG, photos as PNG.
        var turn = 1;
        foreach (var requirement in application.Checklist!.Where(r => r.Mandatory && !skip.Contains(r.Key)))
        {
            await UploadAsync(applicant, application.Id, requirement, requirement.AcceptedTypes.Count > 1 ? turn++ : 0, application.Id.ToString());
        }

        return await applicant.GetAsync<ApplicationDto>($"/api/applications/{application.Id}");
    }

    /// <summary>A draft with every mandatory requirement, submitted: the process runs and waits at the registration counter.</summary>
    public static async Task<ApplicationDto> SubmitNewAsync(HttpClient applicant, string permitType = PermitCatalog.SipPerawat)
    {
        var draft = await UploadMandatoryAsync(applicant, await CreateDraftAsync(applicant, permitType));
        var submitted = await applicant.PostAsync<ApplicationDto>($"/api/applications/{draft.Id}/submit", null);
        Assert.Equal(Perizinan.Applications.ApplicationStatus.Submitted, submitted.Status);
        return submitted;
    }

    /// <summary>The clerk's open task of <paramref name="elementId"/> for the application in one of their lists, or null.</summary>
    public static async Task<TaskItem?> FindTaskAsync(HttpClient clerk, Guid applicationId, string elementId, string list = "available") =>
        (await clerk.GetAsync<List<TaskItem>>($"/api/tasks?list={list}&max=200"))
            .SingleOrDefault(t => t.Application?.Id == applicationId && t.ElementId == elementId);

    /// <summary>The clerk finds the task among those available to their role, claims it and completes it with the outcome.</summary>
    public static Task<TaskItem> WorkAsync(Clerk clerk, Guid applicationId, string elementId, string? outcome, string? notes = null) =>
        WorkWithAsync(clerk, applicationId, elementId, new CompleteTaskRequest(outcome, notes));

    /// <summary>The pickup counter prints the SK (step 10) and says how many copies.</summary>
    public static Task<TaskItem> PrintAsync(Clerk loket4, Guid applicationId, int copies = 2, string? notes = null) =>
        WorkWithAsync(loket4, applicationId, Steps.CetakSk, new CompleteTaskRequest(null, notes, Copies: copies));

    /// <summary>A handover to the applicant in person, on their KTP.</summary>
    public static HandoverDetails InPerson(string name = "Siti Rahmawati") => new(name, "pemohon", "KTP", "3201234567890123", null);

    /// <summary>The complaints counter hands the SK over (step 12); the process ends issued.</summary>
    public static Task<TaskItem> HandOverAsync(Clerk loket5, Guid applicationId, HandoverDetails? handover = null) =>
        WorkWithAsync(loket5, applicationId, Steps.SerahkanSk, new CompleteTaskRequest(null, null, Handover: handover ?? InPerson()));

    /// <summary>Steps 5 to 9 by the office's clerks: the application is signed and waits for printing and the survey.</summary>
    public static async Task SignAsync(Office office, Guid applicationId)
    {
        await WorkAsync(office.Loket2, applicationId, Steps.VerifikasiKelengkapan, "lengkap");
        await WorkAsync(office.Analis, applicationId, Steps.VerifikasiBerkas, "sesuai");
        await WorkAsync(office.Kasi, applicationId, Steps.ValidasiKasi, "valid");
        await WorkAsync(office.Kabid, applicationId, Steps.PersetujuanKabid, "setuju");
        await WorkAsync(office.Kadis, applicationId, Steps.TandaTanganKadis, null);
    }

    /// <summary>Nine ratings, u1 to u9, as the survey sends them.</summary>
    public static Dictionary<string, int> Answers(params int[] ratings)
    {
        Assert.Equal(9, ratings.Length);
        return ratings.Select((r, i) => (Key: $"u{i + 1}", r)).ToDictionary(p => p.Key, p => p.r);
    }

    /// <summary>The clerk finds the task available to their role, claims it and completes it with <paramref name="request"/>.</summary>
    public static async Task<TaskItem> WorkWithAsync(Clerk clerk, Guid applicationId, string elementId, CompleteTaskRequest request)
    {
        var outcome = request.Outcome;
        var task = await FindTaskAsync(clerk.Client, applicationId, elementId);
        Assert.True(task is not null, $"{clerk.Email} does not see {elementId} of {applicationId} in 'available'");
        if (outcome is not null)
        {
            Assert.Contains(outcome, task.AllowedOutcomes);
        }

        var claimed = await clerk.Client.PostAsync<TaskItem>($"/api/tasks/{task.Id}/claim", null);
        Assert.Equal(clerk.UserId, claimed.Assignee);
        Assert.NotNull(await FindTaskAsync(clerk.Client, applicationId, elementId, "mine"));

        var completed = await clerk.Client.PostAsync<TaskItem>($"/api/tasks/{task.Id}/complete", request);
        Assert.Equal("Completed", completed.State);
        Assert.Equal(outcome, completed.Outcome);
        return completed;
    }
}
