using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Survey;
using static Microsoft.Playwright.Assertions;

namespace Sicantik.Web.BrowserTests.Support;

/// <summary>An applicant (pemohon) at their browser, doing what the portal's pages ask of them.</summary>
public sealed partial class ApplicantSession : Session
{
    public const string Password = "Pemohon12345Aman";

    private ApplicantSession(BrowserFixture fixture, IBrowserContext context, IPage page, List<string> errors, string name, string email)
        : base(fixture, context, page, errors)
    {
        Name = name;
        Email = email;
    }

    /// <summary>The full name, unique per test, by which clerks find the application in their inbox.</summary>
    public string Name { get; }

    public string Email { get; }

    /// <summary>The NIK given at registration, shown on the KTP at the counter.</summary>
    public string Nik { get; private set; } = string.Empty;

    /// <summary>Valid answers to each seeded permit type's form, by field key.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> FormValues { get; } = new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        [PermitCatalog.SipPerawat] = new Dictionary<string, string>
        {
            ["jenis_permohonan"] = "Baru",
            ["nomor_str"] = "1234567890123456",
            ["jenis_praktik"] = "Praktik mandiri perawat",
            ["nama_tempat_praktik"] = "Praktik Mandiri Perawat Sehat Selalu",
            ["alamat_tempat_praktik"] = "Jl. Merdeka No. 10, Kecamatan Kota",
            ["sip_ke"] = "1",
        },
        [PermitCatalog.Apotek] = new Dictionary<string, string>
        {
            ["jenis_permohonan"] = "Baru",
            ["nama_apotek"] = "Apotek Waras",
            ["alamat_apotek"] = "Jl. Pahlawan No. 5",
            ["nama_apoteker"] = "apt. Siti Aminah, S.Farm.",
            ["nomor_stra"] = "19900101/STRA-UGM/2015/123456",
            ["status_bangunan"] = "Sewa/kontrak",
            ["luas_bangunan"] = "48",
            ["sumber_modal"] = "Apoteker sendiri",
        },
    };

    /// <summary>Registers on the Daftar page, reached from the navigation bar of the home page.</summary>
    public static async Task<ApplicantSession> RegisterAsync(BrowserFixture fixture, string givenName)
    {
        var (context, page, errors) = await fixture.NewPageAsync();
        var unique = Guid.NewGuid().ToString("N")[..8];
        var session = new ApplicantSession(fixture, context, page, errors, $"{givenName} {unique.ToUpperInvariant()}", $"pemohon-{unique}@contoh.id");
        await page.GotoAsync("/");
        await page.GetByTestId("navbar").GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = Ui.T("Register"), Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = Ui.T("RegisterTitle"), Level = 1 })).ToBeVisibleAsync();

        var nik = "3201" + Random.Shared.NextInt64(1_000_000_000_00, 9_999_999_999_99).ToString(CultureInfo.InvariantCulture);
        session.Nik = nik;
        await page.GetByLabel(Ui.T("FullName"), new PageGetByLabelOptions { Exact = true }).FillAsync(session.Name);
        await page.GetByLabel(Ui.T("Email"), new PageGetByLabelOptions { Exact = true }).FillAsync(session.Email);
        await page.GetByLabel(Ui.T("Nik"), new PageGetByLabelOptions { Exact = true }).FillAsync(nik);
        await page.GetByLabel(Ui.T("Phone"), new PageGetByLabelOptions { Exact = true }).FillAsync("0812 3456 7890");
        await page.GetByLabel(Ui.T("Password"), new PageGetByLabelOptions { Exact = true }).FillAsync(Password);
        await page.GetByLabel(Ui.T("ConfirmPassword"), new PageGetByLabelOptions { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = Ui.T("RegisterSubmit"), Exact = true }).ClickAsync();

        var done = page.GetByRole(AriaRole.Status).Filter(new LocatorFilterOptions { HasText = Ui.T("RegisterDoneTitle") });
        await Expect(done).ToContainTextAsync(session.Email);
        return session;
    }

    /// <summary>A new applicant, registered, confirmed and signed in.</summary>
    public static async Task<ApplicantSession> ReadyAsync(BrowserFixture fixture, string givenName)
    {
        var applicant = await RegisterAsync(fixture, givenName);
        await applicant.ConfirmEmailAsync();
        await applicant.SignInAsync(applicant.Email, Password);
        return applicant;
    }

    /// <summary>Opens the link of the confirmation email, as found in the pickup folder.</summary>
    public async Task ConfirmEmailAsync()
    {
        var link = ConfirmationLink();
        await Page.GotoAsync(link.PathAndQuery);
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync(Ui.T("ConfirmDone"));
    }

    /// <summary>
    /// The link in the one message to this applicant. It names the configured public address (PublicBaseUrl); the test
    /// host listens on a free port, so the path and query are opened on it.
    /// </summary>
    public Uri ConfirmationLink()
    {
        var folder = Fixture.Host.PickupFolder;
        var messages = Directory.EnumerateFiles(folder, "*.eml")
            .Select(path => MimeMessage.Load(path))
            .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, Email, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var message = Assert.Single(messages);
        var match = LinkPattern().Match(message.TextBody ?? message.HtmlBody ?? string.Empty);
        Assert.True(match.Success, "No confirmation link in: " + message.TextBody);
        return new Uri(match.Value);
    }

    /// <summary>Picks the permit on the home page's catalogue, fills its form and saves the draft; returns its id.</summary>
    public async Task<Guid> ApplyAsync(PermitType type)
    {
        await Page.GotoAsync("/");
        var card = Page.GetByRole(AriaRole.Article).Filter(new LocatorFilterOptions { HasText = type.Name });
        await card.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = Ui.T("ApplyNow") }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = type.Name, Level = 1 })).ToBeVisibleAsync();

        var values = FormValues[type.Code];
        foreach (var field in type.FormFields.Where(f => values.ContainsKey(f.Key)))
        {
            // A required field's label ends with an asterisk (hidden from screen readers, which announce `required`; the label's
            // text still has it).
            // Regex.Escape writes a space as "\ ", which the browser's unicode-mode regular expressions refuse.
            var input = Page.GetByLabel(new Regex(@"^\s*" + Regex.Escape(field.Label).Replace("\\ ", " ", StringComparison.Ordinal) + @"\s*\*?\s*$"));
            if (field.Type == FormFieldType.Select)
            {
                await input.SelectOptionAsync(values[field.Key]);
            }
            else
            {
                await input.FillAsync(values[field.Key]);
            }
        }

        await Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = Ui.T("SaveDraftContinue") }).ClickAsync();
        await Expect(Flash).ToContainTextAsync(Ui.T("DraftSaved"));
        return Guid.Parse(ApplicationPath().Match(Page.Url).Groups["id"].Value);
    }

    /// <summary>Chooses a file for the requirement and uploads it; waits for the page to show it uploaded.</summary>
    public async Task UploadAsync(Requirement requirement, FilePayload file)
    {
        var item = Page.GetByRole(AriaRole.Listitem).Filter(new LocatorFilterOptions { Has = Page.GetByLabel(Ui.T("ChooseFileFor", requirement.Name), new PageGetByLabelOptions { Exact = true }) });
        await item.GetByLabel(Ui.T("ChooseFileFor", requirement.Name), new LocatorGetByLabelOptions { Exact = true }).SetInputFilesAsync(file);
        await item.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = Ui.T("Upload") }).ClickAsync();
        await Expect(Flash).ToContainTextAsync(Ui.T("UploadDone", file.Name));
        await Expect(Page.GetByRole(AriaRole.Listitem).Filter(new LocatorFilterOptions { HasText = requirement.Name }).GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = file.Name })).ToBeVisibleAsync();
    }

    /// <summary>Uploads a real file for every mandatory requirement except <paramref name="skip"/>, varying the accepted formats.</summary>
    public async Task UploadMandatoryAsync(PermitType type, params string[] skip)
    {
        var turn = 0;
        foreach (var requirement in type.Requirements.Where(r => r.Mandatory && !skip.Contains(r.Key)))
        {
            // Scans go up as JPEG and PNG in turn, so every accepted format crosses the upload at least once.
            var preferred = requirement.AcceptedTypes.Count > 1 ? (turn++ % 2 == 0 ? "jpg" : "png") : null;
            await UploadAsync(requirement, Fixture.Files.For(requirement.Key, requirement.AcceptedTypes, preferred));
        }
    }

    /// <summary>Submits the draft open on the page; lands on its tracking page.</summary>
    public async Task SubmitAsync()
    {
        await Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = Ui.T("SubmitApplication"), Exact = true }).ClickAsync();
        await Expect(Flash).ToContainTextAsync(Ui.T("Submitted"));
        await Expect(Page).ToHaveURLAsync(new Regex("/Pemohon/Lacak/[0-9a-f-]{36}$"));
    }

    /// <summary>A new application of <paramref name="type"/>, filled, complete and submitted through the pages.</summary>
    public async Task<Guid> SubmitNewAsync(PermitType type)
    {
        var id = await ApplyAsync(type);
        await UploadMandatoryAsync(type);
        await SubmitAsync();
        return id;
    }

    /// <summary>Opens the tracking page (Lacak) of the application from the list of the applicant's applications.</summary>
    public async Task OpenTrackingAsync(Guid id)
    {
        await Page.GotoAsync("/Pemohon");
        var row = Page.Locator($"tr[data-id='{id}']");
        await row.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = Ui.T("Track") }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = Ui.T("TimelineHeading") })).ToBeVisibleAsync();
    }

    /// <summary>From the tracking page, fills the satisfaction survey (SKM): every element "very good", plus a suggestion.</summary>
    public async Task FillSurveyAsync(Guid id)
    {
        await OpenTrackingAsync(id);
        await Page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = Ui.T("FillSurvey") }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = Ui.T("SurveyTitle"), Level = 1 })).ToBeVisibleAsync();
        var best = "4 · " + Ui.T("SurveyScore4");
        foreach (var element in SurveyService.Elements)
        {
            var question = Page.GetByTestId("survey-" + element);
            await question.GetByText(best, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            await Expect(question.GetByLabel(best, new LocatorGetByLabelOptions { Exact = true })).ToBeCheckedAsync();
        }

        await Page.GetByLabel(Ui.T("SurveySuggestion")).FillAsync("Pelayanan cepat dan ramah.");
        await Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = Ui.T("SurveySubmit") }).ClickAsync();
        await Expect(Flash).ToContainTextAsync(Ui.T("SurveyThanks"));
    }

    [GeneratedRegex(@"https?://\S+/Akun/Konfirmasi\?\S+", RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();

    [GeneratedRegex("/Pemohon/Permohonan/(?<id>[0-9a-f-]{36})$", RegexOptions.CultureInvariant)]
    private static partial Regex ApplicationPath();
}
