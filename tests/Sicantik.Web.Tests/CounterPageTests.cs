using System.Net;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Applications;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Tests;

/// <summary>The counters' pages as the clerks post them: printing, the kiosk, the handover, and the IKM page.</summary>
public sealed class CounterPageTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    [Fact]
    public async Task TheCountersPages_RecordPrinting_TheKioskSurvey_AndTheHandover_KeepingWhatWasTyped()
    {
        using var office = await Office.CreateAsync(host);
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var application = await Sop.SubmitNewAsync(applicant.Client);
        await Sop.SignAsync(office, application.Id);

        // Step 10: the copies are asked for; none is refused in words, on the same page.
        var print = await Sop.FindTaskAsync(office.Loket4.Client, application.Id, Steps.CetakSk);
        Assert.NotNull(print);
        var printPage = $"/Petugas/Tugas/{print.Id}";
        Assert.Contains("data-testid=\"print-copies\"", await PageForms.GetHtmlAsync(office.Loket4.Client, printPage), StringComparison.Ordinal);
        var noCopies = await PageForms.PostAsync(office.Loket4.Client, printPage, printPage + "?handler=Selesai", [new("Copies", "0"), new("Notes", "Kertas A4")]);
        Assert.Equal(HttpStatusCode.OK, noCopies.Status);
        Assert.Contains("Isi jumlah rangkap SK yang dicetak, 1 sampai 10.", noCopies.Html, StringComparison.Ordinal);
        Assert.Contains("Kertas A4", noCopies.Html, StringComparison.Ordinal);
        var printed = await PageForms.PostAsync(office.Loket4.Client, printPage, printPage + "?handler=Selesai", [new("Copies", "2")]);
        Assert.Equal(HttpStatusCode.Redirect, printed.Status);
        Assert.Equal("/Petugas", printed.Location);

        // Step 11 at the kiosk: only Loker 5 opens it; a missing answer keeps the others; a second survey is refused.
        Assert.NotEqual(HttpStatusCode.OK, (await office.Loket4.Client.GetAsync("/Petugas/Kiosk")).StatusCode);
        Assert.Contains($"/Petugas/Kiosk/Survei/{application.Id}", await PageForms.GetHtmlAsync(office.Loket5.Client, "/Petugas/Kiosk"), StringComparison.Ordinal);
        var kiosk = $"/Petugas/Kiosk/Survei/{application.Id}";
        var eight = Enumerable.Range(1, 8).Select(i => new KeyValuePair<string, string>($"Answers[u{i}]", "3")).ToList();
        var missing = await PageForms.PostAsync(office.Loket5.Client, kiosk, kiosk, eight);
        Assert.Equal(HttpStatusCode.OK, missing.Status);
        Assert.Contains("Beri nilai 1 sampai 4 untuk: Kualitas sarana dan prasarana.", missing.Html, StringComparison.Ordinal);
        Assert.Matches("id=\"u1-3\" value=\"3\" checked=\"checked\"", missing.Html);
        var sent = await PageForms.PostAsync(office.Loket5.Client, kiosk, kiosk, [.. eight, new("Answers[u9]", "3")]);
        Assert.Contains("data-testid=\"kiosk-done\"", sent.Html, StringComparison.Ordinal);
        Assert.Contains("Terima kasih atas penilaian Anda.", sent.Html, StringComparison.Ordinal);
        var again = await PageForms.PostAsync(office.Loket5.Client, kiosk, kiosk, [.. eight, new("Answers[u9]", "1")]);
        Assert.Contains("Survei kepuasan untuk permohonan ini sudah diisi.", again.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"kiosk-form\"", again.Html, StringComparison.Ordinal);

        // Step 12: every broken rule said in words, nothing typed lost; then handed over.
        var handover = await Sop.FindTaskAsync(office.Loket5.Client, application.Id, Steps.SerahkanSk);
        Assert.NotNull(handover);
        var handoverPage = $"/Petugas/Tugas/{handover.Id}";
        Assert.Contains("data-testid=\"handover-fields\"", await PageForms.GetHtmlAsync(office.Loket5.Client, handoverPage), StringComparison.Ordinal);
        KeyValuePair<string, string>[] typed = [new("RecipientName", "Andi Wijaya"), new("RecipientKind", "kuasa"), new("IdentityType", "KTP"), new("IdentityNumber", "32012")];
        var refused = await PageForms.PostAsync(office.Loket5.Client, handoverPage, handoverPage + "?handler=Selesai", typed);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("NIK pada KTP terdiri dari 16 angka.", refused.Html, StringComparison.Ordinal);
        Assert.Contains("Penerima adalah kuasa pemohon: periksa surat kuasanya dan tuliskan nomor atau tanggal surat kuasa.", refused.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"Andi Wijaya\"", refused.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"32012\"", refused.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"kuasa\" checked=\"checked\"", refused.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"KTP\" selected=\"selected\"", refused.Html, StringComparison.Ordinal);
        var handed = await PageForms.PostAsync(office.Loket5.Client, handoverPage, handoverPage + "?handler=Selesai",
            [.. typed[..3], new("IdentityNumber", "3201234567890999"), new("PowerOfAttorney", "Surat kuasa 4 Maret 2030")]);
        Assert.Equal(HttpStatusCode.Redirect, handed.Status);
        Assert.Equal(ApplicationStatus.Issued, (await Tracking.GetAsync(applicant.Client, application.Id)).Status);

        // The IKM page: the kiosk's survey (all 3) gives 75,00, grade C; the CSV link carries the period.
        using var kasi = await host.CreateClerkAsync(SopRoles.KasiPerizinan);
        var ikm = await PageForms.GetHtmlAsync(kasi.Client, "/Laporan/Ikm?Dari=2030-03-01&Sampai=2030-03-31");
        Assert.Contains("data-testid=\"ikm-chart\"", ikm, StringComparison.Ordinal);
        Assert.Contains("<div class=\"display-4 fw-semibold page-title\" data-testid=\"ikm-index\">75,00</div>", ikm, StringComparison.Ordinal);
        Assert.Contains("Mutu C (Kurang Baik)", ikm, StringComparison.Ordinal);
        Assert.Contains("1 responden", ikm, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/reports/ikm/csv?from=2030-03-01&amp;to=2030-03-31\"", ikm, StringComparison.Ordinal);
        var backwards = await PageForms.GetHtmlAsync(kasi.Client, "/Laporan/Ikm?Dari=2030-03-31&Sampai=2030-03-01");
        Assert.Contains("Tanggal akhir periode harus sama dengan atau setelah tanggal awal.", backwards, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await office.Loket5.Client.GetAsync("/Laporan/Ikm")).StatusCode);
    }
}
