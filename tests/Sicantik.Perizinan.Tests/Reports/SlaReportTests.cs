using Microsoft.Extensions.DependencyInjection;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Reports.Sla;
using Sicantik.Perizinan.Tests.Support;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Timers;

namespace Sicantik.Perizinan.Tests.Reports;

/// <summary>
/// The SLA report over runs seeded through the real engine on SQLite with a fake clock, against figures worked by hand.
/// The office counts Monday to Friday, 08:00 to 16:00 WIB: every time below is office time unless it says otherwise.
/// </summary>
public sealed class SlaReportTests
{
    private const string Vk = "Task_VerifikasiKelengkapan";
    private const string Lengkapi = "Task_LengkapiBerkas";
    private const string Vb = "Task_VerifikasiBerkas";
    private const string Kasi = "Task_ValidasiKasi";

    /// <summary>Monday 23 November 2026 (the host's first day) at <paramref name="hour"/>:<paramref name="minute"/> WIB.</summary>
    private static DateTimeOffset Monday(int hour, int minute) => new(2026, 11, 23, hour, minute, 0, TimeSpan.FromHours(7));

    private static DateTimeOffset Tuesday(int hour, int minute) => new(2026, 11, 24, hour, minute, 0, TimeSpan.FromHours(7));

    private static readonly DateOnly MondayDate = new(2026, 11, 23);
    private static readonly DateOnly TuesdayDate = new(2026, 11, 24);

