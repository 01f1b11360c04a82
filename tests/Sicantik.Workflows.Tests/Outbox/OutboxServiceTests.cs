using Microsoft.Extensions.DependencyInjection;
using Sicantik.Workflows.Outbox;
using Sicantik.Workflows.Tests.Support;
using static Sicantik.Workflows.Tests.Runtime.RuntimeKit;

namespace Sicantik.Workflows.Tests.Outbox;

public sealed class OutboxServiceTests
{
    private const string Topic = "kirim-surel";
    private const string Payload = """{"to":"pemohon@example.id","subject":"Izin terbit"}""";
    private static readonly DateTimeOffset T0 = TestEngine.MondayMorning;

    /// <summary>start → Send (topic kirim-surel) → After → end.</summary>
    private static string SendThenTask() => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        {ServiceTask("Send", Topic)}
        {UserTask("After")}
        <bpmn:endEvent id="End" />
        {Bpmn.Flow("f1", "Start", "Send")}
        {Bpmn.Flow("f2", "Send", "After")}
        {Bpmn.Flow("f3", "After", "End")}
        """,
        "kirim");

    /// <summary>An engine whose <c>email</c> deliverer records into <paramref name="log"/>, registered as a host would.</summary>
    private static TestEngine Create(DeliveryLog log, IDictionary<string, string?>? settings = null) => TestEngine.Create(
        topics: [Topic],
        configure: services =>
        {
            services.AddSingleton(log);
            new WorkflowsBuilder(services).AddOutboxDeliverer<LoggingDeliverer>();
        },
        settings: settings);

    /// <summary>Starts an instance whose service task writes one message of <paramref name="topic"/>; returns it as stored.</summary>
    private static async Task<OutboxMessage> StartWithMessageAsync(TestEngine engine, string topic = "email")
    {
        engine.Handlers.On(Topic, ctx => ctx.Enqueue(topic, Payload));
        await engine.DeployAsync(SendThenTask());
        await engine.StartAsync("kirim");
        return Assert.Single(await Outbox(engine).ListAsync(OutboxState.Pending));
    }

    private static OutboxService Outbox(TestEngine engine) => engine.Services.GetRequiredService<OutboxService>();

    private static async Task<OutboxMessage> FindAsync(TestEngine engine, Guid id) =>
        await engine.Services.GetRequiredService<IOutboxStore>().FindAsync(id) ?? throw new InvalidOperationException($"No message {id}.");

    [Fact]
    public async Task Enqueue_StoresAPendingMessage_WithTheStepsInstanceTopicAndPayload()
    {
        await using var engine = Create(new DeliveryLog());
        engine.Handlers.On(Topic, ctx => ctx.Enqueue("email", Payload));
        await engine.DeployAsync(SendThenTask());

        var instance = await engine.StartAsync("kirim");

        var message = Assert.Single(await Outbox(engine).ListAsync(OutboxState.Pending));
        Assert.Equal(instance.Id, message.InstanceId);
        Assert.Equal("email", message.Topic);
        Assert.Equal(Payload, message.Payload);
        Assert.Equal(T0, message.CreatedAt);
        Assert.Equal(T0, message.NextAttemptAt);
        Assert.Equal(0, message.Attempts);
        Assert.Null(message.DeliveredAt);
    }

    [Fact]
    public async Task DeliverDue_DeliversOnce_AndTheNextSweepDeliversNothing()
    {
        var log = new DeliveryLog();
        await using var engine = Create(log);
        var message = await StartWithMessageAsync(engine);

        Assert.Equal(1, await Outbox(engine).DeliverDueAsync());
        Assert.Equal(0, await Outbox(engine).DeliverDueAsync());
        Assert.False(await Outbox(engine).DeliverAsync(message.Id));

        var delivered = Assert.Single(log.Delivered);
        Assert.Equal(message.Id, delivered.Id);
        Assert.Equal(Payload, delivered.Payload);
        var stored = await FindAsync(engine, message.Id);
        Assert.Equal(OutboxState.Delivered, stored.State);
        Assert.Equal(T0, stored.DeliveredAt);
        Assert.Equal(1, stored.Attempts);
        Assert.Null(stored.LastError);
        Assert.Empty(await Outbox(engine).ListAsync(OutboxState.Pending));
    }

    [Fact]
    public async Task FailedDelivery_WaitsRetryBackoffThenTwiceAsLong_AndIsNotDueBeforeThen()
    {
        var log = new DeliveryLog { Failing = true };
        await using var engine = Create(log, new Dictionary<string, string?> { ["Workflows:RetryBackoff"] = "00:01:00" });
        var message = await StartWithMessageAsync(engine);

        Assert.Equal(0, await Outbox(engine).DeliverDueAsync());
        var first = await FindAsync(engine, message.Id);
        Assert.Equal(OutboxState.Pending, first.State);
        Assert.Equal(1, first.Attempts);
        Assert.Equal(T0.AddMinutes(1), first.NextAttemptAt);
        Assert.Equal("SMTP server tidak menjawab", first.LastError);

        engine.Clock.Advance(new TimeSpan(0, 0, 59));
        Assert.Equal(0, await Outbox(engine).DeliverDueAsync());
        Assert.False(await Outbox(engine).DeliverAsync(message.Id));
        Assert.Equal(1, log.Attempts);

        engine.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await Outbox(engine).DeliverDueAsync());
        var second = await FindAsync(engine, message.Id);
        Assert.Equal(2, second.Attempts);
        Assert.Equal(T0.AddMinutes(1 + 2), second.NextAttemptAt);

        engine.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, await Outbox(engine).DeliverDueAsync());
        Assert.Equal(T0.AddMinutes(1 + 2 + 4), (await FindAsync(engine, message.Id)).NextAttemptAt);
        Assert.Equal(3, log.Attempts);
    }

    [Fact]
    public async Task FailedDelivery_IsKeptAsFailed_AfterOutboxAttempts_AndResendDeliversIt()
    {
        var log = new DeliveryLog { Failing = true };
        await using var engine = Create(log, new Dictionary<string, string?> { ["Workflows:OutboxAttempts"] = "2" });
        var message = await StartWithMessageAsync(engine);

        Assert.Equal(0, await Outbox(engine).DeliverDueAsync());
        engine.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await Outbox(engine).DeliverDueAsync());

        var failed = Assert.Single(await Outbox(engine).ListAsync(OutboxState.Failed));
        Assert.Equal(message.Id, failed.Id);
        Assert.Equal(2, failed.Attempts);
        Assert.Equal("SMTP server tidak menjawab", failed.LastError);
        Assert.Empty(await Outbox(engine).ListAsync(OutboxState.Pending));
        engine.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await Outbox(engine).DeliverDueAsync());
        Assert.Equal(2, log.Attempts);

        log.Failing = false;
        var resent = await Outbox(engine).ResendAsync(message.Id);
        Assert.Equal(OutboxState.Pending, resent.State);
        Assert.Equal(0, resent.Attempts);
        Assert.Equal(engine.Clock.GetUtcNow(), resent.NextAttemptAt);

        Assert.Equal(1, await Outbox(engine).DeliverDueAsync());
        Assert.Equal(0, await Outbox(engine).DeliverDueAsync());
        Assert.Equal(OutboxState.Delivered, (await FindAsync(engine, message.Id)).State);
        Assert.Single(log.Delivered);
        Assert.Empty(await Outbox(engine).ListAsync(OutboxState.Failed));
    }

    [Fact]
    public async Task Resend_Refuses_WhenTheMessageIsDeliveredOrUnknown()
    {
        await using var engine = Create(new DeliveryLog());
        var message = await StartWithMessageAsync(engine);
        Assert.Equal(1, await Outbox(engine).DeliverDueAsync());

        var delivered = await Assert.ThrowsAsync<WorkflowException>(() => Outbox(engine).ResendAsync(message.Id));
        var unknown = await Assert.ThrowsAsync<WorkflowException>(() => Outbox(engine).ResendAsync(Guid.NewGuid()));

        Assert.Equal(WorkflowError.OutboxMessageNotFailed, delivered.Error);
        Assert.Equal(WorkflowError.OutboxMessageNotFailed, unknown.Error);
        Assert.Equal(OutboxState.Delivered, (await FindAsync(engine, message.Id)).State);
    }

    [Fact]
    public async Task Enqueue_StoresNothing_WhenTheHandlerThrowsAfterwards()
    {
        var log = new DeliveryLog();
        await using var engine = Create(log);
        engine.Handlers.On(Topic, ctx =>
        {
            ctx.Enqueue("email", ctx.Attempt == 1 ? """{"attempt":1}""" : """{"attempt":2}""");
            if (ctx.Attempt == 1)
            {
                throw new InvalidOperationException("server OSS tidak menjawab");
            }
        });
        await engine.DeployAsync(SendThenTask());

        var instance = await engine.StartAsync("kirim");

        Assert.Single(instance.Timers);
        Assert.Empty(await Outbox(engine).ListAsync(OutboxState.Pending));
        Assert.Equal(0, await Outbox(engine).DeliverDueAsync());

        // The retry succeeds: only its message is kept.
        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromMinutes(1)));
        var kept = Assert.Single(await Outbox(engine).ListAsync(OutboxState.Pending));
        Assert.Equal("""{"attempt":2}""", kept.Payload);
        Assert.Equal(1, await Outbox(engine).DeliverDueAsync());
        Assert.Equal([kept.Id], log.Delivered.Select(m => m.Id));
    }

    [Fact]
    public async Task DeliverDue_RecordsAFailedAttemptNamingTheTopic_WhenNoDelivererServesIt()
    {
        await using var engine = Create(new DeliveryLog());
        var message = await StartWithMessageAsync(engine, topic: "sms");

        Assert.Equal(0, await Outbox(engine).DeliverDueAsync());

        var stored = await FindAsync(engine, message.Id);
        Assert.Equal(OutboxState.Pending, stored.State);
        Assert.Equal(1, stored.Attempts);
        Assert.Contains("sms", stored.LastError, StringComparison.Ordinal);
        Assert.Equal(T0.AddMinutes(1), stored.NextAttemptAt);
    }

    /// <summary>What the <c>email</c> deliverer was handed; fails every attempt while <see cref="Failing"/> is set.</summary>
    [Fact]
    public async Task InFlightMessage_OfThisNodesPreviousStart_IsDeliveredAtStartUp_NotWhenItsLeaseRunsOut()
    {
        var log = new DeliveryLog();
        await using var engine = Create(log);
        var message = await StartWithMessageAsync(engine);
        var node = engine.Services.GetRequiredService<OutboxNode>();

        // The node's previous start claimed the message and stopped while delivering it (its deliverer never returned).
        await using var previous = await ClaimAndHangAsync(engine, new OutboxNode(node.Name, Guid.NewGuid()), message.Id);
        var leased = await FindAsync(engine, message.Id);
        Assert.Equal(T0.AddMinutes(5), leased.NextAttemptAt);
        Assert.StartsWith(node.Name + "/", leased.LeaseHolder, StringComparison.Ordinal);
        Assert.Equal(0, await Outbox(engine).DeliverDueAsync());

        // This start releases it, and it goes out with no time passed.
        Assert.Equal(1, await Outbox(engine).ResumeInFlightAsync());
        Assert.Equal(1, await Outbox(engine).DeliverDueAsync());

        Assert.Equal(T0, engine.Clock.GetUtcNow());
        Assert.Equal(message.Id, Assert.Single(log.Delivered).Id);
        var delivered = await FindAsync(engine, message.Id);
        Assert.Equal(OutboxState.Delivered, delivered.State);
        Assert.Null(delivered.LeaseHolder);
        Assert.Equal(0, await Outbox(engine).ResumeInFlightAsync());
    }

    [Fact]
    public async Task InFlightMessage_OfAnotherNode_OrOfThisStart_IsLeftToItsLease()
    {
        var log = new DeliveryLog();
        await using var engine = Create(log);
        var theirs = await StartWithMessageAsync(engine);
        var node = engine.Services.GetRequiredService<OutboxNode>();
        await using var otherNode = await ClaimAndHangAsync(engine, new OutboxNode(node.Name + "-2", Guid.NewGuid()), theirs.Id);
        await engine.StartAsync("kirim");
        var ours = (await Outbox(engine).ListAsync(OutboxState.Pending)).Single(m => m.Id != theirs.Id);
        await using var thisStart = await ClaimAndHangAsync(engine, node, ours.Id);

        // Another node may still be delivering, and so is this process: neither lease is taken away.
        Assert.Equal(0, await Outbox(engine).ResumeInFlightAsync());
        Assert.Equal(0, await Outbox(engine).DeliverDueAsync());

        // When a lease runs out, the sweep takes the message as before.
        engine.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(2, await Outbox(engine).DeliverDueAsync());
        Assert.Equal(new[] { theirs.Id, ours.Id }.Order(), log.Delivered.Select(m => m.Id).Order());
    }

    /// <summary>
    /// A delivery by <paramref name="node"/> (another process, with its own store) that claims the message and then
    /// hangs in its deliverer, as a process that died mid-delivery leaves it; disposing the handle ends it.
    /// </summary>
    private static async Task<IAsyncDisposable> ClaimAndHangAsync(TestEngine engine, OutboxNode node, Guid messageId)
    {
        var scope = engine.Services.CreateAsyncScope();
        var deliverer = new HangingDeliverer();
        var service = new OutboxService(
            scope.ServiceProvider.GetRequiredService<IOutboxStore>(),
            [deliverer],
            new SweepOnlyOutboxDispatcher(),
            engine.Clock,
            scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<WorkflowOptions>>(),
            node);
        var stop = new CancellationTokenSource();
        var delivery = service.DeliverAsync(messageId, stop.Token);
        await deliverer.Started;
        return new Hung(stop, delivery, scope);
    }

    private sealed class Hung(CancellationTokenSource stop, Task delivery, AsyncServiceScope scope) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delivery);
            stop.Dispose();
            await scope.DisposeAsync();
        }
    }

    private sealed class HangingDeliverer : IOutboxDeliverer
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Topic => "email";

        public Task Started => _started.Task;

        public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            _started.TrySetResult();
            await new TaskCompletionSource().Task.WaitAsync(cancellationToken);
        }
    }

    private sealed class DeliveryLog
    {
        private readonly Lock _lock = new();
        private readonly List<OutboxMessage> _delivered = [];
        private int _attempts;

        public bool Failing { get; set; }

        public int Attempts => Volatile.Read(ref _attempts);

        public IReadOnlyList<OutboxMessage> Delivered
        {
            get
            {
                lock (_lock)
                {
                    return [.. _delivered];
                }
            }
        }

        public void Record(OutboxMessage message)
        {
            Interlocked.Increment(ref _attempts);
            if (Failing)
            {
                throw new InvalidOperationException("SMTP server tidak menjawab");
            }

            lock (_lock)
            {
                _delivered.Add(message.Clone());
            }
        }
    }

    private sealed class LoggingDeliverer(DeliveryLog log) : IOutboxDeliverer
    {
        public string Topic => "email";

        public Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            log.Record(message);
            return Task.CompletedTask;
        }
    }
}
