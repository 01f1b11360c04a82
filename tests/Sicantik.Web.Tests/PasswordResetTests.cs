using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using MimeKit;
using Sicantik.Perizinan;
using Sicantik.Web.Api;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Tests;

/// <summary>"Lupa kata sandi": the link by email through a real SMTP server (maildev), single use, short-lived, throttled, and silent about which addresses exist.</summary>
public sealed class PasswordResetTests(EmailHost fixture) : IClassFixture<EmailHost>
{
    private const string ResetSubject = "Atur ulang kata sandi Sicantik";
    private readonly SicantikWebFactory _host = fixture.Host;

    [Fact]
    public async Task Reset_SetsANewPassword_ThroughTheEmailedLink_WhichThenHoldsNoMore()
    {
        using var applicant = await Sop.RegisterApplicantAsync(_host);
        using var browser = Browser();
        var before = (await fixture.Maildev.MessagesAsync()).Count;

        // The sign-in page leads to the request.
        var signIn = await PageForms.GetHtmlAsync(browser, "/Akun/Masuk");
        Assert.Contains("href=\"/Akun/LupaKataSandi\"", signIn, StringComparison.Ordinal);
        using var requested = await PageForms.PostFormAsync(browser, "/Akun/LupaKataSandi", [new("Email", applicant.Email)]);
        Assert.Contains("data-testid=\"forgot-done\"", await requested.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var message = Assert.Single(To(await fixture.Maildev.WaitForAsync(before + 1), applicant.Email));
        Assert.Equal(ResetSubject, message.Subject);
        Assert.Contains("hanya dapat dipakai satu kali", message.TextBody, StringComparison.Ordinal);
        var link = Mailbox.ResetLinkIn(message);
        Assert.StartsWith("/Akun/AturUlangKataSandi?", link, StringComparison.Ordinal);

        // Two different passwords are refused and leave the link usable.
        using (var mismatch = await PageForms.PostFormAsync(browser, link, [new("NewPassword", "SandiBaru12345"), new("ConfirmPassword", "SandiLain12345")]))
        {
            Assert.Contains("Kedua kata sandi tidak sama.", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var reset = await PageForms.PostFormAsync(browser, link, [new("NewPassword", "SandiBaru12345"), new("ConfirmPassword", "SandiBaru12345")]))
        {
            Assert.Contains("data-testid=\"reset-done\"", await reset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (await _host.SignInAsync(applicant.Email, "SandiBaru12345"))
        {
        }

        await TestApi.ProblemAsync(
            await _host.Anonymous().PostAsJsonAsync("/api/account/login", new LoginRequest(applicant.Email, applicant.Password)),
            HttpStatusCode.Unauthorized,
            "credentials-invalid");

        // Used once, the link is refused: on the page and through the API, and the password stays.
        using (var again = await PageForms.PostFormAsync(browser, link, [new("NewPassword", "SandiKetiga12345"), new("ConfirmPassword", "SandiKetiga12345")]))
        {
            var html = await again.Content.ReadAsStringAsync();
            Assert.Contains("data-testid=\"reset-error\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("data-testid=\"reset-done\"", html, StringComparison.Ordinal);
        }

        var query = QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost"), link).Query);
        var problem = await TestApi.ProblemAsync(
            await _host.Anonymous().PostAsJsonAsync("/api/account/reset-password", new ResetPasswordRequest(query["userId"]!, query["code"]!, "SandiKetiga12345")),
            HttpStatusCode.BadRequest,
            "reset-link-invalid");
        Assert.Contains("Lupa kata sandi", problem.Detail, StringComparison.Ordinal);
        using (await _host.SignInAsync(applicant.Email, "SandiBaru12345"))
        {
        }
    }

    [Fact]
    public async Task ResetLink_IsRefused_OnceItHasExpired()
    {
        using var applicant = await Sop.RegisterApplicantAsync(_host);
        var (userId, code) = await RequestLinkAsync(applicant.Email);

        _host.Clock.Advance(TimeSpan.FromMinutes(31));
        await TestApi.ProblemAsync(
            await _host.Anonymous().PostAsJsonAsync("/api/account/reset-password", new ResetPasswordRequest(userId, code, "SandiBaru12345")),
            HttpStatusCode.BadRequest,
            "reset-link-invalid");
        using (await _host.SignInAsync(applicant.Email, applicant.Password))
        {
        }

        // A fresh link, used within its half hour, works; a forged code does not.
        var (_, fresh) = await RequestLinkAsync(applicant.Email);
        _host.Clock.Advance(TimeSpan.FromMinutes(29));
        await TestApi.ProblemAsync(
            await _host.Anonymous().PostAsJsonAsync("/api/account/reset-password", new ResetPasswordRequest(userId, fresh[..^6] + "AAAAAA", "SandiBaru12345")),
            HttpStatusCode.BadRequest,
            "reset-link-invalid");
        await TestApi.EnsureAsync(
            await _host.Anonymous().PostAsJsonAsync("/api/account/reset-password", new ResetPasswordRequest(userId, fresh, "SandiBaru12345")),
            HttpStatusCode.NoContent);
        using (await _host.SignInAsync(applicant.Email, "SandiBaru12345"))
        {
        }
    }

    [Fact]
    public async Task ResetRequest_GetsTheSameAnswer_WhetherOrNotTheAddressIsKnown()
    {
        using var applicant = await Sop.RegisterApplicantAsync(_host);
        using var smtp = fixture.Smtp.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var unknown = $"{_host.Unique("tidakada")}@contoh.id";

        using var forUnknown = await smtp.PostAsJsonAsync("/api/account/forgot-password", new EmailRequest(unknown));
        using var forKnown = await smtp.PostAsJsonAsync("/api/account/forgot-password", new EmailRequest(applicant.Email));
        Assert.Equal(HttpStatusCode.Accepted, forUnknown.StatusCode);
        Assert.Equal(forUnknown.StatusCode, forKnown.StatusCode);
        Assert.Equal(await forUnknown.Content.ReadAsStringAsync(), await forKnown.Content.ReadAsStringAsync());
        Assert.Equal(forUnknown.Content.Headers.ContentLength, forKnown.Content.Headers.ContentLength);

        // The pages too: the same text for both.
        using var browser = Browser();
        using var pageUnknown = await PageForms.PostFormAsync(browser, "/Akun/LupaKataSandi", [new("Email", unknown)]);
        using var pageKnown = await PageForms.PostFormAsync(browser, "/Akun/LupaKataSandi", [new("Email", applicant.Email)]);
        var said = Done(await pageUnknown.Content.ReadAsStringAsync());
        Assert.StartsWith("Jika email tersebut terdaftar", said, StringComparison.Ordinal);
        Assert.Equal(said, Done(await pageKnown.Content.ReadAsStringAsync()));

        Assert.Equal(2, To(await WaitForAsync(applicant.Email, 2), applicant.Email).Count);
        Assert.Empty(To(await fixture.Maildev.MessagesAsync(), unknown));
    }

    [Fact]
    public async Task ResetRequests_SendNoFourthEmail_ToOneAddressWithinTheHour()
    {
        // A staff account: confirmed by its administrator, so no confirmation email counts here.
        var staff = await _host.CreateStaffAsync(SopRoles.BoAnalis);
        using var smtp = fixture.Smtp.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var request = 1; request <= 5; request++)
        {
            await TestApi.EnsureAsync(await smtp.PostAsJsonAsync("/api/account/forgot-password", new EmailRequest(staff.Email)), HttpStatusCode.Accepted);
        }

        // A request for another address, sent after them, arrives after them.
        using var other = await Sop.RegisterApplicantAsync(_host);
        await TestApi.EnsureAsync(await smtp.PostAsJsonAsync("/api/account/forgot-password", new EmailRequest(other.Email)), HttpStatusCode.Accepted);
        await WaitForAsync(other.Email, 1);
        Assert.Equal(3, To(await fixture.Maildev.MessagesAsync(), staff.Email).Count);

        // An hour later the address may have a link again, and the link works.
        _host.Clock.Advance(TimeSpan.FromMinutes(61));
        await TestApi.EnsureAsync(await smtp.PostAsJsonAsync("/api/account/forgot-password", new EmailRequest(staff.Email)), HttpStatusCode.Accepted);
        var messages = To(await WaitForAsync(staff.Email, 4), staff.Email);
        Assert.Equal(4, messages.Count);
        var query = QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost"), Mailbox.ResetLinkIn(messages[^1])).Query);
        await TestApi.EnsureAsync(
            await _host.Anonymous().PostAsJsonAsync("/api/account/reset-password", new ResetPasswordRequest(query["userId"]!, query["code"]!, "SandiSendiri12345")),
            HttpStatusCode.NoContent);

        // The person chose this password: no change is demanded of them any more.
        using var signedIn = await _host.SignInAsync(staff.Email, "SandiSendiri12345");
        await TestApi.EnsureAsync(await signedIn.GetAsync("/api/tasks"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task ResendConfirmation_SendsNoMoreThanThreeEmails_WhenCalledThirtyTimes()
    {
        var email = $"{_host.Unique("berulang")}@contoh.id";
        using var client = _host.Anonymous();
        await TestApi.EnsureAsync(
            await client.PostAsJsonAsync("/api/account/register", new RegisterRequest("Rudi Hartono", email, Sop.Password, "3201234567890125", null, "081234567892")),
            HttpStatusCode.Created);
        var answers = new List<HttpStatusCode>();
        for (var call = 0; call < 30; call++)
        {
            using var response = await client.PostAsJsonAsync("/api/account/resend-confirmation", new EmailRequest(email));
            answers.Add(response.StatusCode);
        }

        // The registration's email and two more; the client's own limit (20 in 15 minutes) answers the rest with 429.
        Assert.Equal(3, _host.Mailbox.To(email).Count);
        Assert.Equal(20, answers.Count(a => a == HttpStatusCode.Accepted));
        Assert.All(answers.Skip(20), a => Assert.Equal(HttpStatusCode.TooManyRequests, a));
        await TestApi.ProblemAsync(
            await client.PostAsJsonAsync("/api/account/resend-confirmation", new EmailRequest($"{_host.Unique("lain")}@contoh.id")),
            HttpStatusCode.TooManyRequests,
            "too-many-requests");
    }

    /// <summary>A browser on the SMTP host, whose account emails go to maildev.</summary>
    private HttpClient Browser() => fixture.Smtp.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private async Task<(string UserId, string Code)> RequestLinkAsync(string email)
    {
        var before = To(await fixture.Maildev.MessagesAsync(), email).Count;
        using var smtp = fixture.Smtp.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TestApi.EnsureAsync(await smtp.PostAsJsonAsync("/api/account/forgot-password", new EmailRequest(email)), HttpStatusCode.Accepted);
        var message = To(await WaitForAsync(email, before + 1), email)[^1];
        var query = QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost"), Mailbox.ResetLinkIn(message)).Query);
        return (query["userId"]!, query["code"]!);
    }

    /// <summary>maildev's messages once <paramref name="count"/> have come for <paramref name="address"/> (or its wait ran out).</summary>
    private async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string address, int count)
    {
        var all = await fixture.Maildev.MessagesAsync();
        while (To(all, address).Count < count)
        {
            var more = await fixture.Maildev.WaitForAsync(all.Count + 1);
            if (more.Count == all.Count)
            {
                break;
            }

            all = more;
        }

        return all;
    }

    private static string Done(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"forgot-done\">(?<text>[^<]+)<").Groups["text"].Value;

    private static List<MimeMessage> To(IEnumerable<MimeMessage> messages, string address) =>
        messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();
}