    [Fact]
    public async Task Report_OverSeededRuns_EqualsTheFiguresWorkedByHand()
    {
        await using var host = await PerizinanHost.StartAsync();
        var seeded = await SeedAsync(host);
        var sla = host.Services.GetRequiredService<SlaService>();

        var report = await sla.ComputeAsync(MondayDate, TuesdayDate);

        Assert.Equal(Tuesday(10, 0), report.GeneratedAt);
        Assert.Null(report.PermitTypeCode);

        // Every user task of the SOP, in the order a file meets them.
        Assert.Equal(
            [Vk, Lengkapi, Vb, "Task_PerbaikiBerkas", Kasi, "Task_PersetujuanKabid", "Task_TandaTanganKadis", "Task_CetakSK", "Task_IsiSKM", "Task_SerahkanSK"],
            report.Steps.Select(s => s.ElementId));

        // Verifikasi kelengkapan (baku mutu 10 minutes), six tasks completed:
        //   E first try 08:00–08:03 = 3; A 08:00–08:04 = 4; E second try 09:00–09:05 = 5; C 08:00–08:07 = 7;
        //   D Monday 15:55 – Tuesday 08:06 = 5 (to closing) + 6 (from opening) = 11 (wall clock: 16 h 11 min);
        //   B 08:00–08:12 = 12.
        //   Sorted 3, 4, 5, 7, 11, 12. Median: rank ⌈0.5 × 6⌉ = 3 → 5. P90: rank ⌈0.9 × 6⌉ = ⌈5.4⌉ = 6 → 12.
        //   Within 10 minutes: 3, 4, 5, 7 = 4 of 6 = 66.666… → 66.7 %. Escalated: B (timer at 08:10), D (Tuesday 08:05) = 2.
        var vk = report.Steps.Single(s => s.ElementId == Vk);
        Assert.Equal("Verifikasi kelengkapan berkas", vk.Name);
        Assert.True(vk.IsStaffStep);
        Assert.Equal(CalendarNames.OfficeHours, vk.Calendar);
        Assert.Equal(10, vk.StandardMinutes);
        Assert.Equal(6, vk.Tasks);
        Assert.Equal(5.0m, vk.MedianMinutes);
        Assert.Equal(12.0m, vk.P90Minutes);
        Assert.Equal(6, vk.Measured);
        Assert.Equal(4, vk.WithinStandard);
        Assert.Equal(66.7m, vk.WithinStandardPercent);
        Assert.Equal(2, vk.Escalated);

        // Lengkapi berkas, the applicant's step without a baku mutu: E 08:03–09:00 = 57; nothing to measure against.
        var lengkapi = report.Steps.Single(s => s.ElementId == Lengkapi);
        Assert.False(lengkapi.IsStaffStep);
        Assert.Null(lengkapi.StandardMinutes);
        Assert.Equal(1, lengkapi.Tasks);
        Assert.Equal(57.0m, lengkapi.MedianMinutes);
        Assert.Equal(57.0m, lengkapi.P90Minutes);
        Assert.Equal(0, lengkapi.Measured);
        Assert.Null(lengkapi.WithinStandardPercent);

        // Verifikasi berkas (5 minutes): A 08:04–08:08 = 4; B 08:12–08:15 = 3; C 08:07–08:20 = 13; E 09:05–09:09 = 4.
        //   Sorted 3, 4, 4, 13. Median: rank ⌈2⌉ = 2 → 4. P90: rank ⌈3.6⌉ = 4 → 13.
        //   Within 5: 3 of 4 = 75.0 %. Escalated: C (timer at 08:12) = 1.
        var vb = report.Steps.Single(s => s.ElementId == Vb);
        Assert.Equal(4, vb.Tasks);
        Assert.Equal(4.0m, vb.MedianMinutes);
        Assert.Equal(13.0m, vb.P90Minutes);
        Assert.Equal(3, vb.WithinStandard);
        Assert.Equal(4, vb.Measured);
        Assert.Equal(75.0m, vb.WithinStandardPercent);
        Assert.Equal(1, vb.Escalated);

        // Nobody completed a Kasi task: a row with its baku mutu and no figures.
        var kasi = report.Steps.Single(s => s.ElementId == Kasi);
        Assert.Equal(5, kasi.StandardMinutes);
        Assert.Equal(0, kasi.Tasks);
        Assert.Null(kasi.MedianMinutes);
        Assert.Null(kasi.P90Minutes);
        Assert.Null(kasi.WithinStandardPercent);

        // Per clerk (staff steps only, the applicant's completion is not a clerk's):
        //   fo-ani: E 3 ✓, A 4 ✓, B 12 ✗, D 11 ✗ → 4 tasks, 2 of 4 = 50.0 %
        //   bo-citra: A 4 ✓, C 13 ✗ → 2, 1 of 2 = 50.0 %;  bo-dedi: B 3 ✓, E 4 ✓ → 2, 100.0 %;
        //   fo-budi: C 7 ✓, E 5 ✓ → 2, 100.0 %. Most tasks first, then by name.
        Assert.Equal(
            [("fo-ani", 4, 2, 50.0m), ("bo-citra", 2, 1, 50.0m), ("bo-dedi", 2, 2, 100.0m), ("fo-budi", 2, 2, 100.0m)],
            report.Clerks.Select(c => (c.UserId, c.Tasks, c.WithinStandard, c.WithinStandardPercent!.Value)));
        Assert.Equal("fo-ani", report.Clerks[0].Name);

        // Overdue now (Tuesday 10:00), most overdue first; late = office time from the due instant to now:
        //   A Kasi due Mon 08:13: 08:13–16:00 = 467, + Tue 08:00–10:00 = 120 → 587 (wall clock would be 1,547)
        //   B Kasi due Mon 08:20: 460 + 120 = 580;  C Kasi due Mon 08:25: 455 + 120 = 575
        //   E Kasi due Mon 09:14: 406 + 120 = 526;  D Verifikasi berkas due Tue 08:11: 109
        Assert.Equal(
            [
                (seeded.A, Kasi, Monday(8, 13), 587.0m),
                (seeded.B, Kasi, Monday(8, 20), 580.0m),
                (seeded.C, Kasi, Monday(8, 25), 575.0m),
                (seeded.E, Kasi, Monday(9, 14), 526.0m),
                (seeded.D, Vb, Tuesday(8, 11), 109.0m),
            ],
            report.Overdue.Select(o => (o.ApplicationId!.Value, o.ElementId, o.DueAt, o.LateMinutes)));
        Assert.All(report.Overdue, o => Assert.True(o.Escalated));
        Assert.Equal("kasi-eko", report.Overdue[0].HolderId);
        Assert.Equal("kasi-eko", report.Overdue[0].Holder);
        Assert.Null(report.Overdue[1].Holder);
        Assert.Equal("Kepala Seksi Perizinan", report.Overdue[1].Candidates);
        Assert.Equal("BO/Analisis Dokumen Perizinan", report.Overdue[4].Candidates);
        Assert.Equal((await host.ReloadAsync(seeded.A)).Number, report.Overdue[0].ApplicationNumber);
        Assert.NotNull(report.Overdue[0].ApplicationNumber);
        Assert.Equal(PermitCatalog.SipPerawat, report.Overdue[4].PermitTypeCode);
    }

