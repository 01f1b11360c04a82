using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Sicantik.Data;
using Sicantik.Perizinan.Notifications;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Tests.Support;
using Sicantik.Web.Api;
using Sicantik.Web.Tests.Support;
using Sicantik.Workflows.Outbox;

namespace Sicantik.Web.Tests;

/// <summary>
/// The email administration, against a real SMTP server (maildev): templates an administrator edits, previews and resets;
/// the outbox page with a failed message sent again; account emails through the outbox.
/// </summary>
public sealed partial class EmailAdminTests(EmailHost fixture) : IClassFixture<EmailHost>
{
    private const string Template = "diajukan";
    private readonly SicantikWebFactory _host = fixture.Host;
    private readonly Maildev _maildev = fixture.Maildev;

    [Fact]
    public async Task EditedTemplate_IsUsedByTheNextEmail_AndResetPutsTheBuiltInBack()
    {
        using var admin = await _host.AdminAsync();
        using var applicant = await Sop.RegisterApplicantAsync(_host, "Dewi Lestari");
        var builtIn = await admin.GetAsync<EmailTemplateDto>($"/api/admin/email-templates/{Template}");
        Assert.False(builtIn.IsCustom);
        Assert.Equal(EmailTemplates.Default(Template).Subject, builtIn.Subject);

        var edited = new EmailTemplateRequest(
            "Kami terima: {{ izin }} atas nama {{ nama }}",
            "Halo {{ nama }}, permohonan {{ izin }} sudah masuk (templat diubah).",
            "<p>Halo <em>{{ nama }}</em>, permohonan {{ izin }} sudah masuk (templat diubah).</p>");
        using (var saved = await admin.PutAsJsonAsync($"/api/admin/email-templates/{Template}", edited, TestApi.Json))
        {
            var dto = await TestApi.ReadAsync<EmailTemplateDto>(saved);
            Assert.True(dto.IsCustom);
            Assert.Equal(edited.Subject, dto.Subject);
        }

        var first = await Sop.SubmitNewAsync(applicant.Client);
        await DeliverAsync(fixture.Smtp);
        var message = Assert.Single(To(await _maildev.WaitForAsync(1), applicant.Email));
        Assert.Equal(PermitCatalog.SipPerawat, first.PermitTypeCode);
        var typeName = (await applicant.Client.GetAsync<List<PermitTypeDto>>("/api/permit-types")).Single(t => t.Code == PermitCatalog.SipPerawat).Name;
        Assert.Equal($"Kami terima: {typeName} atas nama Dewi Lestari", message.Subject);
        Assert.Contains($"Halo Dewi Lestari, permohonan {typeName} sudah masuk (templat diubah).", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<p>Halo <em>Dewi Lestari</em>", message.HtmlBody, StringComparison.Ordinal);

        // Reset: the built-in template again, for the next email; the edit stays in the history.
        using (var reset = await admin.DeleteAsync($"/api/admin/email-templates/{Template}"))
        {
            var dto = await TestApi.ReadAsync<EmailTemplateDto>(reset);
            Assert.False(dto.IsCustom);
            Assert.Equal(builtIn.Subject, dto.Subject);
            Assert.Equal(builtIn.Text, dto.Text);
            Assert.Equal(builtIn.Html, dto.Html);
            Assert.Equal([true, false], dto.History.Select(h => h.IsReset));
        }

        await Sop.SubmitNewAsync(applicant.Client);
        await DeliverAsync(fixture.Smtp);
        var messages = To(await _maildev.WaitForAsync(2), applicant.Email);
        Assert.Equal(2, messages.Count);
        Assert.Equal($"Permohonan {typeName} telah diajukan", messages[1].Subject);
    }

    [Fact]
    public async Task BrokenTemplate_IsRefusedWithTheParsersMessage_AndNothingIsSaved()
    {
        using var admin = await _host.AdminAsync();
        var before = await admin.GetAsync<EmailTemplateDto>("/api/admin/email-templates/ditolak");

        // A tag left open: the parser's message, with its position, on the text part.
        var unclosed = new EmailTemplateRequest("Permohonan {{ izin }}", "Yth. {{ nama }},\n{% if alasan %}\nAlasan: {{ alasan }}\n", "<p>{{ nama }}</p>");
        var problem = await TestApi.ProblemAsync(
            await admin.PutAsJsonAsync("/api/admin/email-templates/ditolak", unclosed, TestApi.Json), HttpStatusCode.UnprocessableEntity, "email-template-invalid");
        var text = Assert.Single(problem.Errors!["text"]);
        Assert.StartsWith("Isi teks tidak dapat dibaca sebagai Liquid: ", text, StringComparison.Ordinal);
        Assert.Matches(@"\(\d+:\d+\)", text);
        Assert.Contains(text, problem.Detail, StringComparison.Ordinal);
        Assert.False(problem.Errors.ContainsKey("subject"));
        Assert.False(problem.Errors.ContainsKey("html"));

        // A variable the template does not get, an unknown filter, an empty part: refused as well, each on its part.
        var unknown = new EmailTemplateRequest("{{ nama | teriak }}", "Rekening: {{ nomor_rekening }}", " ");
        var refused = await TestApi.ProblemAsync(
            await admin.PutAsJsonAsync("/api/admin/email-templates/ditolak", unknown, TestApi.Json), HttpStatusCode.UnprocessableEntity, "email-template-invalid");
        Assert.Contains("teriak", Assert.Single(refused.Errors!["subject"]), StringComparison.Ordinal);
        Assert.Contains("nomor_rekening", Assert.Single(refused.Errors["text"]), StringComparison.Ordinal);
        Assert.Equal("Isi HTML kosong; isi bagian ini atau kembalikan templat ke bawaan.", Assert.Single(refused.Errors["html"]));

        // Nothing saved: the template and its history are as before, and the preview of a broken one is refused alike.
        var after = await admin.GetAsync<EmailTemplateDto>("/api/admin/email-templates/ditolak");
        Assert.Equal(before.Subject, after.Subject);
        Assert.Equal(before.Text, after.Text);
        Assert.False(after.IsCustom);
        Assert.Empty(after.History);
        await TestApi.ProblemAsync(
            await admin.PostAsJsonAsync("/api/admin/email-templates/ditolak/preview", unclosed, TestApi.Json), HttpStatusCode.UnprocessableEntity, "email-template-invalid");
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SicantikDbContext>();
            Assert.False(await db.Set<EmailTemplateRevision>().AnyAsync(r => r.Key == "ditolak"));
        }

        // The page refuses it the same way and keeps what was typed.
        const string page = "/Admin/Surel/Templat/ditolak";
        var posted = await PageForms.PostAsync(admin, page, page + "?handler=Simpan", [new("Subject", unclosed.Subject!), new("Text", unclosed.Text!), new("Html", unclosed.Html!)]);
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        Assert.Contains("data-testid=\"template-errors\"", posted.Html, StringComparison.Ordinal);
        Assert.Contains(text, WebUtility.HtmlDecode(posted.Html), StringComparison.Ordinal);
        Assert.Contains("{% if alasan %}", WebUtility.HtmlDecode(posted.Html), StringComparison.Ordinal);
        Assert.Empty((await admin.GetAsync<EmailTemplateDto>("/api/admin/email-templates/ditolak")).History);

        // Unknown templates and other callers.
        await TestApi.ProblemAsync(await admin.GetAsync("/api/admin/email-templates/tidak-ada"), HttpStatusCode.NotFound, "not-found");
        using var applicant = await Sop.RegisterApplicantAsync(_host);
        Assert.Equal(HttpStatusCode.Forbidden, (await applicant.Client.GetAsync("/api/admin/email-templates/ditolak")).StatusCode);
    }

