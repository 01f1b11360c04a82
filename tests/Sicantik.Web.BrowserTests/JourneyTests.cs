using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sicantik.Perizinan;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Web.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Sicantik.Web.BrowserTests;

/// <summary>The SOP walked through the pages by the people in it: the applicant in the portal, each clerk in their inbox.</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class JourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Journey_IssuesThePermit_WhenEveryClerkCompletesTheirTask()
    {
        var type = PermitCatalog.SuratIzinPraktikPerawat();
        var sessions = new List<Session>();
        try
        {
            // Steps 1-2: register, try to sign in too early, confirm through the emailed link, sign in.
            var applicant = await ApplicantSession.RegisterAsync(browser, "Siti Rahmawati");
            sessions.Add(applicant);
            await applicant.Page.GotoAsync("/Akun/Masuk");
            await applicant.Page.GetByLabel(Ui.T("Email"), new PageGetByLabelOptions { Exact = true }).FillAsync(applicant.Email);
            await applicant.Page.GetByLabel(Ui.T("Password"), new PageGetByLabelOptions { Exact = true }).FillAsync(ApplicantSession.Password);
            await applicant.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = Ui.T("SignIn"), Exact = true }).ClickAsync();
            await Expect(applicant.Page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
            await Expect(applicant.Page.GetByTestId("nav-user")).ToHaveCountAsync(0);
            await applicant.ConfirmEmailAsync();
            await applicant.SignInAsync(applicant.Email, ApplicantSession.Password);

            // Step 3: the catalogue, the form, the draft; step 4: every mandatory requirement, then submission.
            await applicant.Page.GotoAsync("/#katalog");
            await Expect(applicant.Page.GetByRole(AriaRole.Article)).ToHaveCountAsync(PermitCatalog.All().Count);
            await BrowserFixture.ScreenshotAsync(applicant.Page, "portal-katalog");
            var id = await applicant.ApplyAsync(type);
            await applicant.UploadMandatoryAsync(type);
            foreach (var requirement in type.Requirements.Where(r => r.Mandatory))
            {
                await Expect(applicant.Page.GetByTestId("requirement-" + requirement.Key)).ToContainTextAsync(Ui.T("Uploaded"));
            }

            await BrowserFixture.ScreenshotAsync(applicant.Page, "portal-permohonan");
            await applicant.SubmitAsync();
            await Expect(applicant.Page.GetByTestId("status-text")).ToHaveTextAsync(new Regex("^Status: "));

            // Steps 5-9: each role takes the task from its inbox and decides.
            var loket2 = await ClerkSession.SignInAsync(browser, SopRoles.FoPendaftaran);
            sessions.Add(loket2);
            await loket2.OpenInboxAsync();
            await Expect(loket2.RowFor(applicant.Name, Steps.VerifikasiKelengkapan)).ToHaveCountAsync(1);
            await BrowserFixture.ScreenshotAsync(loket2.Page, "petugas-kotak-tugas");
            await loket2.ClaimAsync(applicant.Name, Steps.VerifikasiKelengkapan);
            foreach (var requirement in type.Requirements.Where(r => r.Mandatory))
            {
                await Expect(loket2.Page.GetByTestId("check-" + requirement.Key)).ToHaveAttributeAsync("data-uploaded", "true");
            }

            // The first uploaded document (the KTP, a JPEG) opens in the page's viewer.
            var viewer = loket2.Page.GetByTitle(Ui.T("DocumentViewer")).ContentFrame;
            await Expect(viewer.Locator("img")).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(loket2.Page, "petugas-tugas");
            await loket2.CompleteAsync(Steps.VerifikasiKelengkapan, "lengkap");

            foreach (var (role, step, outcome) in new (string, string, string?)[]
            {
                (SopRoles.BoAnalis, Steps.VerifikasiBerkas, "sesuai"),
                (SopRoles.KasiPerizinan, Steps.ValidasiKasi, "valid"),
                (SopRoles.KabidPerizinan, Steps.PersetujuanKabid, "setuju"),
                (SopRoles.Kadis, Steps.TandaTanganKadis, null),
            })
            {
                var clerk = await ClerkSession.SignInAsync(browser, role);
                sessions.Add(clerk);
                await clerk.WorkAsync(applicant.Name, step, outcome);
            }

            // Step 10: the pickup counter prints the signed SK and says how many copies.
            var loket4 = await ClerkSession.SignInAsync(browser, SopRoles.FoPengambilan);
            sessions.Add(loket4);
            await loket4.WorkAsync(applicant.Name, Steps.CetakSk, null, fill: page =>
                page.GetByLabel(Ui.T("PrintCopies"), new PageGetByLabelOptions { Exact = true }).FillAsync("2"));

            // Step 11: the applicant's turn, shown on the tracking page; the counter cannot hand over before it.
            var loket5 = await ClerkSession.SignInAsync(browser, SopRoles.FoPengaduan);
            sessions.Add(loket5);
            await loket5.OpenInboxAsync();
            await Expect(loket5.RowFor(applicant.Name, Steps.SerahkanSk)).ToHaveCountAsync(0);
            await applicant.FillSurveyAsync(id);

            // Step 12: handed over; the permit is issued.
            await loket5.WorkAsync(applicant.Name, Steps.SerahkanSk, null, fill: async page =>
            {
                await page.GetByLabel(Ui.T("HandoverRecipientName"), new PageGetByLabelOptions { Exact = true }).FillAsync(applicant.Name);
                await page.GetByLabel(Ui.T("HandoverKind_pemohon"), new PageGetByLabelOptions { Exact = true }).CheckAsync();
                await page.GetByLabel(Ui.T("HandoverIdentityType"), new PageGetByLabelOptions { Exact = true }).SelectOptionAsync("KTP");
                await page.GetByLabel(Ui.T("HandoverIdentityNumber"), new PageGetByLabelOptions { Exact = true }).FillAsync(applicant.Nik);
            });

            await applicant.OpenTrackingAsync(id);
            var page = applicant.Page;
            await Expect(page.GetByTestId("ending")).ToHaveAttributeAsync("data-kind", "Issued");
            await Expect(page.GetByTestId("status-badge")).ToHaveTextAsync(Ui.T("Status_Issued"));
            await Expect(page.GetByTestId("registration-number")).ToContainTextAsync(new Regex(@"503/\d{4}/DPMPTSP/\d{4}"));
            await Expect(page.GetByTestId("no-action")).ToHaveTextAsync(Ui.T("NothingToDoEnded"));
            var timeline = page.GetByTestId("timeline");
            foreach (var step in new[]
            {
                Steps.VerifikasiKelengkapan, Steps.VerifikasiBerkas, Steps.ValidasiKasi, Steps.PersetujuanKabid,
                Steps.TandaTanganKadis, Steps.CetakSk, Steps.IsiSkm, Steps.SerahkanSk,
            })
            {
                var entry = timeline.GetByRole(AriaRole.Listitem).Filter(new LocatorFilterOptions { HasText = step });
                await Expect(entry).ToHaveCountAsync(1);
                await Expect(entry).ToHaveAttributeAsync("data-state", "Done");
            }

            await Expect(timeline.GetByRole(AriaRole.Listitem).Filter(new LocatorFilterOptions { HasText = Steps.PersetujuanKabid })).ToContainTextAsync(Ui.TrackedOutcome("setuju"));
            await Expect(timeline.GetByRole(AriaRole.Listitem).Last).ToHaveAttributeAsync("data-kind", "Ended");

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

    [Fact]
    public async Task Journey_EndsRejected_WhenTheKabidRefusesWithAReason()
    {
        const string reason = "Lokasi apotek berada dalam radius yang tidak diizinkan menurut Perda tata ruang.";
        var type = PermitCatalog.SuratIzinApotek();
        var sessions = new List<Session>();
        try
        {
            var applicant = await ApplicantSession.ReadyAsync(browser, "Budi Santoso");
            sessions.Add(applicant);
            var id = await applicant.SubmitNewAsync(type);

            foreach (var (role, step, outcome) in new[]
            {
                (SopRoles.FoPendaftaran, Steps.VerifikasiKelengkapan, "lengkap"),
                (SopRoles.BoAnalis, Steps.VerifikasiBerkas, "sesuai"),
                (SopRoles.KasiPerizinan, Steps.ValidasiKasi, "valid"),
            })
            {
                var clerk = await ClerkSession.SignInAsync(browser, role);
                sessions.Add(clerk);
                await clerk.WorkAsync(applicant.Name, step, outcome);
            }

            var kabid = await ClerkSession.SignInAsync(browser, SopRoles.KabidPerizinan);
            sessions.Add(kabid);
            await kabid.ClaimAsync(applicant.Name, Steps.PersetujuanKabid);

            // Refusing without a reason is stopped in the page: the notes are asked for and nothing is posted.
            var refuse = kabid.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = Ui.T("Outcome_tolak"), Exact = true });
            await refuse.ClickAsync();
            await Expect(kabid.Page.GetByLabel(Ui.T("Notes"), new PageGetByLabelOptions { Exact = true })).ToBeFocusedAsync();
            await Expect(kabid.Page.GetByTestId("task-holder")).ToHaveTextAsync(Ui.T("HeldByYou"));
            await kabid.CompleteAsync(Steps.PersetujuanKabid, "tolak", reason);

            // Nothing reaches the Kepala Dinas.
            var kadis = await ClerkSession.SignInAsync(browser, SopRoles.Kadis);
            sessions.Add(kadis);
            await kadis.OpenInboxAsync();
            await Expect(kadis.Rows.Filter(new LocatorFilterOptions { HasText = applicant.Name })).ToHaveCountAsync(0);

            await applicant.OpenTrackingAsync(id);
            var page = applicant.Page;
            var ending = page.GetByTestId("ending");
            await Expect(ending).ToHaveAttributeAsync("data-kind", "Rejected");
            await Expect(ending).ToContainTextAsync(reason);
            await Expect(page.GetByTestId("status-badge")).ToHaveTextAsync(Ui.T("Status_Rejected"));
            var decision = page.GetByTestId("timeline").GetByRole(AriaRole.Listitem).Filter(new LocatorFilterOptions { HasText = Steps.PersetujuanKabid });
            await Expect(decision).ToContainTextAsync(Ui.TrackedOutcome("tolak"));
            await Expect(page.GetByTestId("timeline").GetByRole(AriaRole.Listitem).Filter(new LocatorFilterOptions { HasText = Steps.TandaTanganKadis })).ToHaveCountAsync(0);

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

    [Fact]
    public async Task Submit_ListsTheMissingRequirements_WhenAMandatoryDocumentIsNotUploaded()
    {
        var type = PermitCatalog.SuratIzinPraktikPerawat();
        await using var applicant = await ApplicantSession.ReadyAsync(browser, "Dewi Lestari");
        await applicant.ApplyAsync(type);
        string[] missing = ["str", "pas_foto"];
        await applicant.UploadMandatoryAsync(type, missing);

        await applicant.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = Ui.T("SubmitApplication"), Exact = true }).ClickAsync();

        var refusal = applicant.Page.GetByRole(AriaRole.Alert).Filter(new LocatorFilterOptions { HasText = Ui.T("SubmitRefused") });
        await Expect(refusal).ToBeVisibleAsync();
        var listed = refusal.GetByRole(AriaRole.Listitem);
        await Expect(listed).ToHaveCountAsync(missing.Length);
        foreach (var requirement in type.Requirements.Where(r => missing.Contains(r.Key)))
        {
            await Expect(listed.Filter(new LocatorFilterOptions { HasText = requirement.Name })).ToHaveCountAsync(1);
        }

        // Still a draft, on its own page, with the missing items marked in the checklist.
        await Expect(applicant.Page).ToHaveURLAsync(new Regex("/Pemohon/Permohonan/"));
        await Expect(applicant.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = Ui.T("SubmitApplication"), Exact = true })).ToBeVisibleAsync();
        foreach (var key in missing)
        {
            await Expect(applicant.Page.GetByTestId("requirement-" + key)).ToHaveAttributeAsync("data-uploaded", "false");
        }

        applicant.AssertNoConsoleErrors();
    }
}
