using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Sicantik.Data;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Documents;
using Sicantik.Perizinan.Notifications;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Tests.Support;
using Sicantik.Web.Api;
using Sicantik.Web.Tests.Support;
using Sicantik.Workflows.Outbox;

namespace Sicantik.Web.Tests;

/// <summary>
/// The applicant's status emails, end to end against a real SMTP server (maildev): written to the outbox with each status
/// change, delivered by the outbox service the Hangfire job calls (driven here, the factory runs no job server), and
/// listed on the applicant's tracking view.
/// </summary>
public sealed partial class ApplicantEmailTests(EmailHost fixture) : IClassFixture<EmailHost>
{
    private readonly SicantikWebFactory _host = fixture.Host;
    private readonly Maildev _maildev = fixture.Maildev;

    private static readonly TimeSpan Step = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task StatusEmails_ReachTheApplicantInOrder_WhenTheSopRunsThroughEveryChange()
    {
        var smtp = fixture.Smtp;
        using var office = await Office.CreateAsync(_host);
        using var applicant = await Sop.RegisterApplicantAsync(_host, "Siti Rahmawati");
        using var refusedApplicant = await Sop.RegisterApplicantAsync(_host, "Budi Santoso");
        var types = await applicant.Client.GetAsync<List<PermitTypeDto>>("/api/permit-types");
        var sipp = types.Single(t => t.Code == PermitCatalog.SipPerawat).Name;
        var apotek = types.Single(t => t.Code == PermitCatalog.Apotek).Name;

        // Submitted; returned incomplete with the clerk's notes; completed and registered; returned for correction.
        var application = await Sop.SubmitNewAsync(applicant.Client);
        var refused = await Sop.SubmitNewAsync(refusedApplicant.Client, PermitCatalog.Apotek);
        _host.Clock.Advance(Step);
        const string missing = "Scan KTP tidak terbaca; unggah ulang KTP yang jelas.";
        await Sop.WorkAsync(office.Loket2, application.Id, Steps.VerifikasiKelengkapan, "tidak-lengkap", missing);
        var current = await applicant.Client.GetAsync<ApplicationDto>($"/api/applications/{application.Id}");
        await Sop.UploadAsync(applicant.Client, application.Id, current.Checklist!.Single(r => r.Key == "ktp"), turn: 1, seed: "ktp jelas");
        _host.Clock.Advance(Step);
        await applicant.Client.PostAsync<ApplicationDto>($"/api/applications/{application.Id}/resubmit", null);
        _host.Clock.Advance(Step);
        await Sop.WorkAsync(office.Loket2, application.Id, Steps.VerifikasiKelengkapan, "lengkap");
        await Sop.WorkAsync(office.Loket2, refused.Id, Steps.VerifikasiKelengkapan, "lengkap");
        _host.Clock.Advance(Step);
        const string correct = "Nama pada STR berbeda dengan KTP; lampirkan STR yang sesuai.";
        await Sop.WorkAsync(office.Analis, application.Id, Steps.VerifikasiBerkas, "tidak-sesuai", correct);
        await Sop.UploadAsync(applicant.Client, application.Id, current.Checklist!.Single(r => r.Key == "str"), seed: "str sesuai");
        _host.Clock.Advance(Step);
        await applicant.Client.PostAsync<ApplicationDto>($"/api/applications/{application.Id}/resubmit", null);

        // Approved and signed (ready for pickup), rejected with the reason; printed, surveyed and handed over.
        _host.Clock.Advance(Step);
        await Sop.WorkAsync(office.Analis, application.Id, Steps.VerifikasiBerkas, "sesuai");
        await Sop.WorkAsync(office.Analis, refused.Id, Steps.VerifikasiBerkas, "sesuai");
        await Sop.WorkAsync(office.Kasi, application.Id, Steps.ValidasiKasi, "valid");
        await Sop.WorkAsync(office.Kasi, refused.Id, Steps.ValidasiKasi, "valid");
        _host.Clock.Advance(Step);
        const string reason = "Lokasi apotek berada dalam radius yang tidak diizinkan menurut Perda tata ruang.";
        await Sop.WorkAsync(office.Kabid, refused.Id, Steps.PersetujuanKabid, "tolak", reason);
        await Sop.WorkAsync(office.Kabid, application.Id, Steps.PersetujuanKabid, "setuju");
        _host.Clock.Advance(Step);
        await Sop.WorkAsync(office.Kadis, application.Id, Steps.TandaTanganKadis, null);
        _host.Clock.Advance(Step);
        await Sop.PrintAsync(office.Loket4, application.Id);
        var answers = Enumerable.Range(1, 9).ToDictionary(i => $"u{i}", _ => 4);
        await TestApi.EnsureAsync(await applicant.Client.PostAsJsonAsync($"/api/applications/{application.Id}/survey", new SurveyRequest(answers, null)), HttpStatusCode.NoContent);
        _host.Clock.Advance(Step);
        await Sop.HandOverAsync(office.Loket5, application.Id);

        // Nothing left the building yet: the steps only wrote to the outbox. The tracking view says so.
        var waiting = await Tracking.GetAsync(applicant.Client, application.Id);
        Assert.Equal(6, waiting.Emails.Count);
        Assert.All(waiting.Emails, e => Assert.Equal(SentEmailState.Waiting, e.State));
        Assert.All(waiting.Emails, e => Assert.Equal("menunggu", e.StateText));

        await DeliverAsync(smtp);
        var number = (await Tracking.GetAsync(applicant.Client, application.Id)).Number;
        var refusedNumber = (await Tracking.GetAsync(refusedApplicant.Client, refused.Id)).Number;
        var all = await _maildev.WaitForAsync(9);
        var mine = To(all, applicant.Email);
        Assert.Equal(
            [
                $"Permohonan {sipp} telah diajukan",
                $"Lengkapi berkas permohonan {sipp}",
                $"Tanda terima pendaftaran {number}",
                $"Perbaiki berkas permohonan {sipp} ({number})",
                $"SK {sipp} siap diambil ({number})",
                $"SK {sipp} telah diserahkan ({number})",
            ],
            mine.Select(m => m.Subject));
        Assert.Equal(
            [$"Permohonan {apotek} telah diajukan", $"Tanda terima pendaftaran {refusedNumber}", $"Permohonan {apotek} ({refusedNumber}) ditolak"],
            To(all, refusedApplicant.Email).Select(m => m.Subject));

        // Each has both parts, in Bahasa Indonesia, with what the change needs the applicant to know.
        Assert.All(mine, m =>
        {
            Assert.StartsWith("Yth. Siti Rahmawati,", m.TextBody, StringComparison.Ordinal);
            Assert.Contains("<p>Yth. Siti Rahmawati,</p>", m.HtmlBody, StringComparison.Ordinal);
            Assert.Contains($"/Pemohon/Lacak/{application.Id}", m.TextBody, StringComparison.Ordinal);
        });
        Assert.Contains(missing, mine[1].TextBody, StringComparison.Ordinal);
        Assert.Contains(correct, mine[3].TextBody, StringComparison.Ordinal);
        Assert.Contains($"Nomor pendaftaran: {number}", mine[2].TextBody, StringComparison.Ordinal);
        Assert.Contains($"/Pemohon/Survei/{application.Id}", mine[4].TextBody, StringComparison.Ordinal);
        Assert.Contains("Loker 5", mine[4].TextBody, StringComparison.Ordinal);
        Assert.Contains(reason, To(all, refusedApplicant.Email)[2].TextBody, StringComparison.Ordinal);

        // The receipt goes with the registration: the issued PDF, read from the file store when sent. The other messages
        // carry nothing; the rejection's Nota Dinas is the office's internal memo, so the rejection carries its reason only.
        var receipt = Assert.Single(mine[2].Attachments.OfType<MimePart>());
        Assert.Equal("application/pdf", receipt.ContentType.MimeType);
        Assert.Contains("terlampir", mine[2].TextBody, StringComparison.Ordinal);
        Assert.Empty(To(all, refusedApplicant.Email)[2].Attachments);
        Assert.DoesNotContain("Nota Dinas", To(all, refusedApplicant.Email)[2].TextBody, StringComparison.Ordinal);
        Assert.All(mine.Where((_, i) => i != 2), m => Assert.Empty(m.Attachments));
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var files = scope.ServiceProvider.GetRequiredService<IFileStore>();
            foreach (var part in new[] { receipt })
            {
                using var received = new MemoryStream();
                await part.Content!.DecodeToAsync(received);
                var sha = Convert.ToHexStringLower(SHA256.HashData(received.ToArray()));
                Assert.True(await files.ExistsAsync(sha), part.FileName);
                Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(received.ToArray(), 0, 4), StringComparison.Ordinal);
            }
        }

        // The tracking view lists what was sent, with the Message-ID made from the outbox message's id.
        var tracked = await Tracking.GetAsync(applicant.Client, application.Id);
        Assert.Equal(mine.Select(m => m.Subject), tracked.Emails.Select(e => e.Subject));
        Assert.All(tracked.Emails, e => Assert.Equal(SentEmailState.Sent, e.State));
        Assert.All(tracked.Emails, e => Assert.Equal("terkirim", e.StateText));
        Assert.Equal(tracked.Emails.Select(e => $"{e.Id:N}.outbox@sicantik.local"), mine.Select(m => m.MessageId));
        Assert.Equal(3, (await Tracking.GetAsync(refusedApplicant.Client, refused.Id)).Emails.Count);

        // The tracking page lists them as well, each with its state.
        var page = WebUtility.HtmlDecode(await PageAsync(applicant, $"/Pemohon/Lacak/{application.Id}"));
        Assert.Equal(6, page.Split("data-testid=\"email\" data-state=\"Sent\"").Length - 1);
        Assert.All(mine, m => Assert.Contains(m.Subject ?? "?", page, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryEmailArrivesOnce_WhenTheMailServerStopsMidRunAndComesBack()
    {
        var smtp = fixture.Smtp;
        using var loket2 = await _host.CreateClerkAsync(SopRoles.FoPendaftaran);
        using var analis = await _host.CreateClerkAsync(SopRoles.BoAnalis);
        using var admin = await _host.AdminAsync();
        using var applicant = await Sop.RegisterApplicantAsync(_host);
        var application = await Sop.SubmitNewAsync(applicant.Client);
        await DeliverAsync(smtp);
        var before = To(await _maildev.WaitForAsync(1), applicant.Email);
        Assert.Single(before);

        // The server goes away: the receipt's email fails, is retried after its back-off, fails again and is kept as failed.
        await _maildev.StopAsync();
        try
        {
            _host.Clock.Advance(Step);
            await Sop.WorkAsync(loket2, application.Id, Steps.VerifikasiKelengkapan, "lengkap");
            Assert.Equal(0, await DeliverAsync(smtp));
            var retrying = (await Tracking.GetAsync(applicant.Client, application.Id)).Emails;
            Assert.Equal([SentEmailState.Sent, SentEmailState.Waiting], retrying.Select(e => e.State));
            _host.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(0, await DeliverAsync(smtp));
            var failed = (await Tracking.GetAsync(applicant.Client, application.Id)).Emails;
            Assert.Equal(SentEmailState.Failed, failed[1].State);
            Assert.Equal("gagal", failed[1].StateText);

            // The administrator sees it among the failed messages; the next change's email waits its turn meanwhile.
            var listed = await admin.GetAsync<List<OutboxMessageDto>>("/api/admin/outbox?state=failed");
            var item = Assert.Single(listed, m => m.Id == failed[1].Id);
            Assert.Equal(applicant.Email, item.To);
            Assert.Equal(failed[1].Subject, item.Subject);
            Assert.Equal(2, item.Attempts);
            Assert.False(string.IsNullOrEmpty(item.LastError));
            _host.Clock.Advance(Step);
            await Sop.WorkAsync(analis, application.Id, Steps.VerifikasiBerkas, "tidak-sesuai", "Lampirkan STR yang masih berlaku.");
            Assert.Equal(0, await DeliverAsync(smtp));
        }
        finally
        {
            await _maildev.StartAsync();
        }

        // Back: the waiting one goes at its next attempt, the failed one when the administrator sends it again.
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await DeliverAsync(smtp));
        var failedId = (await Tracking.GetAsync(applicant.Client, application.Id)).Emails[1].Id;
        var resent = await admin.PostAsync<OutboxMessageDto>($"/api/admin/outbox/{failedId}/resend", null);
        Assert.Equal(OutboxState.Pending, resent.State);
        Assert.Equal(1, await DeliverAsync(smtp));
        Assert.Equal(0, await DeliverAsync(smtp));

        var after = To(await _maildev.WaitForAsync(2), applicant.Email);
        var tracked = (await Tracking.GetAsync(applicant.Client, application.Id)).Emails;
        Assert.Equal(3, tracked.Count);
        Assert.All(tracked, e => Assert.Equal(SentEmailState.Sent, e.State));
        var received = before.Concat(after).Select(m => m.MessageId).ToList();
        Assert.Equal(received.Distinct(StringComparer.Ordinal).Count(), received.Count);
        Assert.Equal(tracked.Select(e => $"{e.Id:N}.outbox@sicantik.local").Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));

        // Only a failed message can be sent again; only an administrator may.
        await TestApi.ProblemAsync(await admin.PostAsync($"/api/admin/outbox/{failedId}/resend", null), HttpStatusCode.Conflict, "outbox-message-not-failed");
        Assert.Equal(HttpStatusCode.Forbidden, (await applicant.Client.GetAsync("/api/admin/outbox")).StatusCode);
    }

    [Fact]
    public async Task Attachment_IsReadFromTheFileStore_WhenTheMessageIsSent()
    {
        var smtp = fixture.Smtp;
        var address = $"{_host.Unique("lampiran")}@contoh.id";
        var content = TestFiles.Pdf(4096, "tanda terima");
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        var id = Guid.CreateVersion7(_host.Clock.GetUtcNow());
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            copy.Position = 0;
            var stored = await scope.ServiceProvider.GetRequiredService<IFileStore>().SaveAsync(copy);
            var payload = new EmailPayload
            {
                To = address,
                ToName = "Pemohon Uji",
                Subject = "Tanda terima pendaftaran 503/0001/DPMPTSP/2030",
                Text = "Tanda terima terlampir.",
                Html = "<p>Tanda terima terlampir.</p>",
                Attachments = [new EmailAttachment(stored.Sha256, "tanda-terima.pdf", "application/pdf")],
            };
            var db = scope.ServiceProvider.GetRequiredService<SicantikDbContext>();
            db.Set<OutboxMessage>().Add(new OutboxMessage
            {
                Id = id,
                Topic = EmailTopic.Name,
                Payload = payload.ToJson(),
                State = OutboxState.Pending,
                CreatedAt = _host.Clock.GetUtcNow(),
                NextAttemptAt = _host.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }

        await using (var scope = smtp.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<OutboxService>().DeliverAsync(id));
        }

        var message = Assert.Single(To(await _maildev.WaitForAsync(1), address));
        var attachment = Assert.Single(message.Attachments.OfType<MimePart>());
        Assert.Equal("tanda-terima.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using var received = new MemoryStream();
        await attachment.Content!.DecodeToAsync(received);
        Assert.Equal(SHA256.HashData(copy.ToArray()), SHA256.HashData(received.ToArray()));
        Assert.Equal("Tanda terima terlampir.", message.TextBody?.Trim());
        Assert.Equal("<p>Tanda terima terlampir.</p>", message.HtmlBody?.Trim());
    }

    /// <summary>What the outbox job does, driven here: every due message, through the SMTP host's outbox service.</summary>
    private static async Task<int> DeliverAsync(WebApplicationFactory<Program> smtp)
    {
        await using var scope = smtp.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxService>().DeliverDueAsync();
    }

    /// <summary>A page as the applicant sees it after signing in on the sign-in page (pages use the cookie).</summary>
    private async Task<string> PageAsync(Applicant applicant, string path)
    {
        using var browser = _host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await browser.GetStringAsync("/Akun/Masuk");
        var token = AntiforgeryField().Match(login).Groups["token"].Value;
        using var signIn = await browser.PostAsync("/Akun/Masuk", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Email"] = applicant.Email,
            ["Password"] = applicant.Password,
        }));
        Assert.True(signIn.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"sign-in: {(int)signIn.StatusCode}");
        return await browser.GetStringAsync(path);
    }

    private static List<MimeMessage> To(IEnumerable<MimeMessage> messages, string address) =>
        messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
