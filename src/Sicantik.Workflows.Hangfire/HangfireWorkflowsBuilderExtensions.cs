using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Sicantik.Workflows.Hangfire;

/// <summary>Runs the engine's timers and outbox on Hangfire.</summary>
public static class HangfireWorkflowsBuilderExtensions
{
    /// <summary>
    /// Fires timers and delivers outbox messages through Hangfire jobs (<see cref="WorkflowJobs"/>), with recurring sweeps
    /// as the safety net, registered at start-up by <see cref="RecurringSweepRegistrar"/>. Options bind from
    /// <see cref="HangfireSchedulingOptions.SectionName"/>, then <paramref name="configure"/> applies.
    /// </summary>
    /// <remarks>
    /// The storage is the host's choice (see <see cref="HangfireStorageFactory"/>). When the host has not registered
    /// <see cref="IBackgroundJobClient"/> and <see cref="IRecurringJobManager"/> (Hangfire.NetCore's <c>AddHangfire</c> does),
    /// both are added over the <see cref="JobStorage"/> in the container, or <see cref="JobStorage.Current"/>.
    /// </remarks>
    public static WorkflowsBuilder UseHangfireScheduling(this WorkflowsBuilder builder, Action<HangfireSchedulingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        var options = services.AddOptions<HangfireSchedulingOptions>()
            .BindConfiguration(HangfireSchedulingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton<IBackgroundJobClient>(sp => new BackgroundJobClient(Storage(sp), sp.GetService<IJobFilterProvider>() ?? JobFilterProviders.Providers));
        services.TryAddSingleton<IRecurringJobManager>(sp => new RecurringJobManager(Storage(sp), sp.GetService<IJobFilterProvider>() ?? JobFilterProviders.Providers));
        services.TryAddScoped<WorkflowJobs>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RecurringSweepRegistrar>());

        return builder.UseTimerScheduler<HangfireTimerScheduler>().UseOutboxDispatcher<HangfireOutboxDispatcher>();
    }

    private static JobStorage Storage(IServiceProvider services)
    {
        // AddHangfire runs the host's configuration (UseXxxStorage) when its IGlobalConfiguration is first resolved.
        services.GetService<IGlobalConfiguration>();
        return services.GetService<JobStorage>() ?? JobStorage.Current;
    }
}
