using Microsoft.Playwright;
using Sicantik.Perizinan;
using Sicantik.Web.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Sicantik.Web.BrowserTests;

/// <summary>Pages under the Content-Security-Policy in Chromium: the error page and the Hangfire dashboard run without a violation.</summary>
[Collection(SharedBrowser.Name)]
public sealed class SecurityPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task UnknownPage_ShowsTheIndonesianNotFoundPage_InTheLayout_WithoutConsoleErrors()
    {
        var admin = await ClerkSession.SignInAsync(browser, SopRoles.Admin);
        var page = admin.Page;

        var response = await page.GotoAsync("/halaman/yang-tidak-ada");

        Assert.Equal(404, response!.Status);
        Assert.Contains("script-src 'self';", await response.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);
        await Expect(page.GetByTestId("error-page")).ToHaveAttributeAsync("data-status", "404");
        await Expect(page.GetByTestId("navbar")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = Ui.T("Error404Title") })).ToBeVisibleAsync();

        // Chromium reports the page's own 404 status once; nothing else (no refused script, style or resource).
        Assert.Equal(["Failed to load resource: the server responded with a status of 404 (Not Found)"], admin.ConsoleErrors);
    }

    [Fact]
    public async Task HangfireDashboard_RunsUnderItsPolicy_WithoutConsoleErrors()
    {
        var admin = await ClerkSession.SignInAsync(browser, SopRoles.Admin);
        var page = admin.Page;

        var response = await page.GotoAsync("/admin/hangfire");

        Assert.Equal(200, response!.Status);
        Assert.Contains("frame-ancestors 'none'", await response.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);
        // An inline script the policy refused would show as a console error ("Refused to execute inline script").
        await page.GotoAsync("/admin/hangfire/recurring");
        await Expect(page.GetByText("sicantik-outbox-sweep")).ToBeVisibleAsync();
        admin.AssertNoConsoleErrors();
    }
}
