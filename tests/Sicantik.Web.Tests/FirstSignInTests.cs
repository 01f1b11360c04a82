using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Sicantik.Perizinan;
using Sicantik.Web.Api;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Tests;

/// <summary>
/// An administrator's temporary password is changed at the first sign-in before anything else; the profile; and the per-client
/// limit on account emails.
/// </summary>
public sealed class FirstSignInTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    [Fact]
    public async Task Api_RefusesEverythingButThePasswordChange_WhileThePasswordIsTemporary()
    {
        var staff = await host.CreateStaffAsync(SopRoles.FoPendaftaran);
        using var first = await host.SignInAsync(staff.Email, staff.TemporaryPassword);

        var refused = await TestApi.ProblemAsync(await first.GetAsync("/api/tasks"), HttpStatusCode.Forbidden, "password-change-required");
        Assert.Equal("Kata sandi harus diganti", refused.Title);
        Assert.Contains("/api/account/password", refused.Detail, StringComparison.Ordinal);
        await TestApi.ProblemAsync(await first.GetAsync("/api/account/me"), HttpStatusCode.Forbidden, "password-change-required");

        // The temporary password cannot be kept.
        var same = await TestApi.ProblemAsync(
            await first.PostAsJsonAsync("/api/account/password", new ChangePasswordRequest(staff.TemporaryPassword, staff.TemporaryPassword)),
            HttpStatusCode.UnprocessableEntity,
            "password-invalid");
        Assert.Equal(["Kata sandi baru harus berbeda dari kata sandi saat ini."], same.Errors?["newPassword"] ?? []);

        var tokens = await TestApi.ReadAsync<SicantikWebFactory.TokenResponse>(await first.PostAsJsonAsync("/api/account/password", new ChangePasswordRequest(staff.TemporaryPassword, "SandiPetugas12345")));
        await TestApi.EnsureAsync(await first.GetAsync("/api/tasks"), HttpStatusCode.Unauthorized);
        using var renewed = host.Anonymous();
        renewed.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        await TestApi.EnsureAsync(await renewed.GetAsync("/api/tasks"), HttpStatusCode.OK);
        Assert.Equal([SopRoles.FoPendaftaran], (await renewed.GetAsync<MeResponse>("/api/account/me")).Roles);
    }

    [Fact]
    public async Task Pages_LeadToTheChangePasswordPage_UntilThePasswordIsChanged()
    {
        var staff = await host.CreateStaffAsync(SopRoles.BoAnalis);
        var (browser, landing) = await PageForms.SignInAsync(host, staff.Email, staff.TemporaryPassword);
        using var _ = browser;
        Assert.Equal("/Petugas", landing);

        foreach (var page in new[] { "/Petugas", "/Akun/Profil" })
        {
            using var refused = await browser.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal("/Akun/KataSandi", refused.Headers.Location?.OriginalString);
        }

        var form = await PageForms.GetHtmlAsync(browser, "/Akun/KataSandi");
        Assert.Contains("data-testid=\"password-change-required\"", form, StringComparison.Ordinal);
        using (var wrong = await PageForms.PostFormAsync(browser, "/Akun/KataSandi", Fields("BukanIni12345", "SandiPetugas12345")))
        {
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("is-invalid", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var changed = await PageForms.PostFormAsync(browser, "/Akun/KataSandi", Fields(staff.TemporaryPassword, "SandiPetugas12345"));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal("/Petugas", changed.Headers.Location?.OriginalString);
        Assert.Contains("Kotak", await PageForms.GetHtmlAsync(browser, "/Petugas"), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"password-change-required\"", await PageForms.GetHtmlAsync(browser, "/Akun/KataSandi"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminsNewTemporaryPassword_EndsTheSessions_AndMustBeChangedAgain()
    {
        using var clerk = await host.CreateClerkAsync(SopRoles.FoPendaftaran);
        using var admin = await host.AdminAsync();
        var reset = await admin.PostAsync<TemporaryPasswordResponse>($"/api/admin/users/{clerk.UserId}/password", null);
        Assert.Equal(clerk.UserId, reset.UserId);

        await TestApi.EnsureAsync(await clerk.Client.GetAsync("/api/tasks"), HttpStatusCode.Unauthorized);
        await TestApi.ProblemAsync(
            await host.Anonymous().PostAsJsonAsync("/api/account/login", new LoginRequest(clerk.Email, SicantikWebFactory.StaffPassword)),
            HttpStatusCode.Unauthorized,
            "credentials-invalid");
        using var temporary = await host.SignInAsync(clerk.Email, reset.TemporaryPassword);
        await TestApi.ProblemAsync(await temporary.GetAsync("/api/tasks"), HttpStatusCode.Forbidden, "password-change-required");

        // The same from the Pengguna page: the new temporary password is shown once, and the previous one is spent.
        var (status, html, _) = await PageForms.PostAsync(admin, "/Admin/Pengguna", "/Admin/Pengguna?handler=KataSandi", [new("userId", clerk.UserId)]);
        Assert.Equal(HttpStatusCode.OK, status);
        var shown = System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"temporary-password\">(?<password>[^<]+)<").Groups["password"].Value;
        Assert.NotEqual(string.Empty, shown);
        Assert.NotEqual(reset.TemporaryPassword, shown);
        await TestApi.EnsureAsync(await temporary.GetAsync("/api/account/me"), HttpStatusCode.Unauthorized);
        using var fromPage = await host.SignInAsync(clerk.Email, System.Net.WebUtility.HtmlDecode(shown));
        await TestApi.ProblemAsync(await fromPage.GetAsync("/api/tasks"), HttpStatusCode.Forbidden, "password-change-required");

        // Only staff accounts are the administrator's to reset.
        using var applicant = await Sop.RegisterApplicantAsync(host);
        await TestApi.ProblemAsync(await admin.PostAsync($"/api/admin/users/{applicant.UserId}/password", null), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Profile_SavesThePhoneNumber_AndRefusesAnInvalidOne()
    {
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var saved = await TestApi.ReadAsync<MeResponse>(await applicant.Client.PutAsJsonAsync("/api/account/me", new ProfileRequest("0813 1111 2222")));
        Assert.Equal("0813 1111 2222", saved.PhoneNumber);
        var refused = await TestApi.ProblemAsync(await applicant.Client.PutAsJsonAsync("/api/account/me", new ProfileRequest("telepon")), HttpStatusCode.UnprocessableEntity, "profile-invalid");
        Assert.NotNull(refused.Errors?["phoneNumber"]);

        var (browser, _) = await PageForms.SignInAsync(host, applicant.Email, applicant.Password);
        using var cookie = browser;
        var page = await PageForms.GetHtmlAsync(cookie, "/Akun/Profil");
        Assert.Contains(applicant.Email, page, StringComparison.Ordinal);
        Assert.Contains("value=\"0813 1111 2222\"", page, StringComparison.Ordinal);
        using var posted = await PageForms.PostFormAsync(cookie, "/Akun/Profil", [new("PhoneNumber", "0814 3333 4444")]);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("0814 3333 4444", (await applicant.Client.GetAsync<MeResponse>("/api/account/me")).PhoneNumber);
    }

    [Fact]
    public async Task AccountEmailRequests_AreRefusedWith429_PastTheClientsLimit_WhicheverAddressTheyName()
    {
        // A host with a limit of three requests per client; the known and the unknown address are answered alike.
        var limited = host.WithWebHostBuilder(b => b.UseSetting("Sicantik:AccountEmailRequestsPerClient", "3"));
        using var applicant = await Sop.RegisterApplicantAsync(host);
        using var client = limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var call = 0; call < 3; call++)
        {
            await TestApi.EnsureAsync(await client.PostAsJsonAsync("/api/account/forgot-password", new EmailRequest($"{host.Unique("x")}@contoh.id")), HttpStatusCode.Accepted);
        }

        var known = await TestApi.ProblemAsync(await client.PostAsJsonAsync("/api/account/forgot-password", new EmailRequest(applicant.Email)), HttpStatusCode.TooManyRequests, "too-many-requests");
        var unknown = await TestApi.ProblemAsync(await client.PostAsJsonAsync("/api/account/forgot-password", new EmailRequest($"{host.Unique("y")}@contoh.id")), HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.Equal(known.Detail, unknown.Detail);
        Assert.Contains("15 menit", known.Detail, StringComparison.Ordinal);
        await TestApi.ProblemAsync(await client.PostAsJsonAsync("/api/account/resend-confirmation", new EmailRequest(applicant.Email)), HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.Single(host.Mailbox.To(applicant.Email));

        // The page's form goes back to the page, which says to wait; reading the page is not limited.
        using var browser = limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var posted = await PageForms.PostFormAsync(browser, "/Akun/LupaKataSandi", [new("Email", applicant.Email)]);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("/Akun/LupaKataSandi?dibatasi=true", posted.Headers.Location?.OriginalString);
        Assert.Contains("data-testid=\"forgot-limited\"", await PageForms.GetHtmlAsync(browser, "/Akun/LupaKataSandi?dibatasi=true"), StringComparison.Ordinal);
        using var resent = await PageForms.PostFormAsync(browser, "/Akun/KirimUlang", [new("Email", applicant.Email)]);
        Assert.Equal("/Akun/KirimUlang?dibatasi=true", resent.Headers.Location?.OriginalString);
        Assert.Contains("data-testid=\"resend-limited\"", await PageForms.GetHtmlAsync(browser, "/Akun/KirimUlang?dibatasi=true"), StringComparison.Ordinal);
        Assert.Single(host.Mailbox.To(applicant.Email));
    }

    private static KeyValuePair<string, string>[] Fields(string current, string next) =>
        [new("CurrentPassword", current), new("NewPassword", next), new("ConfirmPassword", next)];
}
