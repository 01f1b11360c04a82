using Microsoft.Playwright;
using Sicantik.Perizinan;
using Sicantik.Web.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Sicantik.Web.BrowserTests;

/// <summary>The SLA report page in the browser: reached from the navigation, its two Chart.js charts drawn.</summary>
[Collection(SharedBrowser.Name)]
public sealed class SlaReportTests(BrowserFixture browser)
{
    [Fact]
    public async Task SlaPage_DrawsBothCharts_FromItsJsonIsland_WithoutConsoleErrors()
    {
        await using var kasi = await ClerkSession.SignInAsync(browser, SopRoles.KasiPerizinan);

        await kasi.Page.GotoAsync("/");
        await kasi.Page.GetByTestId("nav-sla").ClickAsync();
        await Expect(kasi.Page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = Ui.T("SlaTitle"), Level = 1 })).ToBeVisibleAsync();
        await Expect(kasi.Page.GetByTestId("nav-sla")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("active"));

        // Each canvas holds a Chart.js chart with one bar group per step that has a baku mutu, as many as the table's
        // rows with one; the time chart has its three series (median, p90, baku mutu).
        var withStandard = await kasi.Page.GetByTestId("sla-steps").Locator("tbody tr").EvaluateAllAsync<int>(
            "rows => rows.filter(r => r.cells[1].textContent.trim() !== '—').length");
        Assert.True(withStandard > 0);
        foreach (var (id, series) in new[] { ("sla-chart-time", 3), ("sla-chart-within", 1) })
        {
            var canvas = kasi.Page.GetByTestId(id);
            await Expect(canvas).ToBeVisibleAsync();
            var drawn = await canvas.EvaluateAsync<int[]>(
                "c => { const chart = window.Chart.getChart(c); return chart ? [chart.data.labels.length, chart.data.datasets.length, c.width, c.height] : []; }");
            Assert.Equal(4, drawn.Length);
            Assert.Equal(withStandard, drawn[0]);
            Assert.Equal(series, drawn[1]);
            Assert.True(drawn[2] > 0 && drawn[3] > 0, $"{id} is {drawn[2]}×{drawn[3]}");
        }

        kasi.AssertNoConsoleErrors();
    }
}
