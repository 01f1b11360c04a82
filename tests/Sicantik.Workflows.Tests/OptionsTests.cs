using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sicantik.Workflows.Expressions;
using Sicantik.Workflows.Timers;

namespace Sicantik.Workflows.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void TopLevelAppSettings_BindsAndValidates_ForEveryEngineSection()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddWorkflows();
        using var provider = services.BuildServiceProvider();

        var workflow = provider.GetRequiredService<IOptions<WorkflowOptions>>().Value;
        var expressions = provider.GetRequiredService<IOptions<ExpressionOptions>>().Value;
        var officeHours = provider.GetRequiredService<IOptions<OfficeHoursOptions>>().Value;

        Assert.Equal(3, workflow.ServiceTaskAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(20), workflow.ConcurrencyRetryBackoff);
        Assert.Equal(TimeSpan.FromMilliseconds(200), expressions.Timeout);
        Assert.Equal(new TimeOnly(16, 0), officeHours.ClosesAt);
        Assert.Equal(5, officeHours.WorkingDays.Count);
    }

    [Fact]
    public void InvalidSettings_AreRefusedWithTheSettingNamed()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Workflows:ServiceTaskAttempts"] = "0" }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddWorkflows();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WorkflowOptions>>().Value);

        Assert.Contains("ServiceTaskAttempts", ex.Message, StringComparison.Ordinal);
    }
}
