using Sicantik.Perizinan.Notifications;
using Sicantik.Workflows.History;

namespace Sicantik.Perizinan.Tests.Notifications;

public sealed class EmailTemplatesTests
{
    private static readonly Dictionary<string, string?> Values = new(StringComparer.Ordinal)
    {
        ["kantor"] = "DPMPTSP",
        ["nama"] = "Siti <Rahmawati> & Co",
        ["izin"] = "Surat Izin Praktik Perawat",
        ["nomor_pendaftaran"] = "503/0007/DPMPTSP/2030",
        ["nomor_sk"] = "503/0002/SK-SIPP/DPMPTSP/2030",
        ["catatan"] = "Scan KTP tidak terbaca.",
        ["alasan"] = "Lokasi tidak sesuai tata ruang.",
        ["waktu"] = "4 Maret 2030 09.00 WIB",
        ["tautan_lacak"] = "http://localhost:5080/Pemohon/Lacak/1",
        ["tautan_permohonan"] = "http://localhost:5080/Pemohon/Permohonan/1",
        ["tautan_survei"] = "http://localhost:5080/Pemohon/Survei/1",
        ["ada_lampiran"] = null,
    };

    [Theory]
    [InlineData(ApplicantEmailKind.Submitted, "Permohonan Surat Izin Praktik Perawat telah diajukan")]
    [InlineData(ApplicantEmailKind.ReturnedForCompletion, "Lengkapi berkas permohonan Surat Izin Praktik Perawat")]
    [InlineData(ApplicantEmailKind.ReturnedForCorrection, "Perbaiki berkas permohonan Surat Izin Praktik Perawat (503/0007/DPMPTSP/2030)")]
    [InlineData(ApplicantEmailKind.Registered, "Tanda terima pendaftaran 503/0007/DPMPTSP/2030")]
    [InlineData(ApplicantEmailKind.Rejected, "Permohonan Surat Izin Praktik Perawat (503/0007/DPMPTSP/2030) ditolak")]
    [InlineData(ApplicantEmailKind.SkSigned, "SK Surat Izin Praktik Perawat siap diambil (503/0007/DPMPTSP/2030)")]
    [InlineData(ApplicantEmailKind.HandedOver, "SK Surat Izin Praktik Perawat telah diserahkan (503/0007/DPMPTSP/2030)")]
    public async Task Render_GivesSubjectTextAndHtml_ForEveryKind(ApplicantEmailKind kind, string subject)
    {
        var rendered = await new EmailTemplates().RenderAsync(EmailTemplates.NameOf(kind), Values);

        Assert.Equal(subject, rendered.Subject);
        // The text part as written, the HTML part encoded, both with the greeting, the layout's footer and the tracking link.
        Assert.StartsWith("Yth. Siti <Rahmawati> & Co,", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("Pantau permohonan Anda: http://localhost:5080/Pemohon/Lacak/1", rendered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<p>", rendered.Text, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("<p>Yth. Siti &lt;Rahmawati&gt; &amp; Co,</p>", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("<title>" + subject.Replace("(", "(", StringComparison.Ordinal), rendered.Html.Replace("&#x2F;", "/", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("href=\"http://localhost:5080/Pemohon/Lacak/1\"", rendered.Html.Replace("&#x2F;", "/", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("{{", rendered.Text + rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_PutsTheNotesAndTheReasonInBothParts()
    {
        var templates = new EmailTemplates();
        var returned = await templates.RenderAsync("lengkapi-berkas", Values);
        var rejected = await templates.RenderAsync("ditolak", Values);

        Assert.Contains("Catatan petugas:\nScan KTP tidak terbaca.", returned.Text, StringComparison.Ordinal);
        Assert.Contains(">Scan KTP tidak terbaca.</blockquote>", returned.Html, StringComparison.Ordinal);
        Assert.Contains("Alasan penolakan:\nLokasi tidak sesuai tata ruang.", rejected.Text, StringComparison.Ordinal);
        Assert.Contains(">Lokasi tidak sesuai tata ruang.</blockquote>", rejected.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_MentionsTheReceipt_OnlyWhenOneIsAttached()
    {
        var templates = new EmailTemplates();
        var without = await templates.RenderAsync("terdaftar", Values);
        var with = await templates.RenderAsync("terdaftar", new Dictionary<string, string?>(Values) { ["ada_lampiran"] = "ya" });

        Assert.DoesNotContain("terlampir", without.Text, StringComparison.Ordinal);
        Assert.Contains("Tanda terima pendaftaran terlampir pada surel ini.", with.Text, StringComparison.Ordinal);
        Assert.Contains("Tanda terima pendaftaran terlampir pada surel ini.", with.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void KindsOf_ReadsTheStatusChangesOfACommand_InOrder()
    {
        HistoryEvent E(HistoryEventType type, string? element = null) => new() { Type = type, ElementId = element };
        var events = new[]
        {
            E(HistoryEventType.TaskCompleted, "Task_VerifikasiKelengkapan"),
            E(HistoryEventType.ServiceTaskCompleted, "Task_TerbitkanTandaTerima"),
            E(HistoryEventType.TaskCreated, "Task_VerifikasiBerkas"),
            E(HistoryEventType.TaskCreated, "Task_PerbaikiBerkas"),
            E(HistoryEventType.ServiceTaskCompleted, "Task_BuatDraft"),
            E(HistoryEventType.EndEventReached, "End_Ditolak"),
        };

        Assert.Equal(
            [ApplicantEmailKind.Registered, ApplicantEmailKind.ReturnedForCorrection, ApplicantEmailKind.Rejected],
            ApplicantStatusEmails.KindsOf(events));
    }

    [Fact]
    public async Task Check_AcceptsEveryBuiltInTemplate_SoThatAnAdministratorCanSaveItUnchanged()
    {
        foreach (var name in EmailTemplates.Names)
        {
            Assert.Empty(await EmailTemplates.CheckAsync(EmailTemplates.Default(name)));
        }
    }

    [Fact]
    public async Task Check_NamesThePartAndTheProblem_WhenATemplateDoesNotParseOrRender()
    {
        var issues = await EmailTemplates.CheckAsync(new EmailTemplateSource("{{ izin | huruf_besar_semua }}", "Baris satu\n{% for x in %}", "<p>{{ saldo }}</p>"));

        Assert.Equal(["subject", "text", "html"], issues.Select(i => i.Key));
        Assert.Contains("huruf_besar_semua", issues[0].Message, StringComparison.Ordinal);
        Assert.Matches(@"\(2:\d+\)", issues[1].Message);
        Assert.Contains("saldo", issues[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_UsesTheAdministratorsVersion_InsideTheBuiltInLayout()
    {
        var custom = new EmailTemplateSource("Halo {{ nama }}", "Isi khusus untuk {{ nama }}.", "<p>Isi khusus untuk {{ nama }}.</p>");

        var rendered = await new EmailTemplates().RenderAsync("diajukan", Values, custom);

        Assert.Equal("Halo Siti <Rahmawati> & Co", rendered.Subject);
        Assert.StartsWith("Isi khusus untuk Siti <Rahmawati> & Co.\n--\nDPMPTSP\n", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("<p>Isi khusus untuk Siti &lt;Rahmawati&gt; &amp; Co.</p>", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("<title>Halo Siti &lt;Rahmawati&gt; &amp; Co</title>", rendered.Html, StringComparison.Ordinal);
    }
}