    [Fact]
    public async Task Report_ForOnePermitType_AndForOneDay_CountsOnlyThoseTasks()
    {
        await using var host = await PerizinanHost.StartAsync();
        var seeded = await SeedAsync(host);
        var sla = host.Services.GetRequiredService<SlaService>();

        // Reklame only (D is SIP Perawat): Verifikasi kelengkapan 3, 4, 5, 7, 12. Median rank ⌈2.5⌉ = 3 → 5;
        // P90 rank ⌈4.5⌉ = 5 → 12; within 4 of 5 = 80.0 %; escalated B = 1. fo-ani: 3, 4, 12 → 2 of 3 = 66.7 %.
        var reklame = await sla.ComputeAsync("2026-11-23", "2026-11-24", "reklame");
        Assert.Equal(PermitCatalog.Reklame, reklame.PermitTypeCode);
        var vk = reklame.Steps.Single(s => s.ElementId == Vk);
        Assert.Equal((5, 5.0m, 12.0m, 4, 80.0m, 1), (vk.Tasks, vk.MedianMinutes!.Value, vk.P90Minutes!.Value, vk.WithinStandard, vk.WithinStandardPercent!.Value, vk.Escalated));
        var ani = reklame.Clerks.Single(c => c.UserId == "fo-ani");
        Assert.Equal((3, 2, 66.7m), (ani.Tasks, ani.WithinStandard, ani.WithinStandardPercent!.Value));
        Assert.DoesNotContain(reklame.Overdue, o => o.ApplicationId == seeded.D);
        Assert.Equal(4, reklame.Overdue.Count);

        // Tuesday only: D's Verifikasi kelengkapan (11 minutes, late, escalated) is the one task completed that day.
        // What is overdue is as of now, whatever the period.
        var tuesday = await sla.ComputeAsync(TuesdayDate, TuesdayDate);
        vk = tuesday.Steps.Single(s => s.ElementId == Vk);
        Assert.Equal((1, 11.0m, 11.0m, 0, 0.0m, 1), (vk.Tasks, vk.MedianMinutes!.Value, vk.P90Minutes!.Value, vk.WithinStandard, vk.WithinStandardPercent!.Value, vk.Escalated));
        Assert.Equal(0, tuesday.Steps.Single(s => s.ElementId == Vb).Tasks);
        Assert.Equal([("fo-ani", 1, 0.0m)], tuesday.Clerks.Select(c => (c.UserId, c.Tasks, c.WithinStandardPercent!.Value)));
        Assert.Equal(5, tuesday.Overdue.Count);

        // The week before: nothing completed, nothing measured.
        var before = await sla.ComputeAsync(MondayDate.AddDays(-7), MondayDate.AddDays(-1));
        Assert.All(before.Steps, s => Assert.Equal(0, s.Tasks));
        Assert.Empty(before.Clerks);
    }

    [Theory]
    [InlineData("2026-11-24", "2026-11-23", null, PerizinanError.SlaPeriodInvalid)]
    [InlineData("2024-11-23", "2026-11-23", null, PerizinanError.SlaPeriodTooLong)]
    [InlineData("2026-11-23", "2026-11-24", "IMB", PerizinanError.SlaPermitTypeUnknown)]
    [InlineData("2026-11-23", null, null, PerizinanError.SlaPeriodRequired)]
    [InlineData("23-11-2026", "2026-11-24", null, PerizinanError.SlaDateInvalid)]
    public async Task Report_RefusesBadPeriodsAndUnknownTypes(string? from, string? to, string? type, PerizinanError code)
    {
        await using var host = await PerizinanHost.StartAsync();
        var sla = host.Services.GetRequiredService<SlaService>();

        var refused = await Assert.ThrowsAsync<PerizinanException>(() => sla.ComputeAsync(from, to, type));

        Assert.Equal(code, refused.Code);
        Assert.NotEmpty(refused.Errors);
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
    }

