using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Hangfire;
using Sicantik.Workflows.Hangfire.Tests.Support;
using Sicantik.Workflows.Runtime;

namespace Sicantik.Workflows.Hangfire.Tests;

public sealed class TimerJobsTests
{
    private static readonly DateTimeOffset T0 = HangfireTestEngine.MondayMorning;

    [Fact]
    public async Task Start_SchedulesOneJobAtTheTimersDueTime_WithInstanceAndTimerIds()
    {
        await using var engine = HangfireTestEngine.Create();

        var instance = await engine.StartAsync(Bpmn.TaskWithTimeout());

        var timer = Assert.Single(instance.Timers);
        Assert.Equal(T0.AddMinutes(10), timer.DueAt);
        var (_, job) = Assert.Single(engine.ScheduledJobs());
        Assert.Equal(timer.DueAt.UtcDateTime, job.EnqueueAt);
        Assert.Equal(typeof(WorkflowJobs), job.Job.Type);
        Assert.Equal(nameof(WorkflowJobs.FireTimerAsync), job.Job.Method.Name);
        Assert.Equal([instance.Id, timer.Id], job.Job.Args.Take(2));
        Assert.Empty(engine.EnqueuedJobs());
    }

    [Fact]
    public async Task FireTimerJob_FiresOnce_WhenRunAfterDueTime_AndNothingMoreWhenRunAgainOrSwept()
    {
        await using var engine = HangfireTestEngine.Create();
        var instance = await engine.StartAsync(Bpmn.TaskWithTimeout());
        var (jobId, _) = Assert.Single(engine.ScheduledJobs());
        engine.Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(true, await engine.PerformAsync(jobId));

        Assert.Equal(1, await engine.TimersFiredAsync(instance.Id));
        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Completed, after.State);
        Assert.Empty(after.Timers);