    [Fact]
    public async Task Preview_RendersTheTextAndHtmlParts_OnTheBuiltInSample()
    {
        using var admin = await _host.AdminAsync();
        var typed = new EmailTemplateRequest(
            "Pratinjau {{ nomor_pendaftaran }}",
            "Yth. {{ nama }}, nomor {{ nomor_pendaftaran }}.{% if catatan %} Catatan: {{ catatan }}{% endif %}",
            "<p>Yth. <b>{{ nama }}</b> &mdash; {{ izin }}</p>");
        var preview = await admin.PostAsync<EmailPreviewDto>("/api/admin/email-templates/terdaftar/preview", typed);
        Assert.Equal("Pratinjau 503/0001/DPMPTSP/2026", preview.Subject);
        Assert.StartsWith("Yth. Siti Rahmawati, nomor 503/0001/DPMPTSP/2026. Catatan: Scan KTP tidak terbaca; unggah ulang KTP yang jelas.\n--\nDPMPTSP\n", preview.Text, StringComparison.Ordinal);
        Assert.Contains("<title>Pratinjau 503/0001/DPMPTSP/2026</title>", preview.Html, StringComparison.Ordinal);
        Assert.Contains("<p>Yth. <b>Siti Rahmawati</b> &mdash; Surat Izin Praktik Perawat</p>", preview.Html, StringComparison.Ordinal);

        // Nothing sent, nothing saved; without a body, the template in use (the built-in one) is previewed.
        Assert.False((await admin.GetAsync<EmailTemplateDto>("/api/admin/email-templates/terdaftar")).IsCustom);
        var current = await admin.PostAsync<EmailPreviewDto>("/api/admin/email-templates/terdaftar/preview", null);
        Assert.Equal("Tanda terima pendaftaran 503/0001/DPMPTSP/2026", current.Subject);
        Assert.Contains("Nomor pendaftaran: 503/0001/DPMPTSP/2026", current.Text, StringComparison.Ordinal);

        // On a real application instead, by its id; an unknown one is refused.
        using var applicant = await Sop.RegisterApplicantAsync(_host, "Budi Santoso");
        var application = await Sop.SubmitNewAsync(applicant.Client);
        var typeName = (await applicant.Client.GetAsync<List<PermitTypeDto>>("/api/permit-types")).Single(t => t.Code == application.PermitTypeCode).Name;
        var real = await admin.PostAsync<EmailPreviewDto>($"/api/admin/email-templates/terdaftar/preview?application={application.Id}", typed);
        Assert.StartsWith("Yth. Budi Santoso, nomor .\n--\nDPMPTSP\n", real.Text, StringComparison.Ordinal);
        Assert.Contains($"/Pemohon/Lacak/{application.Id:D}", real.Text, StringComparison.Ordinal);
        Assert.Contains($"<p>Yth. <b>Budi Santoso</b> &mdash; {WebUtility.HtmlEncode(typeName)}</p>", real.Html, StringComparison.Ordinal);
        await TestApi.ProblemAsync(
            await admin.PostAsJsonAsync("/api/admin/email-templates/terdaftar/preview?application=503/9999/TIDAK-ADA", typed, TestApi.Json), HttpStatusCode.NotFound, "not-found");

        // The page: the variables listed, the text part as text, the HTML part in a sandboxed frame's srcdoc.
        const string page = "/Admin/Surel/Templat/terdaftar";
        var html = await PageForms.GetHtmlAsync(admin, page);
        Assert.Contains("<code>{{ nomor_pendaftaran }}</code>", html, StringComparison.Ordinal);
        var posted = await PageForms.PostAsync(admin, page, page + "?handler=Pratinjau", [new("Subject", typed.Subject!), new("Text", typed.Text!), new("Html", typed.Html!)]);
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        var frame = Frame().Match(posted.Html);
        Assert.True(frame.Success, "no sandboxed preview frame");
        Assert.Contains("<b>Siti Rahmawati</b>", WebUtility.HtmlDecode(frame.Groups["doc"].Value), StringComparison.Ordinal);
        Assert.Contains("Yth. Siti Rahmawati, nomor 503/0001/DPMPTSP/2026.", WebUtility.HtmlDecode(posted.Html), StringComparison.Ordinal);
        Assert.False((await admin.GetAsync<EmailTemplateDto>("/api/admin/email-templates/terdaftar")).IsCustom);
    }

