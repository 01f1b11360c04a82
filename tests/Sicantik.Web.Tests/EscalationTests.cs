using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Sicantik.Perizinan;
using Sicantik.Web.Api;
using Sicantik.Web.Tests.Support;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Outbox;
using Sicantik.Workflows.Timers;

namespace Sicantik.Web.Tests;

/// <summary>
/// Escalation of late steps through the host, as production composes it: the baku mutu timer fired by the engine's timer
/// sweep (the job the Hangfire server runs; the factory runs no job server), the notice written to the outbox with the
/// step and delivered to the pickup folder, the "Eskalasi ke saya" list, and the office-hours calendar counting the
/// holidays an administrator enters through the API. Each test has a host of its own: its clock is its timeline.
/// </summary>
public sealed class EscalationTests
{
    private static readonly TimeSpan Wib = TimeSpan.FromHours(7);

    [Fact]
    public async Task AStepLateByOneMinute_EscalatesOnceToTheTargetRole_EmailingItsActiveStaffOnly()
    {
        await using var run = await HostRun.StartAsync();
        var host = run.Host;
        using var office = await Office.CreateAsync(host);
        using var secondKasi = await host.CreateClerkAsync(SopRoles.KasiPerizinan);
        using var disabledKasi = await host.CreateClerkAsync(SopRoles.KasiPerizinan);
        using (var admin = await host.AdminAsync())
        {
            await TestApi.EnsureAsync(await admin.PostAsync($"/api/admin/users/{disabledKasi.UserId}/disable", null), HttpStatusCode.NoContent);
        }

        using var applicant = await Sop.RegisterApplicantAsync(host, "Dewi Lestari");
        var application = await Sop.SubmitNewAsync(applicant.Client);
        var task = await Sop.FindTaskAsync(office.Loket2.Client, application.Id, Steps.VerifikasiKelengkapan);
        Assert.NotNull(task);
        Assert.Equal(task.CreatedAt.AddMinutes(10), task.DueAt);
        await office.Loket2.Client.PostAsync<TaskItem>($"/api/tasks/{task.Id}/claim", null);

        // One second before the baku mutu nothing happens; one minute after it, one escalation.
        host.Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await run.FireDueTimersAsync());
        Assert.Empty(await EscalatedAsync(office.Kasi, application.Id));
        host.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var firedAt = host.Clock.GetUtcNow();
        Assert.Equal(1, await run.FireDueTimersAsync());
        Assert.Equal(0, await run.FireDueTimersAsync());

        // The breach is recorded: the step, the task, the target role and the time.
        var escalation = Assert.Single(await run.HistoryAsync(application.Id), e => e.Type == HistoryEventType.Escalated);
        Assert.Equal(Steps.VerifikasiKelengkapan, escalation.ElementId);
        Assert.Equal(task.Id, escalation.TaskId);
        Assert.Equal(SopRoles.KasiPerizinan, escalation.Detail);
        Assert.Equal(firedAt, escalation.At);

        // In the app: the Kasi sees it in "Eskalasi ke saya" (list and badge); the clerk's own role and the Kabid do not.
        var escalated = Assert.Single(await EscalatedAsync(office.Kasi, application.Id));
        Assert.Equal(task.Id, escalated.Id);
        Assert.True(escalated.IsOverdue);
        Assert.Equal([SopRoles.KasiPerizinan], escalated.EscalatedTo);
        Assert.Empty(await EscalatedAsync(office.Loket2, application.Id));
        Assert.Empty(await EscalatedAsync(office.Kabid, application.Id));
        var inbox = await PageForms.GetHtmlAsync(office.Kasi.Client, "/Petugas?daftar=eskalasi");
        Assert.Contains("data-testid=\"count-eskalasi\">1<", inbox, StringComparison.Ordinal);
        Assert.Contains($"data-task-id=\"{task.Id}\"", inbox, StringComparison.Ordinal);
        var detail = await office.Kasi.Client.GetAsync<TaskDetail>($"/api/tasks/{task.Id}");
        Assert.False(detail.CanClaim);

        // By email: exactly one message to each active Kasi, none to the disabled one or to anyone else on the staff.
        Assert.True(await run.DeliverOutboxAsync() > 0);
        var first = Assert.Single(host.Mailbox.To(office.Kasi.Email));
        Assert.Single(host.Mailbox.To(secondKasi.Email));
        Assert.Empty(host.Mailbox.To(disabledKasi.Email));
        foreach (var other in new[] { office.Loket2, office.Analis, office.Kabid, office.Kadis, office.Loket4, office.Loket5 })
        {
            Assert.Empty(host.Mailbox.To(other.Email));
        }

