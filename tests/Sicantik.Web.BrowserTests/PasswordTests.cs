using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;
using Sicantik.Perizinan;
using Sicantik.Web.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Sicantik.Web.BrowserTests;

/// <summary>Getting back into an account: "Lupa kata sandi" through the emailed link, and a staff member's first sign-in.</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class PasswordTests(BrowserFixture browser)
{
    [Fact]
    public async Task ForgotPassword_LeadsFromTheSignInPageThroughTheEmailedLink_ToSigningInWithTheNewPassword()
    {
        var applicant = await ApplicantSession.RegisterAsync(browser, "Dewi Lestari");
        await using var _ = applicant;
        await applicant.ConfirmEmailAsync();
        var page = applicant.Page;

        await page.GotoAsync("/Akun/Masuk");
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = Ui.T("ForgotPasswordLink"), Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = Ui.T("ForgotTitle"), Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel(Ui.T("Email"), new PageGetByLabelOptions { Exact = true }).FillAsync(applicant.Email);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = Ui.T("ForgotSubmit"), Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("forgot-done")).ToHaveTextAsync(Ui.T("ForgotDone"));

        // The link names the configured public address; the host listens on a free port, so its path and query are opened here.
        var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(browser.Host.LatestEmailTo(applicant.Email))));
        var link = ResetLink().Match(message.TextBody ?? string.Empty);
        Assert.True(link.Success, "No reset link in: " + message.TextBody);
        await page.GotoAsync(new Uri(link.Value).PathAndQuery);
        await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = Ui.T("ResetTitle"), Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel(Ui.T("NewPassword"), new PageGetByLabelOptions { Exact = true }).FillAsync("SandiBaruDewi123");
        await page.GetByLabel(Ui.T("ConfirmNewPassword"), new PageGetByLabelOptions { Exact = true }).FillAsync("SandiBaruDewi123");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = Ui.T("ResetSubmit"), Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("reset-done")).ToContainTextAsync(Ui.T("ResetDone"));

        // The old password no longer opens the account; the new one does.
        await page.GotoAsync("/Akun/Masuk");
        await page.GetByLabel(Ui.T("Email"), new PageGetByLabelOptions { Exact = true }).FillAsync(applicant.Email);
        await page.GetByLabel(Ui.T("Password"), new PageGetByLabelOptions { Exact = true }).FillAsync(ApplicantSession.Password);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = Ui.T("SignIn"), Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("sign-in-error")).ToBeVisibleAsync();
        await applicant.SignInAsync(applicant.Email, "SandiBaruDewi123");
        await Expect(page).ToHaveURLAsync(new Regex("/Pemohon$"));
        applicant.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task StaffFirstSignIn_IsLedToChangeTheTemporaryPassword_BeforeTheInbox()
    {
        var admin = await ClerkSession.SignInAsync(browser, SopRoles.Admin);
        await using var _ = admin;
        var (email, temporary) = await ClerkSession.CreateStaffAsync(admin.Page, "Rahmat Hidayat", SopRoles.BoAnalis);

        var clerk = await ClerkSession.FirstSignInAsync(browser, email, temporary, "SandiRahmat12345");
        await using var __ = clerk;
        await clerk.OpenInboxAsync();

        // The temporary password is spent.
        var again = await Session.OpenAsync(browser);
        await using var ___ = again;
        await again.Page.GotoAsync("/Akun/Masuk");
        await again.Page.GetByLabel(Ui.T("Email"), new PageGetByLabelOptions { Exact = true }).FillAsync(email);
        await again.Page.GetByLabel(Ui.T("Password"), new PageGetByLabelOptions { Exact = true }).FillAsync(temporary);
        await again.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = Ui.T("SignIn"), Exact = true }).ClickAsync();
        await Expect(again.Page.GetByTestId("sign-in-error")).ToBeVisibleAsync();
        clerk.AssertNoConsoleErrors();
        admin.AssertNoConsoleErrors();
    }

    [GeneratedRegex(@"https?://\S+/Akun/AturUlangKataSandi\?\S+", RegexOptions.CultureInvariant)]
    private static partial Regex ResetLink();
}
