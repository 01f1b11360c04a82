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
