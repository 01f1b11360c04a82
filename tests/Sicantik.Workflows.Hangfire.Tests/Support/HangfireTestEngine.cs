using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.Server;
using Hangfire.Storage.Monitoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Outbox;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.ServiceTasks;
using Sicantik.Workflows.Stores;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Workflows.Hangfire.Tests.Support;

/// <summary>
/// The engine composed with <c>UseHangfireScheduling</c> over Hangfire's in-memory storage, on in-memory stores and a
/// fake clock. Nothing processes the jobs: tests read them from the storage and run them as Hangfire's worker would.
/// </summary>
internal sealed class HangfireTestEngine : IAsyncDisposable
{
    /// <summary>Monday 23 November 2026, 08:00 WIB.</summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(7));

    private readonly ServiceProvider _provider;

    private HangfireTestEngine(ServiceProvider provider, FakeTimeProvider clock, InMemoryStorage storage, ServiceTaskScript handlers, RecordingDeliverer deliverer)
    {
        _provider = provider;
        Clock = clock;
        Storage = storage;
        Handlers = handlers;
        Deliverer = deliverer;
        Activator = new ServiceProviderJobActivator(provider.GetRequiredService<IServiceScopeFactory>());
    }

    public FakeTimeProvider Clock { get; }

    public InMemoryStorage Storage { get; }

    public ServiceTaskScript Handlers { get; }

    /// <summary>The deliverer of topic <c>email</c>.</summary>
    public RecordingDeliverer Deliverer { get; }

    public ServiceProviderJobActivator Activator { get; }

    public IServiceProvider Services => _provider;

    public InMemoryInstanceStore InstanceStore => _provider.GetRequiredService<InMemoryInstanceStore>();

    public InMemoryDefinitionStore DefinitionStore => _provider.GetRequiredService<InMemoryDefinitionStore>();

    /// <summary>
    /// An engine whose service tasks of <paramref name="topics"/> run what <see cref="Handlers"/> says. With
    /// <paramref name="database"/>, it shares that engine's stores and clock but starts with empty Hangfire storage, as a
    /// node does after a restart when the database survives and in-memory Hangfire storage does not.
    /// </summary>
    public static HangfireTestEngine Create(
        IEnumerable<string>? topics = null,
        IDictionary<string, string?>? settings = null,
        Action<HangfireSchedulingOptions>? configure = null,
        HangfireTestEngine? database = null)
    {
        var clock = database?.Clock ?? new FakeTimeProvider(MondayMorning);
        var storage = new InMemoryStorage();
        var handlers = new ServiceTaskScript();
        var deliverer = new RecordingDeliverer("email");
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        services.AddSingleton<TimeProvider>(clock);
        if (database is not null)
        {
            services.AddSingleton(database.InstanceStore);
            services.AddSingleton(database.DefinitionStore);
        }

        services.AddSingleton<IBackgroundJobClient>(new BackgroundJobClient(storage));
        services.AddSingleton<IRecurringJobManager>(new RecurringJobManager(storage));
        services.AddSingleton<IOutboxDeliverer>(deliverer);
        foreach (var topic in topics ?? [])
        {
            services.AddSingleton<IServiceTaskHandler>(new ScriptedHandler(topic, handlers));
        }

        services.AddWorkflows().UseHangfireScheduling(configure);
        return new HangfireTestEngine(services.BuildServiceProvider(validateScopes: true), clock, storage, handlers, deliverer);
    }

    /// <summary>Runs <paramref name="action"/> with services from a scope of its own, as one request or one job.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _provider.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>Calls a job method on <see cref="WorkflowJobs"/> resolved from a scope of its own.</summary>
    public Task<T> JobsAsync<T>(Func<WorkflowJobs, Task<T>> job) => InScopeAsync(sp => job(sp.GetRequiredService<WorkflowJobs>()));

    public async Task<ProcessInstance> StartAsync(string xml)
    {
        var definition = await InScopeAsync(sp => sp.GetRequiredService<DefinitionService>().DeployAsync(xml, "admin", publish: true));
        return await InScopeAsync(sp => sp.GetRequiredService<RuntimeService>().StartAsync(new StartInstanceRequest
        {
            DefinitionKey = definition.Definition.Key,
            StartedBy = "tester",
        }));
    }

