using Microsoft.Extensions.DependencyInjection;
using Sicantik.Workflows.Hangfire.Tests.Support;
using Sicantik.Workflows.Outbox;

namespace Sicantik.Workflows.Hangfire.Tests;

public sealed class OutboxJobsTests
{
    private const string Topic = "kirim-surel";
    private const string Payload = """{"to":"pemohon@example.id","subject":"Izin terbit"}""";

    private static HangfireTestEngine CreateEngine(IDictionary<string, string?>? settings = null) =>
        HangfireTestEngine.Create(topics: [Topic], settings: settings);

    /// <summary>Starts an instance whose service task writes one email to the outbox; returns the message's id.</summary>
    private static async Task<Guid> StartWithMessageAsync(HangfireTestEngine engine)
    {
        engine.Handlers.On(Topic, ctx => ctx.Enqueue("email", Payload));
        var instance = await engine.StartAsync(Bpmn.SendThenTask(Topic));
        var message = Assert.Single(await engine.MessagesAsync(OutboxState.Pending));
        Assert.Equal(instance.Id, message.InstanceId);
        Assert.Equal(Payload, message.Payload);
        return message.Id;
    }

    private static string DeliveryJob(HangfireTestEngine engine, Guid messageId, DateTimeOffset at)
    {
        var (jobId, job) = Assert.Single(engine.ScheduledJobs(), j => j.Value.Job.Method.Name == nameof(WorkflowJobs.DeliverOutboxAsync) && j.Value.EnqueueAt == at.UtcDateTime);
        Assert.Equal(messageId, job.Job.Args[0]);
        return jobId;
    }

    [Fact]
    public async Task Step_EnqueuesOneDeliveryJob_WhoseRunDeliversTheMessageOnce()
    {
        await using var engine = CreateEngine();
        var messageId = await StartWithMessageAsync(engine);

        var (jobId, job) = Assert.Single(engine.EnqueuedJobs());
        Assert.Equal(typeof(WorkflowJobs), job.Job.Type);
        Assert.Equal(nameof(WorkflowJobs.DeliverOutboxAsync), job.Job.Method.Name);
        Assert.Equal(messageId, job.Job.Args[0]);
        Assert.Empty(engine.ScheduledJobs());

        Assert.Equal(true, await engine.PerformAsync(jobId));

        Assert.Equal([messageId], engine.Deliverer.Calls.Select(c => c.MessageId));
        var message = await engine.MessageAsync(messageId);
        Assert.Equal(OutboxState.Delivered, message.State);
        Assert.Equal(1, message.Attempts);

        Assert.Equal(false, await engine.PerformAsync(jobId));
        Assert.Equal(0, await engine.JobsAsync(j => j.SweepOutboxAsync(CancellationToken.None)));
        Assert.Single(engine.Deliverer.Calls);
        Assert.Empty(engine.ScheduledJobs());
    }

    [Fact]
    public async Task DeliveryJob_SchedulesTheNextAttemptAtNextAttemptAt_WhenDeliveryFails()
    {
        await using var engine = CreateEngine();
        var messageId = await StartWithMessageAsync(engine);
        engine.Deliverer.Failing = true;
        var (jobId, _) = Assert.Single(engine.EnqueuedJobs());

        Assert.Equal(false, await engine.PerformAsync(jobId));

        var message = await engine.MessageAsync(messageId);
        Assert.Equal(OutboxState.Pending, message.State);
        Assert.Equal(1, message.Attempts);
        Assert.Equal("SMTP server tidak menjawab", message.LastError);
        Assert.Equal(engine.Clock.GetUtcNow() + TimeSpan.FromMinutes(1), message.NextAttemptAt);
        DeliveryJob(engine, messageId, message.NextAttemptAt);
    }

    [Fact]
    public async Task DeliveryJobs_RetryWithBackoffUntilFailed_ThenResendDeliversOnce()
    {
        await using var engine = CreateEngine(new Dictionary<string, string?> { ["Workflows:OutboxAttempts"] = "3" });
        var messageId = await StartWithMessageAsync(engine);
        engine.Deliverer.Failing = true;
        var (jobId, _) = Assert.Single(engine.EnqueuedJobs());

        Assert.Equal(false, await engine.PerformAsync(jobId));
        var first = await engine.MessageAsync(messageId);
        engine.Clock.Advance(first.NextAttemptAt - engine.Clock.GetUtcNow());
        Assert.Equal(false, await engine.PerformAsync(DeliveryJob(engine, messageId, first.NextAttemptAt)));

        var second = await engine.MessageAsync(messageId);
        Assert.Equal(OutboxState.Pending, second.State);
        Assert.Equal(2, second.Attempts);
        Assert.Equal(engine.Clock.GetUtcNow() + TimeSpan.FromMinutes(2), second.NextAttemptAt);
        engine.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(false, await engine.PerformAsync(DeliveryJob(engine, messageId, second.NextAttemptAt)));

        var failed = await engine.MessageAsync(messageId);
        Assert.Equal(OutboxState.Failed, failed.State);
        Assert.Equal(3, failed.Attempts);
        Assert.Equal(2, engine.ScheduledJobs().Count);
        Assert.Equal(3, engine.Deliverer.Calls.Count);

        engine.Deliverer.Failing = false;
        await engine.InScopeAsync(sp => sp.GetRequiredService<OutboxService>().ResendAsync(messageId));
        Assert.Equal(1, await engine.JobsAsync(j => j.SweepOutboxAsync(CancellationToken.None)));
        Assert.Equal(0, await engine.JobsAsync(j => j.SweepOutboxAsync(CancellationToken.None)));

        var delivered = await engine.MessageAsync(messageId);
        Assert.Equal(OutboxState.Delivered, delivered.State);
        Assert.Equal(4, engine.Deliverer.Calls.Count);
    }

    [Fact]
    public async Task DeliveryJob_ReschedulesItself_WhenRunBeforeTheNextAttemptIsDue()
    {
        await using var engine = CreateEngine();
        var messageId = await StartWithMessageAsync(engine);
        engine.Deliverer.Failing = true;
        var (jobId, _) = Assert.Single(engine.EnqueuedJobs());
        Assert.Equal(false, await engine.PerformAsync(jobId));
        var pending = await engine.MessageAsync(messageId);
        var retryJobId = DeliveryJob(engine, messageId, pending.NextAttemptAt);

        Assert.False(await engine.JobsAsync(j => j.DeliverOutboxAsync(messageId, CancellationToken.None)));

        Assert.Single(engine.Deliverer.Calls);
        Assert.Equal(1, (await engine.MessageAsync(messageId)).Attempts);
        Assert.Equal(2, engine.ScheduledJobs().Count(j => j.Value.EnqueueAt == pending.NextAttemptAt.UtcDateTime));
        Assert.Contains(engine.ScheduledJobs(), j => j.Key == retryJobId);
    }
}
