using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Sicantik.Web.BrowserTests.Support;

/// <summary>One person at their own browser window: own cookies, console errors collected.</summary>
public class Session : IAsyncDisposable
{
    private readonly List<string> _errors;

    protected Session(BrowserFixture fixture, IBrowserContext context, IPage page, List<string> errors)
    {
        Fixture = fixture;
        Context = context;
        Page = page;
        _errors = errors;
    }

    public BrowserFixture Fixture { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>What the browser logged as errors so far (failed loads, script errors).</summary>
    public IReadOnlyList<string> ConsoleErrors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public static async Task<Session> OpenAsync(BrowserFixture fixture)
    {
        var (context, page, errors) = await fixture.NewPageAsync();
        return new Session(fixture, context, page, errors);
    }

    /// <summary>Signs in on the Masuk page and lands where the role's home is.</summary>
    public async Task SignInAsync(string email, string password)
    {
        await Page.GotoAsync("/Akun/Masuk");
        await Page.GetByLabel(Ui.T("Email"), new PageGetByLabelOptions { Exact = true }).FillAsync(email);
        await Page.GetByLabel(Ui.T("Password"), new PageGetByLabelOptions { Exact = true }).FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = Ui.T("SignIn"), Exact = true }).ClickAsync();
        await Expect(Page.GetByTestId("nav-user")).ToBeVisibleAsync();
    }

    /// <summary>The success message shown after a post and redirect.</summary>
    public ILocator Flash => Page.GetByTestId("flash-success");

    public void AssertNoConsoleErrors() => Assert.True(ConsoleErrors.Count == 0, "Browser console errors:\n" + string.Join('\n', ConsoleErrors));

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        GC.SuppressFinalize(this);
    }
}
