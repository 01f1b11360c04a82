using Microsoft.Playwright;
using Sicantik.Perizinan;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Web.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Sicantik.Web.BrowserTests;

/// <summary>The staff inbox: what each clerk sees, and how it follows the other clerks' work without a reload.</summary>
[Collection(SharedBrowser.Name)]
public sealed class InboxTests(BrowserFixture browser)
{
    [Fact]
    public async Task Inbox_ShowsOnlyTasksOfTheClerksRoles_WhenApplicationsWaitAtDifferentSteps()
    {
        var sessions = new List<Session>();
        try
        {
            // One application waits at the registration counter, another has moved on to the back office.
            var first = await ApplicantSession.ReadyAsync(browser, "Rina Kartika");
            sessions.Add(first);
            await first.SubmitNewAsync(PermitCatalog.SuratIzinPraktikPerawat());
            var second = await ApplicantSession.ReadyAsync(browser, "Agus Salim");
            sessions.Add(second);
            await second.SubmitNewAsync(PermitCatalog.SuratIzinPraktikPerawat());
            var loket2 = await ClerkSession.SignInAsync(browser, SopRoles.FoPendaftaran);
            sessions.Add(loket2);
            await loket2.WorkAsync(second.Name, Steps.VerifikasiKelengkapan, "lengkap");

            var analis = await ClerkSession.SignInAsync(browser, SopRoles.BoAnalis);
            sessions.Add(analis);
            var kasi = await ClerkSession.SignInAsync(browser, SopRoles.KasiPerizinan);
            sessions.Add(kasi);

            await loket2.OpenInboxAsync();
            await Expect(loket2.RowFor(first.Name, Steps.VerifikasiKelengkapan)).ToHaveCountAsync(1);
            await Expect(loket2.Rows.Filter(new LocatorFilterOptions { HasText = second.Name })).ToHaveCountAsync(0);
            await AssertEveryRowIsAsync(loket2, Steps.VerifikasiKelengkapan);

            await analis.OpenInboxAsync();
            await Expect(analis.RowFor(second.Name, Steps.VerifikasiBerkas)).ToHaveCountAsync(1);
            await Expect(analis.Rows.Filter(new LocatorFilterOptions { HasText = first.Name })).ToHaveCountAsync(0);
            await AssertEveryRowIsAsync(analis, Steps.VerifikasiBerkas);

            await kasi.OpenInboxAsync();
            await Expect(kasi.Rows.Filter(new LocatorFilterOptions { HasText = first.Name })).ToHaveCountAsync(0);
            await Expect(kasi.Rows.Filter(new LocatorFilterOptions { HasText = second.Name })).ToHaveCountAsync(0);
            await AssertEveryRowIsAsync(kasi, Steps.ValidasiKasi);

            // Another role's task is not theirs to open either.
            await loket2.Page.GotoAsync("/Petugas");
            var href = await loket2.RowFor(first.Name, Steps.VerifikasiKelengkapan).GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = Ui.T("Open"), Exact = true }).GetAttributeAsync("href");
            Assert.NotNull(href);
            var response = await analis.Page.GotoAsync(href);
            Assert.Equal(404, response?.Status);

            // The one error the back office's browser may log is that refused page's 404.
            Assert.All(analis.ConsoleErrors, e => Assert.Contains("404", e, StringComparison.Ordinal));
            foreach (var session in sessions.Where(s => s != analis))
            {
                session.AssertNoConsoleErrors();
            }
        }
        finally
        {
            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Inbox_RefreshesWithoutReload_WhenAnotherClerkClaimsATask()
    {
        var sessions = new List<Session>();
        try
        {
            // The administrator gives the registration counter a second clerk.
            var admin = await ClerkSession.SignInAsync(browser, SopRoles.Admin);
            sessions.Add(admin);
            var (email, password) = await ClerkSession.CreateStaffAsync(admin.Page, "Yusuf Pratama", SopRoles.FoPendaftaran);

            var applicant = await ApplicantSession.ReadyAsync(browser, "Maya Anggraini");
            sessions.Add(applicant);
            await applicant.SubmitNewAsync(PermitCatalog.SuratIzinPraktikPerawat());

            var watching = await ClerkSession.SignInAsync(browser, SopRoles.FoPendaftaran);
            sessions.Add(watching);
            var claiming = await ClerkSession.FirstSignInAsync(browser, email, password, "Petugas12345Baru");
            sessions.Add(claiming);

            await watching.OpenInboxAsync();
            var row = watching.RowFor(applicant.Name, Steps.VerifikasiKelengkapan);
            await Expect(row).ToHaveCountAsync(1);
            var available = watching.Page.GetByTestId("count-tersedia");
            var before = int.Parse(await available.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
            // A mark on the window: a reload would lose it. The page says when its live connection is open.
            await watching.Page.EvaluateAsync("() => { window.sicantikNoReload = true; }");
            await Expect(watching.Page.GetByTestId("inbox")).ToHaveAttributeAsync("data-live", "open");

            await claiming.ClaimAsync(applicant.Name, Steps.VerifikasiKelengkapan);

            await Expect(row).ToHaveCountAsync(0);
            await Expect(available).ToHaveTextAsync((before - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(await watching.Page.EvaluateAsync<bool>("() => window.sicantikNoReload === true"), "The inbox reloaded the page.");

            // Released again, the task comes back to the watching clerk's list, still without a reload.
            await claiming.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = Ui.T("Unclaim"), Exact = true }).ClickAsync();
            await Expect(claiming.Flash).ToContainTextAsync(Ui.T("UnclaimDone", Steps.VerifikasiKelengkapan));
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row).ToContainTextAsync(Ui.T("Unclaimed"));
            Assert.True(await watching.Page.EvaluateAsync<bool>("() => window.sicantikNoReload === true"), "The inbox reloaded the page.");

            foreach (var session in sessions)
            {
                session.AssertNoConsoleErrors();
            }
        }
        finally
        {
            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }
        }
    }

    /// <summary>Every row of the clerk's available list is a task of <paramref name="step"/> (their role's only step here).</summary>
    private static async Task AssertEveryRowIsAsync(ClerkSession clerk, string step)
    {
        var steps = await clerk.Rows.Locator("td:nth-child(4) > div:first-child").AllInnerTextsAsync();
        Assert.All(steps, s => Assert.Equal(step, s.Trim()));
    }
}
