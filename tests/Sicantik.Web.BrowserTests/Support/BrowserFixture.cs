using Microsoft.Playwright;

namespace Sicantik.Web.BrowserTests.Support;

/// <summary>One host process and one Chromium (Debian's, never a downloaded browser) for a test class.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium, installed by .ci/run.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public SicantikProcess Host { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Real PDF, PNG and JPEG files to upload, made by this Chromium.</summary>
    public SampleFiles Files { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await SicantikProcess.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        Files = await SampleFiles.MakeAsync(Browser);

        // Waiting on the DOM, not on the clock: these only bound how long an expectation may take on two busy cores.
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    /// <summary>A fresh browser context (its own cookies) with the page's console errors collected.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "id-ID",
            TimezoneId = "Asia/Jakarta",
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
        return (context, page, errors);
    }

    /// <summary>
    /// Takes a screenshot of the page as it is, 1280 pixels wide, and returns the PNG. With SICANTIK_WRITE_SCREENSHOTS=1
    /// it is also written to docs/screenshots/ for the README; a plain run (CI, a fresh clone) writes nothing there.
    /// </summary>
    public static async Task<byte[]> ScreenshotAsync(IPage page, string name)
    {
        // The whole page through a viewport as tall as the page, rather than FullPage: Chromium's full-page capture
        // leaves out-of-process frames (the sandboxed document viewer) blank.
        var viewport = page.ViewportSize;
        // Heights in vh (the document viewer's 75vh) would grow with that viewport: keep them as they are now.
        await page.EvaluateAsync("() => document.querySelectorAll('iframe').forEach(f => { f.style.height = f.getBoundingClientRect().height + 'px'; })");
        var height = await page.EvaluateAsync<int>("() => Math.ceil(document.documentElement.scrollHeight)");
        await page.SetViewportSizeAsync(viewport?.Width ?? 1280, Math.Max(height, viewport?.Height ?? 0));
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Type = ScreenshotType.Png });
        if (viewport is not null)
        {
            await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
        }

        if (Environment.GetEnvironmentVariable("SICANTIK_WRITE_SCREENSHOTS") == "1")
        {
            var folder = Path.Combine(SicantikProcess.RepositoryFolder(), "docs", "screenshots");
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, name + ".png"), png);
        }

        return png;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}