    [Fact]
    public async Task OutboxPage_ListsAFailedMessage_AndResendDeliversItOnce()
    {
        var smtp = fixture.Smtp;
        using var admin = await _host.AdminAsync();
        using var applicant = await Sop.RegisterApplicantAsync(_host);
        Guid id;
        await _maildev.StopAsync();
        try
        {
            await Sop.SubmitNewAsync(applicant.Client);
            await DeliverAsync(smtp);
            _host.Clock.Advance(TimeSpan.FromMinutes(1));
            await DeliverAsync(smtp);
            id = Assert.Single(await admin.GetAsync<List<OutboxMessageDto>>("/api/admin/outbox?state=failed"), m => m.To == applicant.Email).Id;

            var listed = await PageForms.GetHtmlAsync(admin, "/Admin/Surel/KotakKeluar?status=failed");
            var row = Row(listed, id);
            Assert.Contains("data-state=\"Failed\"", row, StringComparison.Ordinal);
            Assert.Contains(applicant.Email, row, StringComparison.Ordinal);
            Assert.Contains("telah diajukan", row, StringComparison.Ordinal);
            Assert.Contains("<td>2</td>", row, StringComparison.Ordinal);
            Assert.Contains("data-testid=\"outbox-resend\"", row, StringComparison.Ordinal);
            Assert.DoesNotContain("data-state=\"Delivered\"", listed, StringComparison.Ordinal);
            Assert.Contains("data-state=\"Delivered\"", await PageForms.GetHtmlAsync(admin, "/Admin/Surel/KotakKeluar"), StringComparison.Ordinal);
        }
        finally
        {
            await _maildev.StartAsync();
        }

        var resent = await PageForms.PostAsync(admin, "/Admin/Surel/KotakKeluar?status=failed", "/Admin/Surel/KotakKeluar?handler=KirimUlang&status=failed", [new("id", id.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, resent.Status);
        Assert.True(await DeliverOneAsync(smtp, id));
        Assert.False(await DeliverOneAsync(smtp, id));
        var received = To(await _maildev.WaitForAsync(1), applicant.Email);
        Assert.Equal($"{id:N}.outbox@sicantik.local", Assert.Single(received).MessageId);
        Assert.Contains("data-state=\"Delivered\"", Row(await PageForms.GetHtmlAsync(admin, "/Admin/Surel/KotakKeluar"), id), StringComparison.Ordinal);

        // A message that is not failed is not sent again from the page either.
        var again = await PageForms.PostAsync(admin, "/Admin/Surel/KotakKeluar", "/Admin/Surel/KotakKeluar?handler=KirimUlang", [new("id", id.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, again.Status);
        Assert.False(await DeliverOneAsync(smtp, id));
        Assert.Single(To(await _maildev.MessagesAsync(), applicant.Email));
    }

    [Fact]
    public async Task RegistrationConfirmation_GoesThroughTheOutbox_AndArrivesOnce_WhenTheServerWasDownAtRegistration()
    {
        var smtp = fixture.Smtp;
        var email = $"{_host.Unique("daftar")}@contoh.id";
        RegisterResponse registered;
        await _maildev.StopAsync();
        try
        {
            using var anonymous = smtp.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            registered = await anonymous.PostAsync<RegisterResponse>(
                "/api/account/register",
                new RegisterRequest("Rina Kartika", email, Sop.Password, "3201234567890123", null, "0812 3456 7890"),
                HttpStatusCode.Created);
        }
        finally
        {
            await _maildev.StartAsync();
        }

        // Kept in the outbox after the attempt made at once failed; nothing in the pickup folder.
        OutboxMessage message;
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SicantikDbContext>();
            var all = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Topic == EmailTopic.Name).ToListAsync();
            message = Assert.Single(all, m => EmailPayload.FromJson(m.Payload)?.To == email);
        }

        Assert.Equal(OutboxState.Pending, message.State);
        Assert.Equal(1, message.Attempts);
        Assert.False(string.IsNullOrEmpty(message.LastError));
        Assert.Equal(registered.UserId, EmailPayload.FromJson(message.Payload)!.RecipientUserId);
        Assert.Empty(_host.Mailbox.To(email));

        // The server is back: the next attempt delivers it, once.
        Assert.False(await DeliverOneAsync(smtp, message.Id));
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await DeliverOneAsync(smtp, message.Id));
        Assert.False(await DeliverOneAsync(smtp, message.Id));
        await DeliverAsync(smtp);
        var received = Assert.Single(To(await _maildev.WaitForAsync(1), email));
        Assert.Equal($"{message.Id:N}.outbox@sicantik.local", received.MessageId);
        Assert.Equal("Konfirmasi email akun Sicantik Anda", received.Subject);

        // Its link confirms the address.
        var link = new Uri(ConfirmationLink().Match(received.TextBody ?? string.Empty).Value);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query);
        Assert.Equal(registered.UserId, query["userId"].ToString());
        using var client = _host.Anonymous();
        await TestApi.EnsureAsync(await client.PostAsJsonAsync("/api/account/confirm-email", new ConfirmEmailRequest(query["userId"].ToString(), query["code"].ToString())), HttpStatusCode.NoContent);
        using var signedIn = await _host.SignInAsync(email, Sop.Password);
    }

    /// <summary>What the outbox job does, driven here: every due message, through the SMTP host's outbox service.</summary>
    private static async Task<int> DeliverAsync(WebApplicationFactory<Program> smtp)
    {
        await using var scope = smtp.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxService>().DeliverDueAsync();
    }

    /// <summary>What the job of one message does: that message, through the SMTP host's outbox service.</summary>
    private static async Task<bool> DeliverOneAsync(WebApplicationFactory<Program> smtp, Guid id)
    {
        await using var scope = smtp.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxService>().DeliverAsync(id);
    }

    private static List<MimeMessage> To(IEnumerable<MimeMessage> messages, string address) =>
        messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    private static string Row(string html, Guid id)
    {
        var start = html.IndexOf($"data-id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no outbox row for {id}");
        var end = html.IndexOf("</tr>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    [GeneratedRegex("<iframe[^>]*sandbox=\"\"[^>]*srcdoc=\"(?<doc>[^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex Frame();

    [GeneratedRegex(@"https?://\S+/Akun/Konfirmasi\?\S+", RegexOptions.CultureInvariant)]
    private static partial Regex ConfirmationLink();
}
