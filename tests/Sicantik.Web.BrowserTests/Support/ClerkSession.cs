using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Sicantik.Web.BrowserTests.Support;

/// <summary>A member of staff at their browser: the inbox (Kotak tugas) and the task page.</summary>
public sealed class ClerkSession : Session
{
    private ClerkSession(BrowserFixture fixture, IBrowserContext context, IPage page, List<string> errors)
        : base(fixture, context, page, errors)
    {
    }

    /// <summary>Signs in with the demo account of <paramref name="role"/> that the host printed at its first start.</summary>
    public static Task<ClerkSession> SignInAsync(BrowserFixture fixture, string role)
    {
        Assert.True(fixture.Host.DemoAccounts.TryGetValue(role, out var account), $"The host printed no demo account for {role}.");
        return SignInAsync(fixture, account.Email, account.Password);
    }

    public static async Task<ClerkSession> SignInAsync(BrowserFixture fixture, string email, string password)
    {
        var (context, page, errors) = await fixture.NewPageAsync();
        var clerk = new ClerkSession(fixture, context, page, errors);
        await clerk.SignInAsync(email, password);
        return clerk;
    }

    /// <summary>
    /// The first sign-in with an administrator's temporary password: the host leads to the change-password page, the new
    /// password is set there, and the clerk lands on their inbox.
    /// </summary>
    public static async Task<ClerkSession> FirstSignInAsync(BrowserFixture fixture, string email, string temporaryPassword, string newPassword)
    {
        var clerk = await SignInAsync(fixture, email, temporaryPassword);
        var page = clerk.Page;
        await Expect(page).ToHaveURLAsync(new Regex("/Akun/KataSandi$"));
        await Expect(page.GetByTestId("password-change-required")).ToContainTextAsync(Ui.T("PasswordChangeRequiredLead"));
        await page.GetByLabel(Ui.T("CurrentPassword"), new PageGetByLabelOptions { Exact = true }).FillAsync(temporaryPassword);
        await page.GetByLabel(Ui.T("NewPassword"), new PageGetByLabelOptions { Exact = true }).FillAsync(newPassword);
        await page.GetByLabel(Ui.T("ConfirmNewPassword"), new PageGetByLabelOptions { Exact = true }).FillAsync(newPassword);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = Ui.T("ChangePasswordSubmit"), Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Petugas$"));
        await Expect(clerk.Flash).ToContainTextAsync(Ui.T("PasswordChanged"));
        return clerk;
    }

    /// <summary>Creates a staff account on the Pengguna page; returns its email and the temporary password shown once.</summary>
    public static async Task<(string Email, string Password)> CreateStaffAsync(IPage admin, string name, string role)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var email = $"petugas-{Guid.NewGuid().ToString("N")[..8]}@sicantik.local";
        await admin.GotoAsync("/Admin/Pengguna");
        var form = admin.GetByTestId("new-staff-form");
        await form.GetByLabel(Ui.T("FullName"), new LocatorGetByLabelOptions { Exact = true }).FillAsync(name);
        await form.GetByLabel(Ui.T("Email"), new LocatorGetByLabelOptions { Exact = true }).FillAsync(email);
        await form.Locator($"input[type=checkbox][value='{role}']").CheckAsync();
        await form.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = Ui.T("CreateStaff") }).ClickAsync();
        var created = admin.GetByRole(AriaRole.Status).Filter(new LocatorFilterOptions { HasText = email });
        await Expect(created).ToBeVisibleAsync();
        var password = (await created.GetByTestId("temporary-password").InnerTextAsync()).Trim();
        Assert.False(string.IsNullOrEmpty(password));
        return (email, password);
    }

    /// <summary>The inbox's table rows.</summary>
    public ILocator Rows => Page.GetByTestId("inbox").GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { Has = Page.GetByRole(AriaRole.Cell) });

    /// <summary>The row of the applicant's application at <paramref name="step"/>.</summary>
    public ILocator RowFor(string applicantName, string step) =>
        Rows.Filter(new LocatorFilterOptions { HasText = applicantName }).Filter(new LocatorFilterOptions { HasText = step });

    /// <summary>Opens the inbox from the navigation bar, on its first tab (what the clerk's roles may take).</summary>
    public async Task OpenInboxAsync()
    {
        await Page.GotoAsync("/");
        await Page.GetByTestId("navbar").GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = Ui.T("NavInbox") }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = Ui.T("InboxTitle"), Level = 1 })).ToBeVisibleAsync();
        var lists = Page.GetByRole(AriaRole.Navigation, new PageGetByRoleOptions { Name = Ui.T("InboxLists") });
        await Expect(lists.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = Ui.T("Inbox_Available") })).ToHaveAttributeAsync("aria-current", "page");
    }

    /// <summary>Finds the application's task in the inbox, claims it there (htmx, no reload) and opens the task page.</summary>
    public async Task ClaimAsync(string applicantName, string step)
    {
        await OpenInboxAsync();
        var row = RowFor(applicantName, step);
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(Ui.T("Unclaimed"));
        await row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = Ui.T("Claim"), Exact = true }).ClickAsync();

        var message = Page.GetByTestId("inbox-message");
        await Expect(message).ToContainTextAsync(Ui.T("ClaimDone", step));
        await Expect(row).ToHaveCountAsync(0);
        await message.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = Ui.T("OpenTask") }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = step, Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("task-holder")).ToHaveTextAsync(Ui.T("HeldByYou"));
        await Expect(Page.GetByTestId("task-applicant")).ToHaveTextAsync(applicantName);
    }

    /// <summary>On the open task page: fills the step's own fields and the notes, if any, and completes the step with its outcome (or plainly).</summary>
    public async Task CompleteAsync(string step, string? outcome, string? notes = null, Func<IPage, Task>? fill = null)
    {
        if (fill is not null)
        {
            await fill(Page);
        }

        if (notes is not null)
        {
            await Page.GetByLabel(Ui.T("Notes"), new PageGetByLabelOptions { Exact = true }).FillAsync(notes);
        }

        var button = outcome is null ? Ui.T("CompleteStep") : Ui.T("Outcome_" + outcome);
        await Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = button, Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/Petugas$"));
        await Expect(Flash).ToContainTextAsync(outcome is null ? Ui.T("CompleteDone", step) : Ui.T("CompleteDoneOutcome", step, Ui.T("Outcome_" + outcome)));
    }

    /// <summary>Claims the application's task from the inbox and completes it.</summary>
    public async Task WorkAsync(string applicantName, string step, string? outcome, string? notes = null, Func<IPage, Task>? fill = null)
    {
        await ClaimAsync(applicantName, step);
        await CompleteAsync(step, outcome, notes, fill);
    }
}