        Assert.StartsWith("Eskalasi baku mutu: Verifikasi kelengkapan berkas permohonan #", first.Subject, StringComparison.Ordinal);
        var text = first.TextBody;
        Assert.Contains($"Petugas {office.Loket2.Email}", text, StringComparison.Ordinal);
        Assert.Contains("Pemohon: Dewi Lestari", text, StringComparison.Ordinal);
        Assert.Contains("Baku mutu: 10 menit jam kerja", text, StringComparison.Ordinal);
        Assert.Contains("Batas waktu: 4 Maret 2030 09.10 WIB", text, StringComparison.Ordinal);
        Assert.Contains("Keterlambatan: 1 menit", text, StringComparison.Ordinal);
        Assert.Contains($"/Petugas/Tugas/{task.Id}", text, StringComparison.Ordinal);
        Assert.Contains($"href=\"http://localhost:5080/Petugas/Tugas/{task.Id}\"", first.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Pantau permohonan Anda", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheReminderRepeatsEveryBakuMutuWhileTheTaskIsOpen_AndStopsWhenItIsCompleted()
    {
        await using var run = await HostRun.StartAsync();
        var host = run.Host;
        using var office = await Office.CreateAsync(host);
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var late = await Sop.SubmitNewAsync(applicant.Client);
        var onTime = await Sop.SubmitNewAsync(applicant.Client);
        var lateTask = await Sop.FindTaskAsync(office.Loket2.Client, late.Id, Steps.VerifikasiKelengkapan);
        Assert.NotNull(lateTask);

        // The application handled within its baku mutu never escalates.
        host.Clock.Advance(TimeSpan.FromMinutes(9));
        await Sop.WorkAsync(office.Loket2, onTime.Id, Steps.VerifikasiKelengkapan, "lengkap");

        // 09:10, 09:20, 09:30: the first notice and two reminders while the late one stays open.
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await run.FireDueTimersAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        await run.FireDueTimersAsync();
        Assert.Equal(2, Escalations(await run.HistoryAsync(late.Id)));
        var stillEscalated = Assert.Single(await EscalatedAsync(office.Kasi, late.Id));
        Assert.Equal([SopRoles.KasiPerizinan], stillEscalated.EscalatedTo);

        // Completed after the second notice: nothing more, however long the clock runs.
        await Sop.WorkAsync(office.Loket2, late.Id, Steps.VerifikasiKelengkapan, "lengkap");
        Assert.Empty(await EscalatedAsync(office.Kasi, late.Id));
        for (var i = 0; i < 6; i++)
        {
            host.Clock.Advance(TimeSpan.FromMinutes(10));
            await run.FireDueTimersAsync();
        }

        await run.DeliverOutboxAsync();
        var history = await run.HistoryAsync(late.Id);
        Assert.Equal(2, history.Count(e => e.Type == HistoryEventType.Escalated && e.ElementId == Steps.VerifikasiKelengkapan));
        Assert.DoesNotContain(await run.HistoryAsync(onTime.Id), e => e.Type == HistoryEventType.Escalated && e.ElementId == Steps.VerifikasiKelengkapan);
        var notices = host.Mailbox.To(office.Kasi.Email).Where(m => (m.Subject ?? string.Empty).Contains("Verifikasi kelengkapan berkas", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, notices.Count);
        Assert.All(notices, m => Assert.Contains($"/Petugas/Tugas/{lateTask.Id}", m.TextBody, StringComparison.Ordinal));
        Assert.Single(notices, m => (m.Subject ?? string.Empty).StartsWith("Pengingat ke-2: ", StringComparison.Ordinal));

        // The next step (back office, 5 minutes) was left open: its cycle escalated it three times (R3), then stopped.
        Assert.Equal(3, Escalations(history, Steps.VerifikasiBerkas));
    }

    [Fact]
    public async Task OfficeHours_SkipTheNight_TheWeekend_AndAHolidayAnAdministratorAdded()
    {
        await using var run = await HostRun.StartAsync();
        var host = run.Host;

        // Monday 11 March 2030 is a holiday.
        using (var admin = await host.AdminAsync())
        {
            var added = await admin.PostAsync<HolidayDto>("/api/admin/holidays", new NewHolidayRequest("2030-03-11", "Cuti bersama Nyepi"), HttpStatusCode.Created);
            Assert.Equal("2030-03-11", added.Date);
        }

        // Submitted on Friday 8 March at 15:55 WIB: five minutes on Friday, five on Tuesday morning.
        host.Clock.Advance(new DateTimeOffset(2030, 3, 8, 15, 55, 0, Wib) - host.Clock.GetUtcNow());
        using var office = await Office.CreateAsync(host);
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var application = await Sop.SubmitNewAsync(applicant.Client);
        var task = await Sop.FindTaskAsync(office.Loket2.Client, application.Id, Steps.VerifikasiKelengkapan);
        Assert.NotNull(task);
        Assert.Equal(new DateTimeOffset(2030, 3, 12, 8, 5, 0, Wib), task.DueAt);

        // Monday passes without an escalation; Tuesday 08:05 brings it.
        host.Clock.Advance(new DateTimeOffset(2030, 3, 12, 8, 4, 0, Wib) - host.Clock.GetUtcNow());
        await run.FireDueTimersAsync();
        Assert.Equal(0, Escalations(await run.HistoryAsync(application.Id)));
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await run.FireDueTimersAsync();
        Assert.Equal(1, Escalations(await run.HistoryAsync(application.Id)));

        // Removed again, the holiday counts as a working day for the next step that starts.
        using var laterAdmin = await host.AdminAsync();
        await TestApi.EnsureAsync(await laterAdmin.DeleteAsync("/api/admin/holidays/2030-03-11"), HttpStatusCode.NoContent);
        var calendar = run.Calendar;
        Assert.Equal(new DateTimeOffset(2030, 3, 11, 8, 5, 0, Wib), calendar.Add(new DateTimeOffset(2030, 3, 8, 15, 55, 0, Wib), IsoDuration.Parse("PT10M")));
    }

    [Fact]
    public async Task HolidayApi_RefusesBadInput_WithProblemDetails_AndLeavesTheListAsItWas()
    {
        await using var run = await HostRun.StartAsync();
        var host = run.Host;
        using var admin = await host.AdminAsync();
        using var clerk = await host.CreateClerkAsync(SopRoles.FoPendaftaran);

        var added = await admin.PostAsync<HolidayDto>("/api/admin/holidays", new NewHolidayRequest("2030-08-17", " Hari Kemerdekaan RI "), HttpStatusCode.Created);
        Assert.Equal(new HolidayDto("2030-08-17", "Hari Kemerdekaan RI", added.CreatedBy, host.Clock.GetUtcNow()), added);
        Assert.False(string.IsNullOrEmpty(added.CreatedBy));

        var duplicate = await TestApi.ProblemAsync(await admin.PostAsJsonAsync("/api/admin/holidays", new NewHolidayRequest("2030-08-17", "Libur lain")), HttpStatusCode.Conflict, "holiday-duplicate");
        Assert.Contains("17 Agustus 2030", duplicate.Detail, StringComparison.Ordinal);
        Assert.Contains("Hari Kemerdekaan RI", duplicate.Detail, StringComparison.Ordinal);

        var impossible = await TestApi.ProblemAsync(await admin.PostAsJsonAsync("/api/admin/holidays", new NewHolidayRequest("2030-02-30", "")), HttpStatusCode.BadRequest, "holiday-date-invalid");
        Assert.Contains("2030-02-30", impossible.Detail, StringComparison.Ordinal);
        Assert.Equal(["date", "name"], impossible.Errors!.Keys.Order(StringComparer.Ordinal));
        await TestApi.ProblemAsync(await admin.PostAsJsonAsync("/api/admin/holidays", new NewHolidayRequest("17/08/2030", "Libur")), HttpStatusCode.BadRequest, "holiday-date-invalid");
        await TestApi.ProblemAsync(await admin.PostAsJsonAsync("/api/admin/holidays", new NewHolidayRequest(null, "Libur")), HttpStatusCode.BadRequest, "holiday-date-invalid");
        var noName = await TestApi.ProblemAsync(await admin.PostAsJsonAsync("/api/admin/holidays", new NewHolidayRequest("2030-12-25", "   ")), HttpStatusCode.UnprocessableEntity, "holiday-invalid");
        Assert.Equal(["name"], noName.Errors!.Keys);
        var tooEarly = await TestApi.ProblemAsync(await admin.PostAsJsonAsync("/api/admin/holidays", new NewHolidayRequest("1999-12-31", "Libur")), HttpStatusCode.UnprocessableEntity, "holiday-invalid");
        Assert.Equal(["date"], tooEarly.Errors!.Keys);
        await TestApi.ProblemAsync(await admin.PostAsJsonAsync("/api/admin/holidays", new NewHolidayRequest("2030-12-25", new string('x', 201))), HttpStatusCode.UnprocessableEntity, "holiday-invalid");

        await TestApi.ProblemAsync(await admin.GetAsync("/api/admin/holidays?year=tahun-depan"), HttpStatusCode.BadRequest, "holiday-year-invalid");
        await TestApi.ProblemAsync(await admin.GetAsync("/api/admin/holidays?year=1990"), HttpStatusCode.UnprocessableEntity, "holiday-invalid");
        await TestApi.ProblemAsync(await admin.DeleteAsync("/api/admin/holidays/2030-08-18"), HttpStatusCode.NotFound, "holiday-not-found");
        await TestApi.ProblemAsync(await admin.DeleteAsync("/api/admin/holidays/kemarin"), HttpStatusCode.BadRequest, "holiday-date-invalid");
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.Client.PostAsJsonAsync("/api/admin/holidays", new NewHolidayRequest("2030-12-25", "Natal"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.Client.DeleteAsync("/api/admin/holidays/2030-08-17")).StatusCode);

        // Nothing refused left a trace; the calendar knows exactly the one holiday.
        Assert.Equal([added], await admin.GetAsync<List<HolidayDto>>("/api/admin/holidays?year=2030"));
        Assert.Equal([new DateOnly(2030, 8, 17)], run.Holidays.Dates);

        // The admin page lists the year and adds a date through its form; the current year is the default.
        var page = await PageForms.GetHtmlAsync(admin, "/Admin/HariLibur?tahun=2030");
        Assert.Contains("data-date=\"2030-08-17\"", page, StringComparison.Ordinal);
        var posted = await PageForms.PostAsync(admin, "/Admin/HariLibur", "/Admin/HariLibur", [new("Input.Date", "2030-12-25"), new("Input.Name", "Hari Raya Natal")]);
        Assert.Equal(HttpStatusCode.Redirect, posted.Status);
        var refused = await PageForms.PostAsync(admin, "/Admin/HariLibur", "/Admin/HariLibur", [new("Input.Date", "2030-12-25"), new("Input.Name", "Natal lagi")]);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("sudah tercatat sebagai hari libur", refused.Html, StringComparison.Ordinal);
        Assert.Equal(["2030-08-17", "2030-12-25"], (await admin.GetAsync<List<HolidayDto>>("/api/admin/holidays?year=2030")).Select(h => h.Date));
        Assert.Contains(new DateOnly(2030, 12, 25), run.Holidays.Dates);
    }

    private static async Task<List<EscalatedTask>> EscalatedAsync(Clerk clerk, Guid applicationId) =>
        (await clerk.Client.GetAsync<List<EscalatedTask>>("/api/tasks?list=escalated&max=200")).Where(t => t.Application?.Id == applicationId).ToList();

    private static int Escalations(IEnumerable<HistoryEvent> history, string step = Steps.VerifikasiKelengkapan) =>
        history.Count(e => e.Type == HistoryEventType.Escalated && e.ElementId == step);

    private sealed record EscalatedTask(Guid Id, string ElementId, bool IsOverdue, IReadOnlyList<string> EscalatedTo, DateTimeOffset? EscalatedAt, ApplicationSummaryDto? Application);
}

/// <summary>A host of one test's own (its clock is the test's timeline), with the engine's sweeps at hand.</summary>
internal sealed class HostRun : IAsyncDisposable
{
    private HostRun(SicantikWebFactory host) => Host = host;

    public SicantikWebFactory Host { get; }

    public Sicantik.Perizinan.Calendar.DatabaseHolidays Holidays => Host.Services.GetRequiredService<Sicantik.Perizinan.Calendar.DatabaseHolidays>();

    public IBusinessCalendar Calendar => Host.Services.GetServices<IBusinessCalendar>().Single(c => c.Name == CalendarNames.OfficeHours);

    public static async Task<HostRun> StartAsync()
    {
        var host = new SicantikWebFactory();
        await host.InitializeAsync();
        return new HostRun(host);
    }

    /// <summary>Fires the timers due now, as the scheduler's job does.</summary>
    public async Task<int> FireDueTimersAsync()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Sicantik.Workflows.Scheduling.TimerService>().FireDueAsync();
    }

    /// <summary>Delivers the outbox's due messages (to the pickup folder), as the outbox job does.</summary>
    public async Task<int> DeliverOutboxAsync()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxService>().DeliverDueAsync();
    }

    /// <summary>The history of the application's process instance.</summary>
    public async Task<IReadOnlyList<HistoryEvent>> HistoryAsync(Guid applicationId)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var instances = await scope.ServiceProvider.GetRequiredService<Sicantik.Workflows.Runtime.RuntimeService>()
            .QueryAsync(new Sicantik.Workflows.Stores.InstanceQuery { BusinessKey = applicationId.ToString("D") });
        var instance = Assert.Single(instances);
        return await scope.ServiceProvider.GetRequiredService<HistoryService>().GetAsync(instance.Id);
    }

    public async ValueTask DisposeAsync() => await ((IAsyncLifetime)Host).DisposeAsync();
}
