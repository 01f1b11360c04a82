using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Scheduling;
using Sicantik.Workflows.ServiceTasks;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Workflows.Tests.Support;

/// <summary>The engine as a host composes it, on in-memory stores and a fake clock.</summary>
internal sealed partial class TestEngine : IAsyncDisposable
{
    private readonly List<Func<ValueTask>> _cleanups = [];

    /// <summary>Monday 23 November 2026, 08:00 WIB: office hours have just begun.</summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(7));

    private readonly ServiceProvider _provider;
    private readonly AsyncServiceScope _scope;

    private TestEngine(ServiceProvider provider, FakeTimeProvider clock, RecordingHandlers handlers)
    {
        _provider = provider;
        _scope = provider.CreateAsyncScope();
        Clock = clock;
        Handlers = handlers;
    }

    public FakeTimeProvider Clock { get; }

    public RecordingHandlers Handlers { get; }

    public IServiceProvider Services => _scope.ServiceProvider;

    public DefinitionService Definitions => Services.GetRequiredService<DefinitionService>();

    public RuntimeService Runtime => Services.GetRequiredService<RuntimeService>();

    public TaskService Tasks => Services.GetRequiredService<TaskService>();

    public TimerService Timers => Services.GetRequiredService<TimerService>();

    public HistoryService History => Services.GetRequiredService<HistoryService>();

    /// <summary>An engine whose handlers serve <paramref name="topics"/> by recording each call.</summary>
    public static TestEngine Create(IEnumerable<string>? topics = null, Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var clock = new FakeTimeProvider(MondayMorning);
        var handlers = new RecordingHandlers();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(handlers);
        services.AddWorkflows();
        foreach (var topic in topics ?? [])
        {
            services.AddSingleton<IServiceTaskHandler>(new RecordingHandler(topic, handlers));
        }

        var cleanups = new List<Func<ValueTask>>();
        UseStores(services, cleanups);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(validateScopes: true);
        PrepareStores(provider);
        var engine = new TestEngine(provider, clock, handlers);
        engine._cleanups.AddRange(cleanups);
        return engine;
    }

    /// <summary>Where a test project puts the engine's stores (in-memory unless a project says otherwise).</summary>
    static partial void UseStores(IServiceCollection services, List<Func<ValueTask>> cleanups);

    /// <summary>Readies the stores once the provider is built (applies a database's migrations).</summary>
    static partial void PrepareStores(IServiceProvider provider);

    /// <summary>Deploys and publishes <paramref name="xml"/>.</summary>
    public async Task<DefinitionRecord> DeployAsync(string xml) => (await Definitions.DeployAsync(xml, "admin", publish: true)).Definition;

    public Task<ProcessInstance> StartAsync(string key, object? variables = null, string? businessKey = null) =>
        Runtime.StartAsync(new StartInstanceRequest
        {
            DefinitionKey = key,
            BusinessKey = businessKey,
            Variables = variables as IReadOnlyDictionary<string, object?> ?? Vars.From(variables),
            StartedBy = "tester",
        });

    public Task<ProcessInstance> InstanceAsync(Guid id) => Runtime.GetAsync(id);

    /// <summary>The open tasks of an instance, by due date.</summary>
    public Task<IReadOnlyList<HumanTask>> OpenTasksAsync(Guid instanceId) => Tasks.QueryAsync(new TaskQuery { InstanceId = instanceId });

    /// <summary>The instance's one open task at <paramref name="elementId"/>.</summary>
    public async Task<HumanTask> TaskAsync(Guid instanceId, string elementId) =>
        Assert.Single(await Tasks.QueryAsync(new TaskQuery { InstanceId = instanceId, ElementId = elementId }));

    /// <summary>Completes the open task at <paramref name="elementId"/> as a user holding <paramref name="role"/>.</summary>
    public async Task<HumanTask> CompleteAsync(Guid instanceId, string elementId, string role, string? outcome = null, object? variables = null, string? userId = null)
    {
        var task = await TaskAsync(instanceId, elementId);
        var user = new WorkflowUser(userId ?? role + "-user", role);
        return await Tasks.CompleteAsync(task.Id, user, outcome, Vars.From(variables));
    }

    /// <summary>Moves the clock on and fires what became due, as the scheduler would.</summary>
    public async Task<int> AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        return await Timers.FireDueAsync();
    }

    public Task<IReadOnlyList<HistoryEvent>> HistoryAsync(Guid instanceId) => History.GetAsync(instanceId);

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _provider.DisposeAsync();
        foreach (var cleanup in _cleanups)
        {
            await cleanup();
        }
    }
}

/// <summary>Builds variable dictionaries from anonymous objects.</summary>
internal static class Vars
{
    public static Dictionary<string, object?> From(object? values)
    {
        if (values is null)
        {
            return [];
        }

        if (values is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            return pairs.ToDictionary(p => p.Key, p => p.Value);
        }

        return values.GetType().GetProperties().ToDictionary(p => p.Name, p => p.GetValue(values));
    }
}

/// <summary>What service-task handlers were asked to do, in order.</summary>
internal sealed class RecordingHandlers
{
    private readonly Lock _lock = new();
    private readonly List<ServiceTaskCall> _calls = [];
    private readonly Dictionary<string, Func<ServiceTaskContext, Task>> _behaviours = new(StringComparer.Ordinal);

    public IReadOnlyList<ServiceTaskCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>What the handler of <paramref name="topic"/> does after recording the call.</summary>
    public void On(string topic, Func<ServiceTaskContext, Task> behaviour)
    {
        lock (_lock)
        {
            _behaviours[topic] = behaviour;
        }
    }

    public void On(string topic, Action<ServiceTaskContext> behaviour) => On(topic, c =>
    {
        behaviour(c);
        return Task.CompletedTask;
    });

    internal Task HandleAsync(ServiceTaskContext context)
    {
        Func<ServiceTaskContext, Task>? behaviour;
        lock (_lock)
        {
            _calls.Add(new ServiceTaskCall(context.Topic, context.ElementId, context.BusinessKey, context.Attempt, context.Escalation));
            _behaviours.TryGetValue(context.Topic, out behaviour);
        }

        return behaviour?.Invoke(context) ?? Task.CompletedTask;
    }
}

internal sealed record ServiceTaskCall(string Topic, string ElementId, string? BusinessKey, int Attempt, EscalationInfo? Escalation);

internal sealed class RecordingHandler(string topic, RecordingHandlers calls) : IServiceTaskHandler
{
    public string Topic => topic;

    public Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken) => calls.HandleAsync(context);
}
