using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sicantik.Data.Identity;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Web.Api;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Tests;

/// <summary>Signing in: confirmation, lockout, and the cookie that the pages' own scripts send.</summary>
public sealed class AccountTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    [Fact]
    public async Task SignIn_IsLockedOut_AfterFiveWrongPasswords()
    {
        using var applicant = await Sop.RegisterApplicantAsync(host);
        using var client = host.Anonymous();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await TestApi.ProblemAsync(
                await client.PostAsJsonAsync("/api/account/login", new LoginRequest(applicant.Email, "SalahSekali123")),
                HttpStatusCode.Unauthorized,
                "credentials-invalid");
            Assert.Equal("Gagal masuk", wrong.Title);
        }

        var locked = await TestApi.ProblemAsync(
            await client.PostAsJsonAsync("/api/account/login", new LoginRequest(applicant.Email, "SalahSekali123")),
            HttpStatusCode.Locked,
            "account-locked-out");
        Assert.Equal("Akun dikunci", locked.Title);

        // The right password does not open a locked account.
        var still = await client.PostAsJsonAsync("/api/account/login", new LoginRequest(applicant.Email, applicant.Password));
        await TestApi.ProblemAsync(still, HttpStatusCode.Locked, "account-locked-out");
        Assert.False(still.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task ConfirmEmail_IsRefused_WhenTheCodeIsNotTheEmailedOne()
    {
        var email = $"{host.Unique("palsu")}@contoh.id";
        using var client = host.Anonymous();
        var registered = await client.PostAsync<RegisterResponse>(
            "/api/account/register",
            new RegisterRequest("Andi Wijaya", email, Sop.Password, "3201234567890124", null, "081234567891"),
            HttpStatusCode.Created);
        Assert.Contains(email, registered.Message, StringComparison.Ordinal);

        var link = host.Mailbox.ConfirmationLinkFor(email);
        Assert.Equal("Konfirmasi email akun Sicantik Anda", link.Subject);
        await TestApi.ProblemAsync(
            await client.PostAsJsonAsync("/api/account/confirm-email", new ConfirmEmailRequest(registered.UserId, link.Code[..^4] + "AAAA")),
            HttpStatusCode.BadRequest,
            "confirmation-invalid");
        await TestApi.ProblemAsync(
            await client.PostAsJsonAsync("/api/account/login", new LoginRequest(email, Sop.Password)),
            HttpStatusCode.Forbidden,
            "email-not-confirmed");
    }

    /// <summary>
    /// A cookie sign-in made as the sign-in page makes it (the Identity cookie's ticket, protected by the host's keys),
    /// without going through the pages: a change sent with that cookie needs the antiforgery header.
    /// </summary>
    [Fact]
    public async Task CookieCaller_IsRefused_WhenAChangeComesWithoutTheAntiforgeryHeader()
    {
        using var applicant = await Sop.RegisterApplicantAsync(host);
        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var user = await services.GetRequiredService<UserManager<SicantikUser>>().FindByIdAsync(applicant.UserId);
        Assert.NotNull(user);
        var principal = await services.GetRequiredService<SignInManager<SicantikUser>>().CreateUserPrincipalAsync(user);
        var cookie = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var now = host.Clock.GetUtcNow();
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(1) }, IdentityConstants.ApplicationScheme);
        var signedIn = $"{cookie.Cookie.Name}={cookie.TicketDataFormat.Protect(ticket)}";

        // The antiforgery pair a page would carry: a cookie and the request token in its meta tag.
        var page = new DefaultHttpContext { RequestServices = services, User = principal };
        var tokens = services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(page);
        var antiforgeryCookie = $"{services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name}={tokens.CookieToken}";

        using var client = host.Anonymous();
        HttpRequestMessage Create(bool withHeader)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/applications")
            {
                Content = JsonContent.Create(new NewApplicationRequest(PermitCatalog.SipPerawat, Sop.FormValues[PermitCatalog.SipPerawat])),
            };
            request.Headers.Add("Cookie", $"{signedIn}; {antiforgeryCookie}");
            if (withHeader)
            {
                request.Headers.Add("RequestVerificationToken", tokens.RequestToken);
            }

            return request;
        }

        // Reading with the cookie needs no token: the cookie is a real sign-in.
        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/applications");
        list.Headers.Add("Cookie", signedIn);
        Assert.Empty(await TestApi.ReadAsync<List<ApplicationDto>>(await client.SendAsync(list)));

        using var forged = Create(withHeader: false);
        var problem = await TestApi.ProblemAsync(await client.SendAsync(forged), HttpStatusCode.BadRequest, "antiforgery-invalid");
        Assert.Equal("Token formulir tidak valid", problem.Title);
        Assert.Empty(await applicant.Client.GetAsync<List<ApplicationDto>>("/api/applications"));

        using var genuine = Create(withHeader: true);
        var created = await TestApi.ReadAsync<ApplicationDto>(await client.SendAsync(genuine), HttpStatusCode.Created);
        Assert.Equal(created.Id, Assert.Single(await applicant.Client.GetAsync<List<ApplicationDto>>("/api/applications")).Id);
    }
}
