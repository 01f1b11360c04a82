using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sicantik.Workflows.Outbox;
using Sicantik.Workflows.Stores;

namespace Sicantik.Workflows.EntityFrameworkCore;

/// <summary>Puts the engine's stores on an application's EF Core context.</summary>
public static class WorkflowsEntityFrameworkCoreExtensions
{
    /// <summary>
    /// Replaces the in-memory stores with EF Core ones on <typeparamref name="TContext"/>, which must apply
    /// <see cref="WorkflowModel.ApplyWorkflowModel"/> and be registered (scoped) by the host.
    /// </summary>
    public static WorkflowsBuilder AddEntityFrameworkStores<TContext>(this WorkflowsBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.Replace(ServiceDescriptor.Scoped<IDefinitionStore, EfDefinitionStore<TContext>>());
        services.TryAddSingleton<InstanceMemory>();
        services.TryAddSingleton<SqliteStepWriter>();
        services.TryAddScoped<EfInstanceStore<TContext>>();
        services.Replace(ServiceDescriptor.Scoped<IInstanceStore>(sp => sp.GetRequiredService<EfInstanceStore<TContext>>()));
        services.Replace(ServiceDescriptor.Scoped<IHistoryStore>(sp => sp.GetRequiredService<EfInstanceStore<TContext>>()));
        services.Replace(ServiceDescriptor.Scoped<IOutboxStore>(sp => sp.GetRequiredService<EfInstanceStore<TContext>>()));
        return builder;
    }
}
