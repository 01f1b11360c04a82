using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Playwright;
using Sicantik.Perizinan;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Web.Api;
using Sicantik.Web.BrowserTests.Support;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Timers;
using static Microsoft.Playwright.Assertions;

namespace Sicantik.Web.BrowserTests;

/// <summary>
/// The process designer (Admin/Proses/Desainer): an administrator changes the Kasi step's baku mutu in the properties
/// panel, saves and publishes, and the next application runs on it; an invalid edit is refused on its element.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class DesignerTests(BrowserFixture browser)
{
    private const string Key = "penerbitan-izin";

    [Fact]
    public async Task Designer_PublishesANewKasiBakuMutu_AndTheNextApplicationRunsOnIt()
    {
        using var api = await ApiClient.SignInAsync(browser, SopRoles.Admin);
        var shipped = await PublishedAsync(api);
        var sessions = new List<Session>();
        try
        {
            var admin = await ClerkSession.SignInAsync(browser, SopRoles.Admin);
            sessions.Add(admin);
            var page = admin.Page;

            // From the navigation bar to the list of processes, and from there to the designer.
            await page.GetByTestId("nav-processes").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = Ui.T("Proses_ProcessesTitle"), Level = 1 })).ToBeVisibleAsync();
            await page.GetByTestId("open-designer-" + Key).ClickAsync();

            // The list opens the latest version (other tests in this host may have left a newer draft); the edit starts
            // from the published one.
            var latest = (await api.GetAsync<List<DefinitionVersionDto>>($"/api/admin/definitions/{Key}/versions")).Max(v => v.Version);
            await OpenedAsync(page, latest, null);
            if (latest != shipped.Version)
            {
                await page.GotoAsync($"/Admin/Proses/Desainer?key={Key}&version={shipped.Version}");
            }

            await OpenedAsync(page, shipped.Version, Ui.T("Designer_State_Published"));

            // The Kasi step: its baku mutu (the interval of the escalation timer's R3/PT5M) in minutes, in the Sicantik group.
            await page.Locator(Shape("Task_ValidasiKasi")).ClickAsync();
            var bakuMutu = page.Locator("#bio-properties-panel-sicantik-bakuMutu");
            await Expect(bakuMutu).ToHaveValueAsync("5");
            await Expect(page.GetByTestId("designer-panel")).ToContainTextAsync(Ui.T("Designer_BakuMutuStored").Replace("{value}", "PT5M", StringComparison.Ordinal));
            await bakuMutu.FillAsync("10");
            await bakuMutu.PressAsync("Tab");

            // The timer follows: its duration, and its name on the diagram.
            await Expect(page.Locator("[data-element-id='Timer_ValidasiKasi_label']")).ToContainTextAsync(new Regex(@"^Baku mutu 10\s*menit$"));
            await Expect(page.GetByTestId("designer-panel")).ToContainTextAsync(Ui.T("Designer_BakuMutuStored").Replace("{value}", "PT10M", StringComparison.Ordinal));

            await Button(page, "Proses_Validate").ClickAsync();
            await Expect(Status(page)).ToHaveTextAsync(Ui.T("Designer_Valid"));
            await BrowserFixture.ScreenshotAsync(page, "designer");

            var draft = (await api.GetAsync<List<DefinitionVersionDto>>($"/api/admin/definitions/{Key}/versions")).Max(v => v.Version) + 1;
            await Button(page, "Proses_SaveDraft").ClickAsync();
            await Expect(Status(page)).ToHaveTextAsync(Ui.T("Designer_Saved").Replace("{version}", draft.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
            Assert.Equal(DefinitionState.Draft, (await api.GetAsync<DefinitionVersionDto>($"/api/admin/definitions/{Key}/versions/{draft}")).State);

            // Saving again without a change makes no version.
            await Button(page, "Proses_SaveDraft").ClickAsync();
            await Expect(Status(page)).ToHaveTextAsync(Ui.T("Designer_Unchanged").Replace("{version}", draft.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

            await Button(page, "Proses_Publish").ClickAsync();
            await Expect(Status(page)).ToHaveTextAsync(Ui.T("Designer_Published").Replace("{version}", draft.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
            await Expect(page.GetByTestId("designer-version")).ToContainTextAsync(Ui.T("Designer_State_Published"));
            Assert.Equal(draft, (await PublishedAsync(api)).Version);
            var published = XDocument.Parse(await api.GetTextAsync($"/api/admin/definitions/{Key}/versions/{draft}/xml"));
            var timer = published.Descendants(BpmnNamespaces.Bpmn + "boundaryEvent").Single(e => (string?)e.Attribute("id") == "Timer_ValidasiKasi");
            Assert.Equal("R3/PT10M", timer.Descendants(BpmnNamespaces.Bpmn + "timeCycle").Single().Value.Trim());
            Assert.Equal("kabid-perizinan", (string?)timer.Attribute(BpmnNamespaces.Sicantik + "escalateTo"));
            admin.AssertNoConsoleErrors();

            // The next application: submitted in the portal, through the registration counter and the back office.
            var applicant = await ApplicantSession.ReadyAsync(browser, "Dewi Lestari");
            sessions.Add(applicant);
            var id = await applicant.SubmitNewAsync(PermitCatalog.SuratIzinPraktikPerawat());
            var loket2 = await ClerkSession.SignInAsync(browser, SopRoles.FoPendaftaran);
            sessions.Add(loket2);
            await loket2.WorkAsync(applicant.Name, Steps.VerifikasiKelengkapan, "lengkap");
            var analis = await ClerkSession.SignInAsync(browser, SopRoles.BoAnalis);
            sessions.Add(analis);
            await analis.WorkAsync(applicant.Name, Steps.VerifikasiBerkas, "sesuai");

            // The Kasi's task has the new baku mutu: 10 minutes, due when the engine's office-hours calendar says.
            using var kasi = await ApiClient.SignInAsync(browser, SopRoles.KasiPerizinan);
            var tasks = await kasi.GetAsync<List<TaskDto>>("/api/tasks?list=available&max=200");
            var task = Assert.Single(tasks, t => t.Application?.Id == id && t.ElementId == "Task_ValidasiKasi");
            Assert.Equal(10, task.StandardMinutes);
            Assert.True(TimerSpec.TryParse(TimerKind.Duration, "PT10M", out var spec, out var error), error);
            var calendar = new OfficeHoursCalendar(new OfficeHoursOptions(), FixedHolidays.None);
            Assert.Equal(spec.FirstDue(task.CreatedAt, calendar), task.DueAt);
            Assert.Equal(1, (await api.GetAsync<DefinitionVersionDto>($"/api/admin/definitions/{Key}/versions/{draft}")).RunningInstances);
        }
        finally
        {
            // The other browser tests run the shipped process: it is published again (which retires the edited one).
            if ((await PublishedAsync(api)).Version != shipped.Version)
            {
                await api.PostAsync<DefinitionVersionDto>($"/api/admin/definitions/{Key}/versions/{shipped.Version}/publish");
            }

            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Designer_RefusesAGatewayWithoutOutgoingFlow_AndShowsTheErrorOnIt()
    {
        using var api = await ApiClient.SignInAsync(browser, SopRoles.Admin);
        var before = await api.GetAsync<List<DefinitionVersionDto>>($"/api/admin/definitions/{Key}/versions");
        await using var admin = await ClerkSession.SignInAsync(browser, SopRoles.Admin);
        var page = admin.Page;
        await page.GotoAsync($"/Admin/Proses/Desainer?key={Key}");
        await OpenedAsync(page, before.Max(v => v.Version), null);

        // The palette offers what the engine runs, and nothing it would refuse (a plain task, a throw event, data).
        var palette = await page.Locator(".djs-palette .entry[data-action]").EvaluateAllAsync<string[]>("entries => entries.map(e => e.dataset.action)");
        Assert.Subset(
            new HashSet<string>
            {
                "hand-tool", "lasso-tool", "space-tool", "global-connect-tool", "create.start-event", "create.end-event",
                "create.exclusive-gateway", "create.parallel-gateway", "create.timer-intermediate-event", "create.user-task",
                "create.service-task", "create.subprocess-expanded", "create.participant-expanded",
            },
            palette.ToHashSet());
        Assert.Contains("create.user-task", palette);
        Assert.DoesNotContain("create.task", palette);

        // The Kasi's step gets a second path to a new gateway that leads nowhere.
        await page.Locator(Shape("Task_ValidasiKasi")).ClickAsync();
        await page.Locator(".djs-context-pad [data-action='append.gateway']").ClickAsync();
        var idField = page.Locator("#bio-properties-panel-id");
        await Expect(idField).ToHaveValueAsync(new Regex("^Gateway_"));
        var gateway = await idField.InputValueAsync();

        await Button(page, "Proses_Validate").ClickAsync();
        await Expect(Status(page)).ToHaveAttributeAsync("data-kind", "danger");
        var errors = page.GetByTestId("designer-errors");
        var error = errors.Locator($"[data-element-id='{gateway}']");
        await Expect(error).ToHaveAttributeAsync("data-rule", "NoOutgoingFlow");
        await Expect(error).ToContainTextAsync(gateway);
        await Expect(page.Locator($".sicantik-error-overlay[data-element-id='{gateway}']")).ToBeVisibleAsync();
        await Expect(page.Locator(Shape(gateway))).ToHaveClassAsync(new Regex(@"\bsicantik-error\b"));

        // The list selects the element: from another one back to the gateway.
        await page.Locator(Shape("Task_ValidasiKasi")).ClickAsync();
        await Expect(idField).ToHaveValueAsync("Task_ValidasiKasi");
        await error.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(idField).ToHaveValueAsync(gateway);

        // Saving is refused with the same error on the same element, and no version is made.
        await Button(page, "Proses_SaveDraft").ClickAsync();
        await Expect(Status(page)).ToContainTextAsync(new Regex("^" + Regex.Escape(WebTextStart("DefinitionInvalid"))));
        await Expect(errors.Locator($"[data-element-id='{gateway}'][data-rule='NoOutgoingFlow']")).ToHaveCountAsync(1);
        await Expect(page.Locator($".sicantik-error-overlay[data-element-id='{gateway}']")).ToBeVisibleAsync();
        Assert.Equal(before.Count, (await api.GetAsync<List<DefinitionVersionDto>>($"/api/admin/definitions/{Key}/versions")).Count);

        // The replace menu of a user task offers the engine's tasks only.
        await page.Locator(Shape("Task_ValidasiKasi")).ClickAsync();
        await page.Locator(".djs-context-pad [data-action='replace']").ClickAsync();
        await Expect(page.Locator(".djs-popup [data-id='replace-with-service-task']")).ToBeVisibleAsync();
        var replace = await page.Locator(".djs-popup [data-id]").EvaluateAllAsync<string[]>("entries => entries.map(e => e.dataset.id)");
        Assert.Contains("replace-with-service-task", replace);
        Assert.DoesNotContain("replace-with-manual-task", replace);
        Assert.DoesNotContain("replace-with-call-activity", replace);
        Assert.DoesNotContain("toggle-loop", replace);

        // The only errors the browser logs are the two refusals (422) of the server.
        Assert.All(admin.ConsoleErrors, e => Assert.Contains("422", e, StringComparison.Ordinal));
    }

    private static async Task<DefinitionVersionDto> PublishedAsync(ApiClient api) =>
        Assert.Single(await api.GetAsync<List<DefinitionVersionDto>>($"/api/admin/definitions/{Key}/versions"), v => v.State == DefinitionState.Published);

    /// <summary>Waits for the designer to have imported the version (and, when given, to show its state).</summary>
    private static async Task OpenedAsync(IPage page, int version, string? state)
    {
        await Expect(page.GetByTestId("designer")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(Status(page)).ToHaveTextAsync(Ui.T("Designer_Opened").Replace("{key}", Key, StringComparison.Ordinal).Replace("{version}", version.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        await Expect(page.Locator(Shape("Task_ValidasiKasi"))).ToBeVisibleAsync();
        if (state is not null)
        {
            await Expect(page.GetByTestId("designer-version")).ToContainTextAsync(state);
        }
    }

    private static string Shape(string id) => $".djs-element.djs-shape[data-element-id='{id}']";

    private static ILocator Status(IPage page) => page.GetByTestId("designer-status");

    private static ILocator Button(IPage page, string key) =>
        page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = Ui.T(key), Exact = true });

    /// <summary>The words of a WebText message before its first placeholder.</summary>
    private static string WebTextStart(string key)
    {
        var text = new System.Resources.ResourceManager("Sicantik.Web.WebText", typeof(WebText).Assembly).GetString(key, System.Globalization.CultureInfo.InvariantCulture)!;
        return text[..text.IndexOf('{', StringComparison.Ordinal)];
    }
}
