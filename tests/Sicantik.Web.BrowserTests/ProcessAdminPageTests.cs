using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sicantik.Data;
using Sicantik.Perizinan;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Web.BrowserTests.Support;
using Sicantik.Workflows;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace Sicantik.Web.BrowserTests;

/// <summary>The versions page (comparison, migration) and the supervisors' instance view, with their diagrams drawn.</summary>
[Collection(SharedBrowser.Name)]
public sealed class ProcessAdminPageTests(BrowserFixture browser)
{
    private const string Key = "penerbitan-izin";

    [Fact]
    public async Task VersionsComparison_MarksTheChanges_MigrationMovesTheInstance_AndTheInstanceViewShowsWhereItStands()
    {
        var applicant = await ApplicantSession.ReadyAsync(browser, "Dewi Lestari");
        var applicationId = await applicant.SubmitNewAsync(PermitCatalog.SuratIzinPraktikPerawat());
        var loket2 = await ClerkSession.SignInAsync(browser, SopRoles.FoPendaftaran);
        await loket2.WorkAsync(applicant.Name, Steps.VerifikasiKelengkapan, "lengkap");

        // An edited copy of the SOP, deployed by the engine into the running host's database, as an upload would.
        // The application runs on the published version; other tests in this host may have made more versions since.
        var (published, version) = await DeployEditedCopyAsync();
        var admin = await ClerkSession.SignInAsync(browser, SopRoles.Admin);
        var page = admin.Page;

        await page.GotoAsync($"/Admin/Proses/Versi?key={Key}&dari={published}&ke={version}");
        await Expect(page.GetByTestId("versions-table").Locator($"tr[data-version='{version}']")).ToHaveAttributeAsync("data-state", "Draft");
        await Expect(page.Locator("#compare-status")).ToHaveAttributeAsync("data-ready", "true");
        var to = page.GetByTestId("diagram-to");
        var from = page.GetByTestId("diagram-from");
        await Expect(to.Locator(".djs-element.sc-added[data-element-id='Task_EskalasiCetak']")).ToHaveCountAsync(1);
        await Expect(from.Locator(".djs-element.sc-removed[data-element-id='Task_Eskalasi_CetakSK']")).ToHaveCountAsync(1);
        await Expect(to.Locator(".djs-element.sc-changed[data-element-id='Timer_ValidasiKasi']")).ToHaveCountAsync(1);
        await Expect(to.Locator(".djs-element.sc-layout-changed[data-element-id='Task_IsiSKM']")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("diff-list").Locator("tr[data-change='changed'][data-id='Timer_ValidasiKasi']")).ToContainTextAsync("PT10M");
        await ShotAsync(page, "versi-bandingkan");

        // Migration from the page: the plan maps by id, then the running instance moves to the new version.
        await page.Locator("#migration-from").SelectOptionAsync(published.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#migration-to").SelectOptionAsync(version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("plan-migration").ClickAsync();
        await Expect(page.GetByTestId("migration-mapping").Locator("tr[data-source='Task_VerifikasiBerkas'] select")).ToHaveValueAsync("Task_VerifikasiBerkas");
        await Expect(page.GetByTestId("migration-result")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("alert-info"));
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GetByTestId("run-migration").ClickAsync();
        // Every running instance of the older version moves, this application's among them.
        await Expect(page.GetByTestId("migration-result")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("^[1-9][0-9]* " + System.Text.RegularExpressions.Regex.Escape(Ui.T("ProsesMigrationDone", "#")[2..])));

        // The instance view: found by the application's id in the search, drawn on the version it now runs on.
        await page.GotoAsync("/Pengawasan/Instans");
        await page.GetByTestId("instance-search").FillAsync(applicationId.ToString());
        await page.GetByTestId("instance-search").PressAsync("Enter");
        var diagram = page.GetByTestId("instance-diagram");
        await Expect(diagram).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.GetByTestId("instance-header")).ToContainTextAsync($"v{version}");
        await Expect(diagram.Locator(".djs-element.sc-active[data-element-id='Task_VerifikasiBerkas']")).ToHaveCountAsync(1);
        await Expect(diagram.Locator(".djs-element.sc-path[data-element-id='Task_VerifikasiKelengkapan']")).ToHaveCountAsync(1);
        await Expect(diagram.Locator(".djs-element.sc-path[data-element-id='Flow_Lengkap']")).ToHaveCountAsync(1);
        await Expect(diagram.Locator(".djs-element.sc-path[data-element-id='Flow_TidakLengkap']")).ToHaveCountAsync(0);
        await Expect(page.Locator(".sc-badge[data-step='Task_VerifikasiKelengkapan']")).ToContainTextAsync("/ 10 mnt");
        await Expect(page.GetByTestId("step-times").Locator("tr[data-step='Task_VerifikasiBerkas']")).ToContainTextAsync(Ui.T("StepOpen"));
        await Expect(page.GetByTestId("instance-variables")).ToContainTextAsync("nomorPermohonan");
        await ShotAsync(page, "instans");

        // The version's heat map: the instance waiting at the back office is counted on its step.
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = Ui.T("ProsesHeatMapTitle") }).ClickAsync();
        var heat = page.GetByTestId("heatmap-diagram");
        await Expect(heat).ToHaveAttributeAsync("data-ready", "true");
        await Expect(heat.Locator(".sc-heat").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("heatmap-table").Locator("tr[data-step='Task_VerifikasiBerkas'] td").Nth(1)).Not.ToHaveTextAsync("0");

        foreach (var session in new Session[] { applicant, loket2, admin })
        {
            session.AssertNoConsoleErrors();
            await session.DisposeAsync();
        }
    }

    private async Task<(int Published, int Deployed)> DeployEditedCopyAsync()
    {
        var xml = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "workflows", "penerbitan-izin.bpmn"));
        var timer = xml.IndexOf("id=\"Timer_ValidasiKasi\"", StringComparison.Ordinal);
        var duration = xml.IndexOf("PT5M", timer, StringComparison.Ordinal);
        xml = xml[..duration] + "PT10M" + xml[(duration + 4)..];
        xml = xml.Replace("Task_Eskalasi_CetakSK", "Task_EskalasiCetak", StringComparison.Ordinal);
        var shape = xml.IndexOf("bpmnElement=\"Task_IsiSKM\"", StringComparison.Ordinal);
        var x = xml.IndexOf("x=\"", shape, StringComparison.Ordinal) + 3;
        var end = xml.IndexOf('"', x);
        xml = xml[..x] + (int.Parse(xml[x..end], System.Globalization.CultureInfo.InvariantCulture) + 60).ToString(System.Globalization.CultureInfo.InvariantCulture) + xml[end..];

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSicantikDatabase(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, DataFolder = Path.Combine(browser.Host.Folder, "data") });
        services.AddWorkflows().AddEntityFrameworkStores<SicantikDbContext>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var definitions = scope.ServiceProvider.GetRequiredService<DefinitionService>();
        var published = await definitions.GetPublishedAsync(Key);
        var deployed = await definitions.DeployAsync(xml, "uji-browser");
        Assert.True(deployed.IsNew);
        return (published.Version, deployed.Definition.Version);
    }

    /// <summary>The page's picture (written to docs/screenshots/ only with SICANTIK_WRITE_SCREENSHOTS=1).</summary>
    private static async Task ShotAsync(IPage page, string name)
    {
        var png = await BrowserFixture.ScreenshotAsync(page, name);
        Assert.True(png.Length > 10_000);
    }
}