    [Theory]
    [InlineData(new long[] { 7 }, 50, 7)]
    [InlineData(new long[] { 7 }, 90, 7)]
    [InlineData(new long[] { 1, 2 }, 50, 1)]
    [InlineData(new long[] { 1, 2 }, 90, 2)]
    [InlineData(new long[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 90, 9)]
    [InlineData(new long[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, 90, 10)]
    [InlineData(new long[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, 50, 6)]
    public void NearestRank_TakesTheValueAtRankCeilingOfPTimesN(long[] sorted, int percent, long expected) =>
        Assert.Equal(expected, SlaService.NearestRank(sorted, percent));

    [Fact]
    public async Task ElapsedSeconds_CountsOfficeHours_AsTheEngineAddsThem()
    {
        await using var host = await PerizinanHost.StartAsync();
        var office = host.Services.GetServices<IBusinessCalendar>().Single(c => c.Name == CalendarNames.OfficeHours);

        // Friday 27 November 15:58 to Monday 30 November 08:03: 2 + 3 minutes, the night and the weekend skipped.
        var friday = new DateTimeOffset(2026, 11, 27, 15, 58, 0, TimeSpan.FromHours(7));
        var monday = new DateTimeOffset(2026, 11, 30, 8, 3, 0, TimeSpan.FromHours(7));
        Assert.Equal(300, SlaService.ElapsedSeconds(office, friday, monday));
        Assert.Equal(monday, office.Add(friday, IsoDuration.Parse("PT5M")));

        // Completed on Saturday: the two minutes to Friday's closing; created and completed on Saturday: none.
        Assert.Equal(120, SlaService.ElapsedSeconds(office, friday, friday.AddHours(20)));
        Assert.Equal(0, SlaService.ElapsedSeconds(office, friday.AddHours(19), friday.AddHours(20)));

        // Seconds count: 08:00:00 to 08:00:45.
        Assert.Equal(45, SlaService.ElapsedSeconds(office, Monday(8, 0), Monday(8, 0).AddSeconds(45)));
        Assert.Equal(0, SlaService.ElapsedSeconds(office, Monday(8, 0), Monday(7, 0)));
        Assert.Equal(16 * 3600 + 11 * 60, SlaService.ElapsedSeconds(new WallClockCalendar(), Monday(15, 55), Tuesday(8, 6)));
    }

    [Fact]
    public async Task Csv_HasThePeriod_TheThreeTables_SemicolonsAndDecimalCommas_WithABom()
    {
        await using var host = await PerizinanHost.StartAsync();
        await SeedAsync(host);
        var sla = host.Services.GetRequiredService<SlaService>();
        var report = await sla.ComputeAsync("2026-11-23", "2026-11-24", null);

        var file = sla.ToCsvFile(report);

        Assert.Equal([0xEF, 0xBB, 0xBF], file[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(file, 3, file.Length - 3).TrimEnd().Split("\r\n");
        Assert.All(lines, l => Assert.Equal(10, l.Count(c => c == ';')));
        Assert.Equal("\"Periode\";\"2026-11-23 s.d. 2026-11-24\";;;;;;;;;", lines[0]);
        Assert.Equal("\"Jenis izin\";\"Semua jenis izin\";;;;;;;;;", lines[1]);
        Assert.Equal("\"Dihitung pada (WIB)\";2026-11-24 10:00;;;;;;;;;", lines[2]);
        Assert.Equal("\"Kode langkah\";\"Langkah\";\"Kalender\";\"Baku mutu (menit)\";\"Jumlah tugas selesai\";\"Median (menit)\";\"Persentil ke-90 (menit)\";\"Tugas berbaku mutu\";\"Dalam baku mutu\";\"Dalam baku mutu (%)\";\"Dieskalasi\"", lines[5]);
        Assert.Equal("\"Task_VerifikasiKelengkapan\";\"Verifikasi kelengkapan berkas\";\"office-hours\";10;6;5,0;12,0;6;4;66,7;2", lines[6]);
        Assert.Equal("\"Task_LengkapiBerkas\";\"Lengkapi berkas\";\"office-hours\";;1;57,0;57,0;0;0;;0", lines[7]);
        Assert.Equal("\"Task_VerifikasiBerkas\";\"Entri data dan verifikasi berkas\";\"office-hours\";5;4;4,0;13,0;4;3;75,0;1", lines[8]);
        var clerks = Array.IndexOf(lines, "\"ID petugas\";\"Petugas\";\"Jumlah tugas selesai\";\"Tugas berbaku mutu\";\"Dalam baku mutu\";\"Dalam baku mutu (%)\";;;;;");
        Assert.Equal(17, clerks);
        Assert.Equal("\"fo-ani\";\"fo-ani\";4;4;2;50,0;;;;;", lines[clerks + 1]);
        var overdue = Array.IndexOf(lines, "\"Nomor permohonan\";\"Jenis izin\";\"Langkah\";\"Pemegang tugas\";\"Dibuat (WIB)\";\"Batas baku mutu (WIB)\";\"Terlambat (menit jam kerja)\";\"Sudah dieskalasi\";;;");
        Assert.Equal(clerks + 6, overdue);
        Assert.EndsWith(";\"REKLAME\";\"Verifikasi keabsahan dan validasi izin\";\"kasi-eko\";2026-11-23 08:08;2026-11-23 08:13;587,0;\"Ya\";;;", lines[overdue + 1], StringComparison.Ordinal);
        Assert.EndsWith(";\"REKLAME\";\"Verifikasi keabsahan dan validasi izin\";\"Belum diambil (Kepala Seksi Perizinan)\";2026-11-23 08:15;2026-11-23 08:20;580,0;\"Ya\";;;", lines[overdue + 2], StringComparison.Ordinal);
        Assert.Equal(overdue + 6, lines.Length);
    }

    /// <summary>The applications of the seeded runs: A, B, C and E are reklame, D is SIP Perawat.</summary>
    private sealed record Seeded(Guid A, Guid B, Guid C, Guid D, Guid E);

    /// <summary>
    /// Five applications through the real engine, the clock moved from event to event (firing the baku mutu timers that
    /// fall due on the way, as the scheduler would):
    /// <code>
    /// Mon 08:00  A, B, C, E submitted (Verifikasi kelengkapan created, due 08:10)
    ///     08:03  fo-ani: E tidak-lengkap (Lengkapi berkas for the applicant)
    ///     08:04  fo-ani: A lengkap          (A Verifikasi berkas due 08:09)
    ///     08:07  fo-budi: C lengkap         (C Verifikasi berkas due 08:12)
    ///     08:08  bo-citra: A sesuai         (A Kasi due 08:13)
    ///     08:10  B's timer escalates B
    ///     08:12  C's timer escalates C; fo-ani: B lengkap (B Verifikasi berkas due 08:17)
    ///     08:13  A's Kasi task escalated
    ///     08:15  bo-dedi: B sesuai          (B Kasi due 08:20)
    ///     08:20  B's Kasi task escalated; bo-citra: C sesuai (C Kasi due 08:25)
    ///     08:30  kasi-eko claims A's Kasi task (and holds it)
    ///     09:00  the applicant sends E back (Verifikasi kelengkapan again, due 09:10)
    ///     09:05  fo-budi: E lengkap         (E Verifikasi berkas due 09:10)
    ///     09:09  bo-dedi: E sesuai          (E Kasi due 09:14)
    ///     15:55  D submitted                (due Tuesday 08:05: five minutes today, five tomorrow)
    /// Tue 08:05  D's timer escalates D
    ///     08:06  fo-ani: D lengkap          (D Verifikasi berkas due 08:11)
    ///     10:00  now
    /// </code>
    /// </summary>
    private static async Task<Seeded> SeedAsync(PerizinanHost host)
    {
        var a = (await host.SubmittedReklameAsync()).Id;
        var b = (await host.SubmittedReklameAsync()).Id;
        var c = (await host.SubmittedReklameAsync()).Id;
        var e = (await host.SubmittedReklameAsync()).Id;

        await AtAsync(host, Monday(8, 3));
        await CompleteAsync(host, e, Vk, "fo-ani", "fo-pendaftaran", "tidak-lengkap", new Dictionary<string, object?> { ["catatan"] = "Foto lokasi buram" });
        await AtAsync(host, Monday(8, 4));
        await CompleteAsync(host, a, Vk, "fo-ani", "fo-pendaftaran", "lengkap");
        await AtAsync(host, Monday(8, 7));
        await CompleteAsync(host, c, Vk, "fo-budi", "fo-pendaftaran", "lengkap");
        await AtAsync(host, Monday(8, 8));
        await CompleteAsync(host, a, Vb, "bo-citra", "bo-analis", "sesuai");
        await AtAsync(host, Monday(8, 12));
        await CompleteAsync(host, b, Vk, "fo-ani", "fo-pendaftaran", "lengkap");
        await AtAsync(host, Monday(8, 15));
        await CompleteAsync(host, b, Vb, "bo-dedi", "bo-analis", "sesuai");
        await AtAsync(host, Monday(8, 20));
        await CompleteAsync(host, c, Vb, "bo-citra", "bo-analis", "sesuai");
        await AtAsync(host, Monday(8, 30));
        await host.Tasks.ClaimAsync((await host.TaskAsync(a, Kasi)).Id, new WorkflowUser("kasi-eko", "kasi-perizinan"));
        await AtAsync(host, Monday(9, 0));
        await host.Applications.ResubmitAsync(e, PerizinanHost.Applicant);
        await AtAsync(host, Monday(9, 5));
        await CompleteAsync(host, e, Vk, "fo-budi", "fo-pendaftaran", "lengkap");
        await AtAsync(host, Monday(9, 9));
        await CompleteAsync(host, e, Vb, "bo-dedi", "bo-analis", "sesuai");
        await AtAsync(host, Monday(15, 55));
        var d = (await SubmittedSipPerawatAsync(host)).Id;
        await AtAsync(host, Tuesday(8, 6));
        await CompleteAsync(host, d, Vk, "fo-ani", "fo-pendaftaran", "lengkap");
        await AtAsync(host, Tuesday(10, 0));
        return new Seeded(a, b, c, d, e);
    }

    private static async Task AtAsync(PerizinanHost host, DateTimeOffset instant) =>
        await host.AdvanceAsync(instant - host.Clock.GetUtcNow());

    private static async Task CompleteAsync(PerizinanHost host, Guid applicationId, string elementId, string userId, string role, string outcome, IReadOnlyDictionary<string, object?>? variables = null)
    {
        var task = await host.TaskAsync(applicationId, elementId);
        var user = new WorkflowUser(userId, role);
        await host.Tasks.ClaimAsync(task.Id, user);
        await host.Tasks.CompleteAsync(task.Id, user, outcome, variables);
    }

    private static async Task<PermitApplication> SubmittedSipPerawatAsync(PerizinanHost host)
    {
        var draft = await host.Applications.CreateDraftAsync(new NewApplication
        {
            PermitTypeCode = PermitCatalog.SipPerawat,
            ApplicantId = PerizinanHost.OtherApplicant,
            ApplicantName = "Siti Aminah",
            ApplicantNik = "3404011203850002",
            FormValues = Forms.SipPerawat(),
        });
        var type = await host.PermitTypes.GetByCodeAsync(PermitCatalog.SipPerawat);
        foreach (var requirement in type.Requirements.Where(r => r.Mandatory))
        {
            await host.UploadAsync(draft.Id, requirement.Key, PerizinanHost.OtherApplicant);
        }

        return await host.Applications.SubmitAsync(draft.Id, PerizinanHost.OtherApplicant);
    }
}
