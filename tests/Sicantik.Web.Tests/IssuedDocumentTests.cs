using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Sicantik.Documents.Tests.Support;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Issuance;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Web.Api;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Tests;

/// <summary>
/// The documents the office issues along the SOP, as the applicant downloads them and as anyone verifies the signed SK:
/// read back with poppler's pdfsig and pdftotext, never with our own parser alone.
/// </summary>
public sealed partial class IssuedDocumentTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task SignedSk_IsValidAndVerifiable_AndATamperedCopyIsNot()
    {
        using var loket2 = await host.CreateClerkAsync(SopRoles.FoPendaftaran);
        using var analis = await host.CreateClerkAsync(SopRoles.BoAnalis);
        using var kasi = await host.CreateClerkAsync(SopRoles.KasiPerizinan);
        using var kabid = await host.CreateClerkAsync(SopRoles.KabidPerizinan);
        using var kadis = await host.CreateClerkAsync(SopRoles.Kadis);
        using var applicant = await Sop.RegisterApplicantAsync(host, "Ners Wulan Sari");
        using var other = await Sop.RegisterApplicantAsync(host, "Pemohon Lain");
        var application = await Sop.SubmitNewAsync(applicant.Client);
        var documentsPath = $"/api/applications/{application.Id}/issued-documents";
        Assert.Empty(await applicant.Client.GetAsync<List<IssuedDocumentDto>>(documentsPath));

        // Step 5: the receipt, naming the clerk who checked the file.
        host.Clock.Advance(Step);
        await Sop.WorkAsync(loket2, application.Id, Steps.VerifikasiKelengkapan, "lengkap");
        var number = (await applicant.Client.GetAsync<ApplicationDto>($"/api/applications/{application.Id}")).Number!;
        var receipt = Assert.Single(await applicant.Client.GetAsync<List<IssuedDocumentDto>>(documentsPath));
        Assert.Equal(IssuedDocumentKind.TandaTerima, receipt.Kind);
        Assert.Equal(number, receipt.Number);
        Assert.Equal(Steps.TerbitkanTandaTerima, receipt.ElementId);
        var receiptText = await TextAsync(applicant.Client, receipt);
        Assert.Contains(number, receiptText, StringComparison.Ordinal);
        Assert.Contains("Ners Wulan Sari", receiptText, StringComparison.Ordinal);
        Assert.Contains("Petugas " + loket2.Email, receiptText, StringComparison.Ordinal);
        Assert.Contains("Surat Tanda Registrasi (STR) Perawat", receiptText, StringComparison.Ordinal);

        // Steps 6-8: the Kasi's validation issues the Nota Dinas and the draft SK; the Kabid approves.
        host.Clock.Advance(Step);
        await Sop.WorkAsync(analis, application.Id, Steps.VerifikasiBerkas, "sesuai");
        host.Clock.Advance(Step);
        await Sop.WorkAsync(kasi, application.Id, Steps.ValidasiKasi, "valid");
        // The memo and the draft are the office's: staff read them, the applicant neither lists nor downloads them.
        var drafts = await kasi.Client.GetAsync<List<IssuedDocumentDto>>(documentsPath);
        Assert.Equal([IssuedDocumentKind.TandaTerima, IssuedDocumentKind.NotaDinas, IssuedDocumentKind.SkDraft], drafts.Select(d => d.Kind));
        var memo = drafts[1];
        Assert.Matches(@"^500\.16/\d{4}/ND/DPMPTSP/2030$", memo.Number);
        var draft = drafts[2];
        Assert.Matches(@"^503/\d{4}/SK-SIP-PERAWAT/DPMPTSP/2030$", draft.Number);
        var memoText = await TextAsync(kasi.Client, memo);
        Assert.Contains(memo.Number!, memoText, StringComparison.Ordinal);
        Assert.Contains(draft.Number!, memoText, StringComparison.Ordinal);
        Assert.Contains("Draf ini belum ditandatangani", await TextAsync(kasi.Client, draft), StringComparison.Ordinal);
        Assert.Equal([IssuedDocumentKind.TandaTerima], (await applicant.Client.GetAsync<List<IssuedDocumentDto>>(documentsPath)).Select(d => d.Kind));
        await TestApi.ProblemAsync(await applicant.Client.GetAsync(memo.Download), HttpStatusCode.NotFound, "not-found");
        await TestApi.ProblemAsync(await applicant.Client.GetAsync(draft.Download), HttpStatusCode.NotFound, "not-found");
        host.Clock.Advance(Step);
        await Sop.WorkAsync(kabid, application.Id, Steps.PersetujuanKabid, "setuju");

        // Step 9: the Kepala Dinas signs; the signed SK replaces the draft under the same number.
        host.Clock.Advance(Step);
        await Sop.WorkAsync(kadis, application.Id, Steps.TandaTanganKadis, null);
        var issued = await applicant.Client.GetAsync<List<IssuedDocumentDto>>(documentsPath);
        Assert.Equal([IssuedDocumentKind.TandaTerima, IssuedDocumentKind.Sk], issued.Select(d => d.Kind));
        var sk = issued[1];
        Assert.Equal(draft.Number, sk.Number);
        Assert.Equal(host.Clock.GetUtcNow(), sk.IssuedAt);
        var code = sk.VerificationCode;
        Assert.NotNull(code);
        Assert.Matches(VerificationCodePattern(), code);

        // Staff with an SOP role read any application's documents; another applicant finds none of them.
        Assert.Equal(3, (await kasi.Client.GetAsync<List<IssuedDocumentDto>>(documentsPath)).Count);
        await TestApi.ProblemAsync(await other.Client.GetAsync(documentsPath), HttpStatusCode.NotFound, "not-found");
        foreach (var document in issued)
        {
            await TestApi.ProblemAsync(await other.Client.GetAsync(document.Download), HttpStatusCode.NotFound, "not-found");
        }

        await TestApi.ProblemAsync(await host.Anonymous().GetAsync(sk.Download), HttpStatusCode.Unauthorized, "unauthorized");

        // The signed SK: a PDF that pdfsig finds validly signed over the whole document.
        var response = await applicant.Client.GetAsync(sk.Download);
        await TestApi.EnsureAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var signed = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(sk.SizeBytes, signed.Length);
        var (_, pdfsig) = Poppler.Run("pdfsig", Poppler.TempFile(signed, "sk.pdf"));
        Assert.Contains("Signature is Valid", pdfsig, StringComparison.Ordinal);
        Assert.Contains("Total document signed", pdfsig, StringComparison.Ordinal);
        var skText = await TextAsync(applicant.Client, sk);
        Assert.Contains(sk.Number!, skText, StringComparison.Ordinal);
        Assert.Contains("/verifikasi/" + code, skText, StringComparison.Ordinal);
        Assert.Contains("Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan", skText, StringComparison.Ordinal);

        // The public verification, without signing in.
        using var anonymous = host.Anonymous();
        var verified = await anonymous.GetAsync<DecreeVerificationDto>($"/api/verifikasi/{code}");
        Assert.Equal(DecreeStanding.Valid, verified.Standing);
        Assert.True(verified.IsAuthentic);
        Assert.Equal(sk.Number, verified.Number);
        Assert.Equal("Ners Wulan Sari", verified.HolderName);
        Assert.Equal(host.Clock.GetUtcNow(), verified.SignedAt);
        Assert.Equal(new DateOnly(2030, 3, 4), verified.ValidFrom);
        Assert.Equal(new DateOnly(2035, 3, 3), verified.ValidUntil);
        Assert.Equal(verified, await anonymous.GetAsync<DecreeVerificationDto>($"/api/verifikasi/{code.ToLowerInvariant().Replace("-", string.Empty, StringComparison.Ordinal)}"));
        var page = await anonymous.GetStringAsync($"/verifikasi/{code}");
        Assert.Contains("data-standing=\"Valid\"", page, StringComparison.Ordinal);
        Assert.Contains(sk.Number!, page, StringComparison.Ordinal);

        // The original checks out; one changed byte fails pdfsig, the API and the page.
        var original = await CheckAsync(anonymous, code, signed);
        Assert.True(original.IsAuthentic);
        Assert.True(original.MatchesOriginal);
        Assert.True(original.SignatureValid);
        Assert.True(original.CoversWholeDocument);

        var tampered = Tamper(signed);
        var (_, tamperedSig) = Poppler.Run("pdfsig", Poppler.TempFile(tampered, "sk-diubah.pdf"));
        Assert.DoesNotContain("Signature is Valid", tamperedSig, StringComparison.Ordinal);
        Assert.Contains("Digest Mismatch", tamperedSig, StringComparison.Ordinal);
        var changed = await CheckAsync(anonymous, code, tampered);
        Assert.False(changed.IsAuthentic);
        Assert.False(changed.MatchesOriginal);
        Assert.False(changed.SignatureValid);
        Assert.Contains("TIDAK ASLI", changed.Message, StringComparison.Ordinal);

        var pageCheck = await UploadOnPageAsync(code, tampered);
        Assert.Contains("data-authentic=\"false\"", pageCheck, StringComparison.Ordinal);
        Assert.Contains("TIDAK ASLI", pageCheck, StringComparison.Ordinal);
        Assert.Contains("data-authentic=\"true\"", await UploadOnPageAsync(code, signed), StringComparison.Ordinal);

        // Refused uploads say what is wrong.
        using (var text = TestApi.FilePart(new MemoryStream("bukan pdf"u8.ToArray()), "sk.pdf", "application/pdf"))
        {
            await TestApi.ProblemAsync(await anonymous.PostAsync($"/api/verifikasi/{code}/periksa", text), HttpStatusCode.UnsupportedMediaType, "document-type-refused");
        }

        using (var big = TestApi.FilePart(new MemoryStream(new byte[VerificationEndpoints.MaxUploadBytes + 1]), "sk.pdf", "application/pdf"))
        {
            await TestApi.ProblemAsync(await anonymous.PostAsync($"/api/verifikasi/{code}/periksa", big), HttpStatusCode.RequestEntityTooLarge, "document-too-large");
        }

        // An administrator revokes it: the API and the page say so plainly; the reason is required.
        Assert.DoesNotContain("data-testid=\"revoke\"", page, StringComparison.Ordinal);
        using (var adminBrowser = await BrowserAsync(SicantikWebFactory.AdminEmail, SicantikWebFactory.AdminPassword))
        {
            var adminPage = await adminBrowser.GetStringAsync($"/verifikasi/{code}");
            Assert.Contains("data-testid=\"revoke\"", adminPage, StringComparison.Ordinal);
            var noReason = await adminBrowser.PostAsync($"/verifikasi/{code}?handler=Cabut", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = AntiforgeryField().Match(adminPage).Groups["token"].Value,
                ["alasan"] = " ",
            }));
            await TestApi.EnsureAsync(noReason, HttpStatusCode.OK);
            var refused = await noReason.Content.ReadAsStringAsync();
            Assert.Contains("Tuliskan alasan pencabutan SK.", refused, StringComparison.Ordinal);
            Assert.Contains("data-standing=\"Valid\"", refused, StringComparison.Ordinal);
        }

        using var admin = await host.AdminAsync();
        await TestApi.ProblemAsync(await admin.PostAsJsonAsync($"/api/admin/sk/{code}/cabut", new RevokeRequest(" ")), HttpStatusCode.UnprocessableEntity, "notes-required");
        await TestApi.ProblemAsync(await applicant.Client.PostAsJsonAsync($"/api/admin/sk/{code}/cabut", new RevokeRequest("x")), HttpStatusCode.Forbidden, "forbidden");
        host.Clock.Advance(Step);
        const string reason = "Tempat praktik tidak lagi sesuai dengan data permohonan.";
        var revoked = await admin.PostAsync<DecreeVerificationDto>($"/api/admin/sk/{code}/cabut", new RevokeRequest(reason));
        Assert.Equal(DecreeStanding.Revoked, revoked.Standing);
        Assert.False(revoked.IsAuthentic);
        Assert.Equal(host.Clock.GetUtcNow(), revoked.RevokedAt);
        Assert.Equal(reason, (await anonymous.GetAsync<DecreeVerificationDto>($"/api/verifikasi/{code}")).RevokedReason);
        await TestApi.ProblemAsync(await admin.PostAsJsonAsync($"/api/admin/sk/{code}/cabut", new RevokeRequest(reason)), HttpStatusCode.Conflict, "invalid-state");
        var revokedPage = await anonymous.GetStringAsync($"/verifikasi/{code}");
        Assert.Contains("data-standing=\"Revoked\"", revokedPage, StringComparison.Ordinal);
        Assert.Contains("DICABUT", revokedPage, StringComparison.Ordinal);
        Assert.Contains(reason, revokedPage, StringComparison.Ordinal);
        Assert.False((await CheckAsync(anonymous, code, signed)).IsAuthentic);
    }

    [Fact]
    public async Task TaskPage_ListsTheIssuedDocuments_AndGivesTheCounterTheSignedSk()
    {
        using var office = await Office.CreateAsync(host);
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var application = await Sop.SubmitNewAsync(applicant.Client);
        await Sop.SignAsync(office, application.Id);
        var sk = Assert.Single(await applicant.Client.GetAsync<List<IssuedDocumentDto>>($"/api/applications/{application.Id}/issued-documents"), d => d.Kind == IssuedDocumentKind.Sk);

        var print = await Sop.FindTaskAsync(office.Loket4.Client, application.Id, Steps.CetakSk);
        Assert.NotNull(print);
        var html = await PageForms.GetHtmlAsync(office.Loket4.Client, $"/Petugas/Tugas/{print.Id}");

        Assert.Contains("data-testid=\"issued-documents\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"counter-sk\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{sk.Download}\"", html, StringComparison.Ordinal);
        var download = await office.Loket4.Client.GetAsync(sk.Download);
        await TestApi.EnsureAsync(download, HttpStatusCode.OK);
        Assert.Equal(sk.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await download.Content.ReadAsByteArrayAsync())));
    }

    [Fact]
    public async Task UnknownCode_IsSaidPlainly()
    {
        using var anonymous = host.Anonymous();

        await TestApi.ProblemAsync(await anonymous.GetAsync("/api/verifikasi/ZZZZ-2345"), HttpStatusCode.NotFound, "not-found");
        await TestApi.ProblemAsync(await anonymous.GetAsync("/api/verifikasi/bukan-kode"), HttpStatusCode.NotFound, "not-found");
        var page = await anonymous.GetStringAsync("/verifikasi/ZZZZ-2345");
        Assert.Contains("data-standing=\"Unknown\"", page, StringComparison.Ordinal);
        Assert.Contains("tidak dikenal", page, StringComparison.Ordinal);
        Assert.DoesNotContain("verify-upload-form", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadCheck_IsRateLimitedPerAddress_WithAProblemThatSaysWhy()
    {
        await using var limited = host.WithWebHostBuilder(b => b.UseSetting("Sicantik:VerificationUploadsPerMinute", "2"));
        using var anonymous = limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var pdf = "%PDF-1.7\n%%EOF\n"u8.ToArray();

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(DecreeStanding.Unknown, (await CheckAsync(anonymous, "ZZZZ-2345", pdf)).Standing);
        }

        using var form = TestApi.FilePart(new MemoryStream(pdf), "sk.pdf", "application/pdf");
        var refused = await TestApi.ProblemAsync(await anonymous.PostAsync("/api/verifikasi/ZZZZ-2345/periksa", form), HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.Contains("tunggu satu menit", refused.Detail, StringComparison.Ordinal);

        // Reading a code is not limited.
        await TestApi.ProblemAsync(await anonymous.GetAsync("/api/verifikasi/ZZZZ-2345"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task RejectedApplication_KeepsTheRejectionNotaDinasInternal_AndTheApplicantReadsTheReason()
    {
        using var loket2 = await host.CreateClerkAsync(SopRoles.FoPendaftaran);
        using var analis = await host.CreateClerkAsync(SopRoles.BoAnalis);
        using var kasi = await host.CreateClerkAsync(SopRoles.KasiPerizinan);
        using var kabid = await host.CreateClerkAsync(SopRoles.KabidPerizinan);
        using var applicant = await Sop.RegisterApplicantAsync(host);
        using var other = await Sop.RegisterApplicantAsync(host);
        var application = await Sop.SubmitNewAsync(applicant.Client, PermitCatalog.Apotek);
        await Sop.WorkAsync(loket2, application.Id, Steps.VerifikasiKelengkapan, "lengkap");
        await Sop.WorkAsync(analis, application.Id, Steps.VerifikasiBerkas, "sesuai");
        await Sop.WorkAsync(kasi, application.Id, Steps.ValidasiKasi, "valid");
        host.Clock.Advance(Step);
        const string reason = "Jarak apotek dengan apotek terdekat kurang dari ketentuan Peraturan Bupati.";

        await Sop.WorkAsync(kabid, application.Id, Steps.PersetujuanKabid, "tolak", reason);

        // Staff read the rejection Nota Dinas with the Kabid's reason.
        var path = $"/api/applications/{application.Id}/issued-documents";
        var documents = await kasi.Client.GetAsync<List<IssuedDocumentDto>>(path);
        Assert.Equal(
            [IssuedDocumentKind.TandaTerima, IssuedDocumentKind.NotaDinas, IssuedDocumentKind.SkDraft, IssuedDocumentKind.NotaDinasPenolakan],
            documents.Select(d => d.Kind));
        var rejection = documents[3];
        Assert.Equal(Steps.TerbitkanPenolakan, rejection.ElementId);
        Assert.Matches(@"^500\.16/\d{4}/ND/DPMPTSP/2030$", rejection.Number);
        Assert.NotEqual(documents[1].Number, rejection.Number);
        var text = await TextAsync(kasi.Client, rejection);
        Assert.Contains(reason, text, StringComparison.Ordinal);
        Assert.Contains(rejection.Number!, text, StringComparison.Ordinal);

        // The applicant keeps only their receipt: no memo, and no draft that reads as if the permit were granted. A direct
        // download of any of the office's documents is not found, for them as for another applicant.
        var receipt = Assert.Single(await applicant.Client.GetAsync<List<IssuedDocumentDto>>(path));
        Assert.Equal(IssuedDocumentKind.TandaTerima, receipt.Kind);
        foreach (var document in documents.Skip(1))
        {
            await TestApi.ProblemAsync(await applicant.Client.GetAsync(document.Download), HttpStatusCode.NotFound, "not-found");
            await TestApi.ProblemAsync(await other.Client.GetAsync(document.Download), HttpStatusCode.NotFound, "not-found");
        }

        // The tracking page gives the receipt's link and the reason, and no link to the office's documents.
        var tracking = await PageAsync(applicant, $"/Pemohon/Lacak/{application.Id}");
        Assert.Contains("data-testid=\"issued-documents\"", tracking, StringComparison.Ordinal);
        Assert.Contains(receipt.Download, tracking, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(reason), tracking, StringComparison.Ordinal);
        Assert.All(documents.Skip(1), d => Assert.DoesNotContain(d.Download, tracking, StringComparison.Ordinal));
    }

    /// <summary>The document's text as pdftotext reads it, with runs of white space made single spaces.</summary>
    private static async Task<string> TextAsync(HttpClient client, IssuedDocumentDto document)
    {
        var response = await client.GetAsync(document.Download);
        await TestApi.EnsureAsync(response, HttpStatusCode.OK);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal);
        var file = Poppler.TempFile(pdf, document.FileName);
        var (exitCode, output) = Poppler.Run("pdftotext", "-enc", "UTF-8", file, "-");
        Assert.Equal(0, exitCode);
        return Spaces().Replace(output, " ");
    }

    private static async Task<UploadCheckDto> CheckAsync(HttpClient client, string code, byte[] pdf)
    {
        using var form = TestApi.FilePart(new MemoryStream(pdf), "sk.pdf", "application/pdf");
        return await TestApi.ReadAsync<UploadCheckDto>(await client.PostAsync($"/api/verifikasi/{code}/periksa", form));
    }

    /// <summary>Uploads on the public page as a browser does: the form's antiforgery token and its cookie.</summary>
    private async Task<string> UploadOnPageAsync(string code, byte[] pdf)
    {
        using var browser = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await browser.GetStringAsync($"/verifikasi/{code}");
        var token = AntiforgeryField().Match(page).Groups["token"].Value;
        Assert.NotEmpty(token);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "berkas", "sk.pdf");
        var response = await browser.PostAsync($"/verifikasi/{code}", form);
        await TestApi.EnsureAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A page as the person sees it after signing in on the sign-in page (pages use the cookie).</summary>
    private async Task<string> PageAsync(Support.Applicant applicant, string path)
    {
        using var browser = await BrowserAsync(applicant.Email, applicant.Password);
        return await browser.GetStringAsync(path);
    }

    /// <summary>A client with cookies, signed in on the sign-in page as a browser is.</summary>
    private async Task<HttpClient> BrowserAsync(string email, string password)
    {
        var browser = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await browser.GetStringAsync("/Akun/Masuk");
        var token = AntiforgeryField().Match(login).Groups["token"].Value;
        var signIn = await browser.PostAsync("/Akun/Masuk", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Email"] = email,
            ["Password"] = password,
        }));
        Assert.True(signIn.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"sign-in: {(int)signIn.StatusCode}");
        return browser;
    }

    /// <summary>Changes one byte inside the first content stream: the PDF still parses, but no longer matches its signature.</summary>
    private static byte[] Tamper(byte[] pdf)
    {
        var copy = (byte[])pdf.Clone();
        var stream = copy.AsSpan().IndexOf("stream\n"u8);
        Assert.True(stream > 0);
        copy[stream + 20] ^= 0x01;
        return copy;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("^[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$")]
    private static partial Regex VerificationCodePattern();
}