    public Task<ProcessInstance> InstanceAsync(Guid id) => InScopeAsync(sp => sp.GetRequiredService<RuntimeService>().GetAsync(id));

    public async Task<int> TimersFiredAsync(Guid instanceId) =>
        (await InScopeAsync(sp => sp.GetRequiredService<HistoryService>().GetAsync(instanceId))).Count(e => e.Type == HistoryEventType.TimerFired);

    public Task<HumanTask> CompleteAsync(Guid instanceId, string elementId) => InScopeAsync(async sp =>
    {
        var tasks = sp.GetRequiredService<TaskService>();
        var task = Assert.Single(await tasks.QueryAsync(new TaskQuery { InstanceId = instanceId, ElementId = elementId }));
        return await tasks.CompleteAsync(task.Id, new WorkflowUser("staf-user", "staf"), null, new Dictionary<string, object?>());
    });

    public Task<OutboxMessage> MessageAsync(Guid id) =>
        InScopeAsync(async sp => (await sp.GetRequiredService<IOutboxStore>().FindAsync(id)) ?? throw new InvalidOperationException($"No outbox message {id}."));

    public Task<IReadOnlyList<OutboxMessage>> MessagesAsync(OutboxState state) =>
        InScopeAsync(sp => sp.GetRequiredService<OutboxService>().ListAsync(state));

    public List<KeyValuePair<string, ScheduledJobDto>> ScheduledJobs() => [.. Storage.GetMonitoringApi().ScheduledJobs(0, 100)];

    public List<KeyValuePair<string, EnqueuedJobDto>> EnqueuedJobs() => [.. Storage.GetMonitoringApi().EnqueuedJobs("default", 0, 100)];

    /// <summary>
    /// Performs a stored job the way Hangfire's worker does: the job as stored (type, method, arguments), its filters
    /// (<c>DisableConcurrentExecution</c> takes the storage's lock) and a scope from <see cref="ServiceProviderJobActivator"/>.
    /// The job's state in the storage is left as it was.
    /// </summary>
    public Task<object?> PerformAsync(string jobId) => Task.Run(() =>
    {
        using var connection = Storage.GetConnection();
        var data = connection.GetJobData(jobId) ?? throw new InvalidOperationException($"No Hangfire job {jobId}.");
        var context = new PerformContext(Storage, connection, new BackgroundJob(jobId, data.Job, data.CreatedAt), new JobCancellationToken(false));
        return (object?)new BackgroundJobPerformer(JobFilterProviders.Providers, Activator).Perform(context);
    });

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        Storage.Dispose();
    }
}

/// <summary>What the service-task handlers do, by topic.</summary>
internal sealed class ServiceTaskScript
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Action<ServiceTaskContext>> _behaviours = new(StringComparer.Ordinal);

    public void On(string topic, Action<ServiceTaskContext> behaviour)
    {
        lock (_lock)
        {
            _behaviours[topic] = behaviour;
        }
    }

    internal void Run(ServiceTaskContext context)
    {
        Action<ServiceTaskContext>? behaviour;
        lock (_lock)
        {
            _behaviours.TryGetValue(context.Topic, out behaviour);
        }

        behaviour?.Invoke(context);
    }
}

internal sealed class ScriptedHandler(string topic, ServiceTaskScript script) : IServiceTaskHandler
{
    public string Topic => topic;

    public Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken)
    {
        script.Run(context);
        return Task.CompletedTask;
    }
}

/// <summary>An outbox deliverer that records each call and fails while <see cref="Failing"/> is set.</summary>
internal sealed class RecordingDeliverer(string topic) : IOutboxDeliverer
{
    private readonly Lock _lock = new();
    private readonly List<(Guid MessageId, bool CanBeCancelled)> _calls = [];

    public string Topic => topic;

    public bool Failing { get; set; }

    /// <summary>Completed with the message id at the first call.</summary>
    public TaskCompletionSource<Guid> FirstCall { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<(Guid MessageId, bool CanBeCancelled)> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _calls.Add((message.Id, cancellationToken.CanBeCanceled));
        }

        FirstCall.TrySetResult(message.Id);
        return Failing ? throw new InvalidOperationException("SMTP server tidak menjawab") : Task.CompletedTask;
    }
}
