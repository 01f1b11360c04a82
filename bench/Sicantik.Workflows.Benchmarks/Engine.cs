using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sicantik.Data;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Workflows.Benchmarks;

/// <summary>
/// The engine composed as a host composes it: a service collection, configuration, then either AddWorkflows (in-memory
/// stores) or AddSicantikDatabase (which calls AddWorkflows and AddEntityFrameworkStores), then the handlers.
/// </summary>
public sealed class Engine : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private Engine(ServiceProvider provider, BenchDatabase? database)
    {
        _provider = provider;
        Database = database;
    }

    public IServiceScopeFactory ScopeFactory => _provider.GetRequiredService<IServiceScopeFactory>();

    public IServiceProvider Services => _provider;

    /// <summary>The database the stores are on, or <c>null</c> for the in-memory stores.</summary>
    public BenchDatabase? Database { get; }

    /// <summary>
    /// A fresh engine on <paramref name="database"/> (migrated here, as the host does at start-up), or on empty
    /// in-memory stores when it is <c>null</c>. <paramref name="configure"/> may add to the host's services.
    /// </summary>
    public static async Task<Engine> CreateAsync(BenchDatabase? database, Action<IServiceCollection>? configure = null)
    {
        var engine = Compose(database, configure);
        if (database is not null)
        {
            await using var scope = engine._provider.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        }

        return engine;
    }

    /// <summary>Deploys and publishes a definition, in a scope of its own.</summary>
    public async Task<DefinitionRecord> DeployAsync(string xml)
    {
        await using var scope = _provider.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DefinitionService>().DeployAsync(xml, deployedBy: "benchmark", publish: true);
        return result.Definition;
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private static Engine Compose(BenchDatabase? database, Action<IServiceCollection>? configure)
    {
        var services = new ServiceCollection();

        // No Workflows section: every option keeps its default, as in a host with no settings for the engine.
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        var workflows = database is null
            ? services.AddWorkflows()
            : new WorkflowsBuilder(services.AddSicantikDatabase(database.Options));
        workflows
            .AddServiceTaskHandler<TandaTerimaHandler>()
            .AddServiceTaskHandler<DraftDokumenHandler>()
            .AddServiceTaskHandler<TandaTanganSkHandler>()
            .AddServiceTaskHandler<NotaDinasPenolakanHandler>()
            .AddServiceTaskHandler<EskalasiHandler>();
        configure?.Invoke(services);
        return new Engine(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }), database);
    }
}

/// <summary>
/// The engine services one worker calls: from the worker's own scope, from a scope per driven instance (opened with
/// <see cref="BeginInstance"/>), or from a fresh scope per call.
/// </summary>
public sealed class EngineSession : IDisposable
{
    private readonly IServiceScopeFactory _factory;
    private readonly ScopeMode _mode;
    private readonly EngineServices? _shared;
    private EngineServices? _instance;

    public EngineSession(IServiceScopeFactory factory, ScopeMode mode)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _mode = mode;
        if (mode == ScopeMode.Worker)
        {
            _shared = new EngineServices(factory.CreateScope());
        }
    }

    /// <summary>Starts driving one instance: in <see cref="ScopeMode.Instance"/>, its calls share a fresh scope until <see cref="EndInstance"/>.</summary>
    public void BeginInstance()
    {
        if (_mode == ScopeMode.Instance)
        {
            _instance?.Scope.Dispose();
            _instance = new EngineServices(_factory.CreateScope());
        }
    }

    /// <summary>Done with the instance: its scope (and DbContext) goes.</summary>
    public void EndInstance()
    {
        _instance?.Scope.Dispose();
        _instance = null;
    }

    /// <summary>The services for one call; hand them back with <see cref="End"/>.</summary>
    public EngineServices Begin() => _instance ?? _shared ?? new EngineServices(_factory.CreateScope());

    public void End(EngineServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!ReferenceEquals(services, _shared) && !ReferenceEquals(services, _instance))
        {
            services.Scope.Dispose();
        }
    }

    public void Dispose()
    {
        EndInstance();
        _shared?.Scope.Dispose();
    }
}

/// <summary>The public services a host calls.</summary>
public sealed class EngineServices(IServiceScope scope)
{
    private RuntimeService? _runtime;
    private TaskService? _tasks;

    public IServiceScope Scope { get; } = scope;

    public RuntimeService Runtime => _runtime ??= Scope.ServiceProvider.GetRequiredService<RuntimeService>();

    public TaskService Tasks => _tasks ??= Scope.ServiceProvider.GetRequiredService<TaskService>();
}
