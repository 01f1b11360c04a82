using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Sicantik.Perizinan;
using Sicantik.Web.Api;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Tests;

/// <summary>Disabling an account, changing its roles or its password ends its sessions at their next request: bearer tokens and cookies.</summary>
public sealed class SessionTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    [Fact]
    public async Task DisabledClerk_IsRefused_WithTheOldTokenAndTheOldCookie()
    {
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var application = await Sop.SubmitNewAsync(applicant.Client);
        using var clerk = await host.CreateClerkAsync(SopRoles.FoPendaftaran);
        var (browser, _) = await PageForms.SignInAsync(host, clerk.Email, SicantikWebFactory.StaffPassword);
        using var cookie = browser;
        var task = await Sop.FindTaskAsync(clerk.Client, application.Id, Steps.VerifikasiKelengkapan);
        Assert.NotNull(task);
        await PageForms.GetHtmlAsync(cookie, "/Petugas");

        using var admin = await host.AdminAsync();
        await TestApi.EnsureAsync(await admin.PostAsync($"/api/admin/users/{clerk.UserId}/disable", null), HttpStatusCode.NoContent);

        await TestApi.EnsureAsync(await clerk.Client.PostAsync($"/api/tasks/{task.Id}/claim", null), HttpStatusCode.Unauthorized);
        await TestApi.EnsureAsync(await clerk.Client.GetAsync("/api/tasks"), HttpStatusCode.Unauthorized);
        using var page = await cookie.GetAsync("/Petugas");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Akun/Masuk", page.Headers.Location?.OriginalString, StringComparison.Ordinal);
        using var api = await cookie.GetAsync("/api/tasks");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);

        // Nor does a new sign-in open it again.
        await TestApi.ProblemAsync(
            await host.Anonymous().PostAsJsonAsync("/api/account/login", new LoginRequest(clerk.Email, SicantikWebFactory.StaffPassword)),
            HttpStatusCode.Locked,
            "account-locked-out");

        // The task is still there for the clerk's colleagues.
        using var colleague = await host.CreateClerkAsync(SopRoles.FoPendaftaran);
        Assert.NotNull(await Sop.FindTaskAsync(colleague.Client, application.Id, Steps.VerifikasiKelengkapan));
    }

    [Fact]
    public async Task RoleChange_EndsTheOldToken_AndTheNewSignInSeesOnlyTheNewRolesTasks()
    {
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var application = await Sop.SubmitNewAsync(applicant.Client);
        using var clerk = await host.CreateClerkAsync(SopRoles.FoPendaftaran);
        Assert.NotNull(await Sop.FindTaskAsync(clerk.Client, application.Id, Steps.VerifikasiKelengkapan));

        using var admin = await host.AdminAsync();
        await TestApi.EnsureAsync(
            await admin.PutAsJsonAsync($"/api/admin/users/{clerk.UserId}/roles", new RolesRequest([SopRoles.BoAnalis])),
            HttpStatusCode.NoContent);

        await TestApi.EnsureAsync(await clerk.Client.GetAsync("/api/tasks"), HttpStatusCode.Unauthorized);
        using var again = await host.SignInAsync(clerk.Email, SicantikWebFactory.StaffPassword);
        Assert.Null(await Sop.FindTaskAsync(again, application.Id, Steps.VerifikasiKelengkapan));
        Assert.Equal([SopRoles.BoAnalis], (await again.GetAsync<MeResponse>("/api/account/me")).Roles);
    }

    [Fact]
    public async Task PasswordChange_EndsOlderSessions_AndAnswersWithNewTokens()
    {
        using var applicant = await Sop.RegisterApplicantAsync(host);
        using var otherDevice = await host.SignInAsync(applicant.Email, applicant.Password);
        var (browser, _) = await PageForms.SignInAsync(host, applicant.Email, applicant.Password);
        using var cookie = browser;
        await PageForms.GetHtmlAsync(cookie, "/Pemohon");

        // A wrong current password changes nothing.
        var wrong = await TestApi.ProblemAsync(
            await applicant.Client.PostAsJsonAsync("/api/account/password", new ChangePasswordRequest("BukanSandiIni123", "SandiBaru12345")),
            HttpStatusCode.UnprocessableEntity,
            "password-invalid");
        Assert.NotNull(wrong.Errors?["currentPassword"]);
        await PageForms.GetHtmlAsync(cookie, "/Pemohon");

        var changed = await applicant.Client.PostAsJsonAsync("/api/account/password", new ChangePasswordRequest(applicant.Password, "SandiBaru12345"));
        var tokens = await TestApi.ReadAsync<SicantikWebFactory.TokenResponse>(changed);

        await TestApi.EnsureAsync(await applicant.Client.GetAsync("/api/applications"), HttpStatusCode.Unauthorized);
        await TestApi.EnsureAsync(await otherDevice.GetAsync("/api/applications"), HttpStatusCode.Unauthorized);
        using var page = await cookie.GetAsync("/Pemohon");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Akun/Masuk", page.Headers.Location?.OriginalString, StringComparison.Ordinal);

        using var renewed = host.Anonymous();
        renewed.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        Assert.Equal(applicant.Email, (await renewed.GetAsync<MeResponse>("/api/account/me")).Email);
        using var signedIn = await host.SignInAsync(applicant.Email, "SandiBaru12345");
        await TestApi.ProblemAsync(
            await host.Anonymous().PostAsJsonAsync("/api/account/login", new LoginRequest(applicant.Email, applicant.Password)),
            HttpStatusCode.Unauthorized,
            "credentials-invalid");
    }
}
