using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.States;
using Microsoft.Extensions.Time.Testing;
using Sicantik.Workflows.Runtime;

namespace Sicantik.Workflows.Hangfire.Tests;

public sealed class HangfireTimerSchedulerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);

    private static InstanceTimer Timer(DateTimeOffset dueAt) => new() { Id = Guid.NewGuid(), InstanceId = Guid.NewGuid(), DueAt = dueAt };

    [Fact]
    public async Task TimersChanged_SchedulesFutureTimers_AndEnqueuesDueOnesAtOnce()
    {
        using var storage = new InMemoryStorage();
        var scheduler = new HangfireTimerScheduler(new BackgroundJobClient(storage), new FakeTimeProvider(Now));
        var later = Timer(Now.AddDays(3));
        var due = Timer(Now);
        var overdue = Timer(Now.AddHours(-1));

        await scheduler.TimersChangedAsync([later, due, overdue], [], CancellationToken.None);

        var monitoring = storage.GetMonitoringApi();
        var (_, scheduled) = Assert.Single(monitoring.ScheduledJobs(0, 10));
        Assert.Equal(Now.AddDays(3).UtcDateTime, scheduled.EnqueueAt);
        Assert.Equal([later.InstanceId, later.Id], scheduled.Job.Args.Take(2));
        var enqueued = monitoring.EnqueuedJobs("default", 0, 10).Select(j => (Guid)j.Value.Job.Args[1]).ToList();
        Assert.Equal(2, enqueued.Count);
        Assert.Contains(due.Id, enqueued);
        Assert.Contains(overdue.Id, enqueued);
    }

    [Fact]
    public async Task TimersChanged_LeavesJobsAlone_ForRemovedTimers()
    {
        using var storage = new InMemoryStorage();
        var scheduler = new HangfireTimerScheduler(new BackgroundJobClient(storage), new FakeTimeProvider(Now));
        var timer = Timer(Now.AddMinutes(10));
        await scheduler.TimersChangedAsync([timer], [], CancellationToken.None);

        await scheduler.TimersChangedAsync([], [timer.Id], CancellationToken.None);

        Assert.Equal(1, storage.GetMonitoringApi().ScheduledCount());
    }

    [Fact]
    public async Task TimersChangedAndMessagesWritten_DoNotThrow_WhenHangfiresStorageIsDown()
    {
        var client = new UnreachableJobClient();
        var scheduler = new HangfireTimerScheduler(client, new FakeTimeProvider(Now));
        var dispatcher = new HangfireOutboxDispatcher(client);

        await scheduler.TimersChangedAsync([Timer(Now.AddMinutes(10)), Timer(Now)], [], CancellationToken.None);
        await dispatcher.MessagesWrittenAsync([Guid.NewGuid(), Guid.NewGuid()], CancellationToken.None);

        // Each timer and message was tried: one failure does not skip the rest.
        Assert.Equal(4, client.Calls);
    }

    private sealed class UnreachableJobClient : IBackgroundJobClient
    {
        public int Calls { get; private set; }

        public string Create(Job job, IState state)
        {
            Calls++;
            throw new InvalidOperationException("Hangfire storage unreachable");
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => throw new NotSupportedException();
    }
}
