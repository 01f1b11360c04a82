using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Microsoft.Extensions.DependencyInjection;

namespace Sicantik.Workflows.Hangfire.Tests;

public sealed class ServiceProviderJobActivatorTests
{
    [Fact]
    public async Task BeginScope_ResolvesEachJobInItsOwnScope_AndDisposesItAfterwards()
    {
        var services = new ServiceCollection();
        services.AddScoped<AsyncOnlyResource>();
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var activator = new ServiceProviderJobActivator(provider.GetRequiredService<IServiceScopeFactory>());
        using var storage = new InMemoryStorage();
        using var connection = storage.GetConnection();
        var context = new JobActivatorContext(connection, new BackgroundJob("1", Job.FromExpression<AsyncOnlyResource>(r => r.Touch()), DateTime.UtcNow), new JobCancellationToken(false));

        var first = activator.BeginScope(context);
        var second = activator.BeginScope(context);
        var a = (AsyncOnlyResource)first.Resolve(typeof(AsyncOnlyResource));
        var b = (AsyncOnlyResource)second.Resolve(typeof(AsyncOnlyResource));
        Assert.NotSame(a, b);
        Assert.Same(a, first.Resolve(typeof(AsyncOnlyResource)));

        first.Dispose();
        second.Dispose();

        Assert.True(a.Disposed);
        Assert.True(b.Disposed);
    }

    [Fact]
    public void Resolve_CreatesUnregisteredTypes_FromTheScopesServices()
    {
        var services = new ServiceCollection();
        services.AddScoped<AsyncOnlyResource>();
        using var provider = services.BuildServiceProvider(validateScopes: true);
        var activator = new ServiceProviderJobActivator(provider.GetRequiredService<IServiceScopeFactory>());
        using var storage = new InMemoryStorage();
        using var connection = storage.GetConnection();
        var context = new JobActivatorContext(connection, new BackgroundJob("1", Job.FromExpression<Unregistered>(r => r.Touch()), DateTime.UtcNow), new JobCancellationToken(false));

        using var scope = activator.BeginScope(context);
        var job = (Unregistered)scope.Resolve(typeof(Unregistered));

        Assert.Same(scope.Resolve(typeof(AsyncOnlyResource)), job.Resource);
    }

    /// <summary>A scoped service that can only be disposed asynchronously, as some database connections are.</summary>
    public sealed class AsyncOnlyResource : IAsyncDisposable
    {
        public bool Disposed { get; private set; }

        public bool Touch() => !Disposed;

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    public sealed class Unregistered(AsyncOnlyResource resource)
    {
        public AsyncOnlyResource Resource => resource;

        public bool Touch() => resource.Touch();
    }
}
