using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Expressions;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Outbox;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Scheduling;
using Sicantik.Workflows.ServiceTasks;
using Sicantik.Workflows.Stores;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Timers;

namespace Sicantik.Workflows;

/// <summary>Registers the engine.</summary>
public static class WorkflowsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine with in-memory stores, wall-clock and office-hours calendars, and the sweep-only scheduler as
    /// replaceable defaults. Options bind from the <c>Workflows</c> configuration section when one is registered.
    /// </summary>
    public static WorkflowsBuilder AddWorkflows(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<WorkflowOptions>().BindConfiguration(WorkflowOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ExpressionOptions>().BindConfiguration(WorkflowOptions.SectionName + ":Expressions").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OfficeHoursOptions>().BindConfiguration(OfficeHoursOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IExpressionEvaluator, JintExpressionEvaluator>();
        services.TryAddSingleton<IHolidayProvider>(FixedHolidays.None);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBusinessCalendar, WallClockCalendar>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBusinessCalendar, OfficeHoursCalendar>(sp =>
            new OfficeHoursCalendar(sp.GetRequiredService<IOptions<OfficeHoursOptions>>().Value, sp.GetRequiredService<IHolidayProvider>())));
        services.TryAddSingleton<BpmnReader>();
        services.TryAddSingleton<ProcessModelCache>();

        services.TryAddSingleton<InMemoryDefinitionStore>();
        services.TryAddSingleton<InMemoryInstanceStore>();
        services.TryAddSingleton<IDefinitionStore>(sp => sp.GetRequiredService<InMemoryDefinitionStore>());
        services.TryAddSingleton<IInstanceStore>(sp => sp.GetRequiredService<InMemoryInstanceStore>());
        services.TryAddSingleton<IHistoryStore>(sp => sp.GetRequiredService<InMemoryInstanceStore>());
        services.TryAddSingleton<IOutboxStore>(sp => sp.GetRequiredService<InMemoryInstanceStore>());
        services.TryAddSingleton<ITimerScheduler, SweepOnlyTimerScheduler>();
        services.TryAddSingleton<IOutboxDispatcher, SweepOnlyOutboxDispatcher>();

        services.TryAddScoped(sp => new RunnerServices(
            sp.GetRequiredService<IExpressionEvaluator>(),
            sp.GetServices<IBusinessCalendar>().ToDictionary(c => c.Name, StringComparer.Ordinal),
            HandlersByTopic(sp.GetServices<IServiceTaskHandler>()),
            sp.GetRequiredService<IOptions<WorkflowOptions>>().Value));
        services.TryAddScoped(sp => new InstanceCommands(
            sp.GetRequiredService<IInstanceStore>(),
            sp.GetRequiredService<IDefinitionStore>(),
            sp.GetRequiredService<ProcessModelCache>(),
            sp.GetRequiredService<RunnerServices>(),
            sp.GetRequiredService<ITimerScheduler>(),
            sp.GetRequiredService<IOutboxDispatcher>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetServices<IHistoryObserver>().ToList()));
        services.TryAddScoped<DefinitionService>();
        services.TryAddScoped<RuntimeService>();
        services.TryAddScoped<TaskService>();
        services.TryAddScoped<TimerService>();
        services.TryAddScoped<HistoryService>();
        services.TryAddScoped<OutboxService>();
        services.TryAddSingleton(sp => new OutboxNode(sp.GetRequiredService<IOptions<WorkflowOptions>>().Value.NodeName, Guid.NewGuid()));
        services.TryAddScoped<InstanceMigrationService>();
        return new WorkflowsBuilder(services);
    }

    private static Dictionary<string, IServiceTaskHandler> HandlersByTopic(IEnumerable<IServiceTaskHandler> handlers)
    {
        var byTopic = new Dictionary<string, IServiceTaskHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!byTopic.TryAdd(handler.Topic, handler))
            {
                throw new InvalidOperationException($"Two service task handlers serve topic '{handler.Topic}': {byTopic[handler.Topic].GetType().Name} and {handler.GetType().Name}.");
            }
        }

        return byTopic;
    }
}

/// <summary>Configures the engine further.</summary>
public sealed class WorkflowsBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;

    /// <summary>Registers the handler of a service-task topic (scoped: it shares the step's unit of work).</summary>
    public WorkflowsBuilder AddServiceTaskHandler<THandler>()
        where THandler : class, IServiceTaskHandler
    {
        Services.AddScoped<IServiceTaskHandler, THandler>();
        return this;
    }

    /// <summary>Registers an observer of each command's history (scoped: it shares the step's unit of work).</summary>
    public WorkflowsBuilder AddHistoryObserver<TObserver>()
        where TObserver : class, IHistoryObserver
    {
        Services.TryAddEnumerable(ServiceDescriptor.Scoped<IHistoryObserver, TObserver>());
        return this;
    }

    /// <summary>
    /// Runs script-task scripts in a worker process with a heap cap and a wall-clock timeout (see
    /// <see cref="WorkerScriptEvaluator"/>); expressions stay in process. Options bind from <c>Workflows:ScriptWorker</c>.
    /// </summary>
    public WorkflowsBuilder UseScriptWorker()
    {
        Services.AddOptions<ScriptWorkerOptions>().BindConfiguration(ScriptWorkerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        Services.Replace(ServiceDescriptor.Singleton<IExpressionEvaluator, WorkerScriptEvaluator>());
        return this;
    }

    /// <summary>Replaces the default scheduler (for example with Hangfire).</summary>
    public WorkflowsBuilder UseTimerScheduler<TScheduler>()
        where TScheduler : class, ITimerScheduler
    {
        Services.Replace(ServiceDescriptor.Singleton<ITimerScheduler, TScheduler>());
        return this;
    }

    /// <summary>Registers the deliverer of an outbox topic.</summary>
    public WorkflowsBuilder AddOutboxDeliverer<TDeliverer>()
        where TDeliverer : class, IOutboxDeliverer
    {
        Services.AddScoped<IOutboxDeliverer, TDeliverer>();
        return this;
    }

    /// <summary>Replaces the default outbox dispatcher (for example with Hangfire).</summary>
    public WorkflowsBuilder UseOutboxDispatcher<TDispatcher>()
        where TDispatcher : class, IOutboxDispatcher
    {
        Services.Replace(ServiceDescriptor.Singleton<IOutboxDispatcher, TDispatcher>());
        return this;
    }

    /// <summary>Replaces the holiday list office-hours durations skip.</summary>
    public WorkflowsBuilder UseHolidays<TProvider>()
        where TProvider : class, IHolidayProvider
    {
        Services.Replace(ServiceDescriptor.Singleton<IHolidayProvider, TProvider>());
        return this;
    }
}
