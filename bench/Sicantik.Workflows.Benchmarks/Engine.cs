using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Workflows.Benchmarks;

/// <summary>The engine composed as a host composes it: a service collection, configuration, AddWorkflows, handlers.</summary>
public sealed class Engine : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private Engine(ServiceProvider provider) => _provider = provider;

    public IServiceScopeFactory ScopeFactory => _provider.GetRequiredService<IServiceScopeFactory>();

    /// <summary>A fresh engine with empty in-memory stores.</summary>
    public static Engine Create()
    {
        var services = new ServiceCollection();

        // No Workflows section: every option keeps its default, as in a host with no settings for the engine.
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddWorkflows()
            .AddServiceTaskHandler<TandaTerimaHandler>()
            .AddServiceTaskHandler<DraftDokumenHandler>()
            .AddServiceTaskHandler<TandaTanganSkHandler>()
            .AddServiceTaskHandler<NotaDinasPenolakanHandler>()
            .AddServiceTaskHandler<EskalasiHandler>();
        return new Engine(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    /// <summary>Deploys and publishes a definition, in a scope of its own.</summary>
    public async Task<DefinitionRecord> DeployAsync(string xml)
    {
        await using var scope = _provider.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DefinitionService>().DeployAsync(xml, deployedBy: "benchmark", publish: true);
        return result.Definition;
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}

/// <summary>The engine services one worker calls, from its own scope or from a fresh scope per call.</summary>
public sealed class EngineSession : IDisposable
{
    private readonly IServiceScopeFactory _factory;
    private readonly EngineServices? _shared;
    private readonly IServiceScope? _sharedScope;

    public EngineSession(IServiceScopeFactory factory, ScopeMode mode)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        if (mode == ScopeMode.Worker)
        {
            _sharedScope = factory.CreateScope();
            _shared = new EngineServices(_sharedScope);
        }
    }

    /// <summary>The services for one call; hand them back with <see cref="End"/>.</summary>
    public EngineServices Begin() => _shared ?? new EngineServices(_factory.CreateScope());

    public void End(EngineServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!ReferenceEquals(services, _shared))
        {
            services.Scope.Dispose();
        }
    }

    public void Dispose() => _sharedScope?.Dispose();
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
