using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Sicantik.Workflows.Hangfire;

/// <summary>
/// Resolves each Hangfire job from its own DI scope, so that a job shares scoped services (the engine's commands, a
/// <c>DbContext</c>) with nothing else. Hangfire.NetCore's <c>AddHangfire</c> installs an equivalent; this one serves hosts
/// without that package: pass it as <see cref="BackgroundJobServerOptions.Activator"/> or to
/// <c>GlobalConfiguration.Configuration.UseActivator</c>.
/// </summary>
public sealed class ServiceProviderJobActivator(IServiceScopeFactory scopeFactory) : JobActivator
{
    /// <inheritdoc />
    public override JobActivatorScope BeginScope(JobActivatorContext context) => new Scope(scopeFactory.CreateAsyncScope());

    private sealed class Scope(AsyncServiceScope scope) : JobActivatorScope
    {
        public override object Resolve(Type type) => ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, type);

        // Hangfire disposes scopes synchronously on its worker thread (no synchronization context to deadlock on); disposing
        // asynchronously lets services that implement only IAsyncDisposable end cleanly.
        public override void DisposeScope() => scope.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
