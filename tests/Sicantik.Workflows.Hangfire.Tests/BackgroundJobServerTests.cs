using Hangfire;
using Sicantik.Workflows.Hangfire.Tests.Support;
using Sicantik.Workflows.Outbox;

namespace Sicantik.Workflows.Hangfire.Tests;

/// <summary>The jobs run by a real Hangfire server in-process, waiting on conditions rather than time.</summary>
public sealed class BackgroundJobServerTests
{
    private const string Topic = "kirim-surel";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    [Fact]
    public async Task Server_RunsTheDeliveryAndTimerJobs_ThroughTheActivatorWithItsCancellationToken()
    {
        await using var engine = HangfireTestEngine.Create(topics: [Topic]);
        engine.Handlers.On(Topic, ctx => ctx.Enqueue("email", "{}"));
        var instance = await engine.StartAsync(Bpmn.SendThenWaitUntil(Topic, "2026-01-05T08:00:00+07:00"));
        Assert.Equal(2, engine.EnqueuedJobs().Count);

        using (var server = new BackgroundJobServer(new BackgroundJobServerOptions { Activator = engine.Activator, WorkerCount = 2 }, engine.Storage))
        {
            var messageId = await engine.Deliverer.FirstCall.Task.WaitAsync(Patience);
            await WaitUntilAsync(() => engine.Storage.GetMonitoringApi().SucceededListCount() == 2);

            var message = await engine.MessageAsync(messageId);
            Assert.Equal(OutboxState.Delivered, message.State);
            Assert.Equal(instance.Id, message.InstanceId);
        }

        var call = Assert.Single(engine.Deliverer.Calls);
        Assert.True(call.CanBeCancelled);
        Assert.Equal(1, await engine.TimersFiredAsync(instance.Id));
        Assert.Equal(0, engine.Storage.GetMonitoringApi().FailedCount());
    }
}