        Assert.Equal(false, await engine.PerformAsync(jobId));
        Assert.Equal(0, await engine.JobsAsync(j => j.SweepTimersAsync(CancellationToken.None)));
        Assert.Equal(1, await engine.TimersFiredAsync(instance.Id));
    }

    [Fact]
    public async Task FireTimerJob_DoesNothing_WhenRunBeforeDueTime()
    {
        await using var engine = HangfireTestEngine.Create();
        var instance = await engine.StartAsync(Bpmn.TaskWithTimeout());
        var (jobId, _) = Assert.Single(engine.ScheduledJobs());
        engine.Clock.Advance(new TimeSpan(0, 9, 59));

        Assert.Equal(false, await engine.PerformAsync(jobId));

        Assert.Equal(0, await engine.TimersFiredAsync(instance.Id));
        Assert.Single((await engine.InstanceAsync(instance.Id)).Timers);

        // The sweep is the net for a job that ran early: it fires the timer once it is due.
        engine.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await engine.JobsAsync(j => j.SweepTimersAsync(CancellationToken.None)));
        Assert.Equal(1, await engine.TimersFiredAsync(instance.Id));
    }

    [Fact]
    public async Task FireTimerJob_DoesNothing_WhenTheTimerWasRemovedWithItsTask()
    {
        await using var engine = HangfireTestEngine.Create();
        var instance = await engine.StartAsync(Bpmn.TaskWithTimeout());
        var (jobId, _) = Assert.Single(engine.ScheduledJobs());

        await engine.CompleteAsync(instance.Id, "Task");
        engine.Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Single(engine.ScheduledJobs());
        Assert.Equal(false, await engine.PerformAsync(jobId));
        Assert.Equal(0, await engine.TimersFiredAsync(instance.Id));
    }

    [Fact]
    public async Task FireTimerJobAndSweep_FireEachTimerExactlyOnce_WhenTheyRace()
    {
        await using var engine = HangfireTestEngine.Create();
        for (var round = 0; round < 20; round++)
        {
            var instance = await engine.StartAsync(Bpmn.TaskWithTimeout());
            var timer = Assert.Single(instance.Timers);
            engine.Clock.Advance(TimeSpan.FromMinutes(10));

            // Each side resolves its jobs in its own scope, then both are released at once; which starts first
            // alternates, so that over the rounds both the job and the sweep get to win.
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<int> Side(Func<WorkflowJobs, Task<int>> run) => Task.Run(() => engine.JobsAsync(async jobs =>
            {
                await go.Task;
                return await run(jobs);
            }));
            Task<int> Job() => Side(async j => await j.FireTimerAsync(instance.Id, timer.Id, CancellationToken.None) ? 1 : 0);
            Task<int> Sweep() => Side(j => j.SweepTimersAsync(CancellationToken.None));
            var sides = round % 2 == 0 ? new[] { Job(), Sweep() } : [Sweep(), Job()];
            go.SetResult();

            Assert.Equal(1, (await Task.WhenAll(sides)).Sum());
            Assert.Equal(1, await engine.TimersFiredAsync(instance.Id));
        }
    }

    [Fact]
    public async Task Sweep_FiresTheOverdueTimerOnce_WhenHangfireLostItsJob()
    {
        await using var before = HangfireTestEngine.Create();
        var instance = await before.StartAsync(Bpmn.TaskWithTimeout());
        Assert.Single(before.ScheduledJobs());

        // A restart: the database survives, in-memory Hangfire storage does not.
        await using var after = HangfireTestEngine.Create(database: before);
        after.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Empty(after.ScheduledJobs());

        Assert.Equal(1, await after.JobsAsync(j => j.SweepTimersAsync(CancellationToken.None)));
        Assert.Equal(0, await after.JobsAsync(j => j.SweepTimersAsync(CancellationToken.None)));

        Assert.Equal(1, await after.TimersFiredAsync(instance.Id));
        Assert.Equal(InstanceState.Completed, (await after.InstanceAsync(instance.Id)).State);
    }

    [Fact]
    public async Task StartUp_ReschedulesEveryStoredTimer_WhenHangfireStorageDidNotSurviveTheRestart()
    {
        await using var before = HangfireTestEngine.Create();
        var instance = await before.StartAsync(Bpmn.TaskWithTimeout());
        var timer = Assert.Single(instance.Timers);

        // A restart: the database survives, in-memory Hangfire storage does not; the host starts its hosted services.
        await using var after = HangfireTestEngine.Create(database: before);
        foreach (var service in after.Services.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        var (_, job) = Assert.Single(after.ScheduledJobs());
        Assert.Equal(nameof(WorkflowJobs.FireTimerAsync), job.Job.Method.Name);
        Assert.Equal([instance.Id, timer.Id], job.Job.Args.Take(2));
        Assert.Equal(timer.DueAt.UtcDateTime, job.EnqueueAt);
    }

    [Fact]
    public async Task Start_EnqueuesTheJobAtOnce_WhenTheTimerIsAlreadyDue()
    {
        await using var engine = HangfireTestEngine.Create();

        var instance = await engine.StartAsync(Bpmn.WaitUntil("2026-01-05T08:00:00+07:00"));

        var timer = Assert.Single(instance.Timers);
        Assert.True(timer.DueAt < T0);
        Assert.Empty(engine.ScheduledJobs());
        var (jobId, job) = Assert.Single(engine.EnqueuedJobs());
        Assert.Equal(nameof(WorkflowJobs.FireTimerAsync), job.Job.Method.Name);
        Assert.Equal([instance.Id, timer.Id], job.Job.Args.Take(2));

        Assert.Equal(true, await engine.PerformAsync(jobId));
        Assert.Equal(1, await engine.TimersFiredAsync(instance.Id));
    }

    [Fact]
    public async Task TriggeredTimerSweep_RunsThroughHangfiresFilters_AndFiresDueTimers()
    {
        await using var engine = HangfireTestEngine.Create();
        var instance = await engine.StartAsync(Bpmn.TaskWithTimeout());
        var options = new HangfireSchedulingOptions();
        var manager = new RecurringJobManager(engine.Storage);
        WorkflowJobs.RegisterRecurringJobs(manager, options);
        engine.Clock.Advance(TimeSpan.FromMinutes(10));

        var sweepJobId = manager.TriggerJob(options.TimerSweepJobId);

        Assert.Equal(1, await engine.PerformAsync(sweepJobId));
        Assert.Equal(1, await engine.TimersFiredAsync(instance.Id));
    }
}
