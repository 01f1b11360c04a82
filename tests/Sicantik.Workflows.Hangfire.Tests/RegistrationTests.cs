using Hangfire;
using Hangfire.InMemory;
using Hangfire.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sicantik.Workflows.Outbox;
using Sicantik.Workflows.Scheduling;

namespace Sicantik.Workflows.Hangfire.Tests;

public sealed class RegistrationTests
{
    private static ServiceProvider Build(JobStorage storage, IDictionary<string, string?>? settings = null, Action<HangfireSchedulingOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        services.AddSingleton(storage);
        services.AddWorkflows().UseHangfireScheduling(configure);
        return services.BuildServiceProvider(validateScopes: true);
    }

    private static List<RecurringJobDto> RecurringJobs(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        return [.. connection.GetRecurringJobs().OrderBy(j => j.Id, StringComparer.Ordinal)];
    }

    [Fact]
    public void RegisterRecurringJobs_CreatesBothSweeps_WithTheConfiguredCron()
    {
        using var storage = new InMemoryStorage();
        var options = new HangfireSchedulingOptions { SweepCron = "*/5 * * * *" };

        WorkflowJobs.RegisterRecurringJobs(new RecurringJobManager(storage), options);
        WorkflowJobs.RegisterRecurringJobs(new RecurringJobManager(storage), options);

        var jobs = RecurringJobs(storage);
        Assert.Equal(["sicantik-outbox-sweep", "sicantik-timer-sweep"], jobs.Select(j => j.Id));
        Assert.All(jobs, j => Assert.Equal("*/5 * * * *", j.Cron));
        Assert.All(jobs, j => Assert.Equal(typeof(WorkflowJobs), j.Job.Type));
        Assert.Equal([nameof(WorkflowJobs.SweepOutboxAsync), nameof(WorkflowJobs.SweepTimersAsync)], jobs.Select(j => j.Job.Method.Name));
    }

    [Fact]
    public void HangfireSchedulingOptions_DefaultToAMinutelySweep()
    {
        var options = new HangfireSchedulingOptions();

        Assert.Equal("Workflows:Hangfire", HangfireSchedulingOptions.SectionName);
        Assert.Equal(Cron.Minutely(), options.SweepCron);
        Assert.Equal("sicantik-timer-sweep", options.TimerSweepJobId);
        Assert.Equal("sicantik-outbox-sweep", options.OutboxSweepJobId);
    }

    [Fact]
    public async Task UseHangfireScheduling_RegistersSchedulerDispatcherJobsAndClients_OverTheContainersStorage()
    {
        using var storage = new InMemoryStorage();
        await using var provider = Build(storage);

        Assert.IsType<HangfireTimerScheduler>(provider.GetRequiredService<ITimerScheduler>());
        Assert.IsType<HangfireOutboxDispatcher>(provider.GetRequiredService<IOutboxDispatcher>());
        Assert.Same(storage, Assert.IsType<BackgroundJobClient>(provider.GetRequiredService<IBackgroundJobClient>()).Storage);
        Assert.Same(storage, Assert.IsType<RecurringJobManager>(provider.GetRequiredService<IRecurringJobManager>()).Storage);
        await using var scope = provider.CreateAsyncScope();
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<WorkflowJobs>());
        Assert.Single(provider.GetServices<IHostedService>().OfType<RecurringSweepRegistrar>());
    }

    [Fact]
    public async Task RecurringSweepRegistrar_RegistersSweeps_WithOptionsFromConfigurationThenTheCallback()
    {
        using var storage = new InMemoryStorage();
        await using var provider = Build(
            storage,
            new Dictionary<string, string?> { ["Workflows:Hangfire:SweepCron"] = "*/2 * * * *", ["Workflows:Hangfire:TimerSweepJobId"] = "timers" },
            o => o.OutboxSweepJobId = "outbox");

        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        var jobs = RecurringJobs(storage);
        Assert.Equal(["outbox", "timers"], jobs.Select(j => j.Id));
        Assert.All(jobs, j => Assert.Equal("*/2 * * * *", j.Cron));
    }

    [Fact]
    public async Task RecurringSweepRegistrar_AtStartUp_HandsTheMessagesThisNodeHadInFlight_ToHangfire()
    {
        using var storage = new InMemoryStorage();
        var store = new LeasedOutbox();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Workflows:NodeName"] = "web-1" }).Build());
        services.AddSingleton<JobStorage>(storage);
        services.AddSingleton<IOutboxStore>(store);
        services.AddWorkflows().UseHangfireScheduling();
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        await provider.GetServices<IHostedService>().OfType<RecurringSweepRegistrar>().Single().StartAsync(CancellationToken.None);

        var node = provider.GetRequiredService<OutboxNode>();
        Assert.Equal("web-1", node.Name);
        Assert.Same(node, store.AskedFor);
        var enqueued = storage.GetMonitoringApi().EnqueuedJobs("default", 0, 10);
        var job = Assert.Single(enqueued).Value.Job;
        Assert.Equal(nameof(WorkflowJobs.DeliverOutboxAsync), job.Method.Name);
        Assert.Equal(LeasedOutbox.InFlight, job.Args[0]);
    }

    [Fact]
    public async Task Options_FailValidation_WhenTheCronIsEmpty()
    {
        using var storage = new InMemoryStorage();
        await using var provider = Build(storage, configure: o => o.SweepCron = "");

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<HangfireSchedulingOptions>>().Value);
    }

    /// <summary>An outbox whose one message was in flight on this node's previous start.</summary>
    private sealed class LeasedOutbox : IOutboxStore
    {
        public static readonly Guid InFlight = Guid.NewGuid();

        public OutboxNode? AskedFor { get; private set; }

        public Task<IReadOnlyList<Guid>> ReleaseLeasesAsync(OutboxNode node, DateTimeOffset now, CancellationToken cancellationToken = default)
        {
            AskedFor = node;
            return Task.FromResult<IReadOnlyList<Guid>>([InFlight]);
        }

        public Task<OutboxMessage?> FindAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult<OutboxMessage?>(null);

        public Task<IReadOnlyList<OutboxMessage>> FindDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<OutboxMessage>>([]);

        public Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxState state, int max, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<OutboxMessage>>([]);

        public Task UpdateAsync(OutboxMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
