using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sicantik.Data.Tests.Support;
using Sicantik.Workflows;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Scheduling;
using Sicantik.Workflows.Tests.Support;

namespace Sicantik.Data.Tests;

/// <summary>The database is the truth for timers: a timer survives the process that armed it.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task TimerDueWhileTheProcessWasDown_FiresExactlyOnce_AfterRestart()
    {
        await using var database = TestDatabase.Create();
        var clock = new FakeTimeProvider(TestEngine.MondayMorning);
        Guid instanceId;
        await using (var first = database.Process(clock))
        {
            TestDatabase.Migrate(first);
            await using var scope = first.CreateAsyncScope();
            var definitions = scope.ServiceProvider.GetRequiredService<DefinitionService>();
            await definitions.DeployAsync(Bpmn.Process($"""
                <bpmn:startEvent id="Start" />
                <bpmn:intermediateCatchEvent id="Wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT30M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
                <bpmn:userTask id="Next" camunda:candidateGroups="staf" />
                <bpmn:endEvent id="End" />
                {Bpmn.Flow("f1", "Start", "Wait")}
                {Bpmn.Flow("f2", "Wait", "Next")}
                {Bpmn.Flow("f3", "Next", "End")}
                """, "waiting"), publish: true);
            var instance = await scope.ServiceProvider.GetRequiredService<RuntimeService>().StartAsync(new StartInstanceRequest { DefinitionKey = "waiting" });
            instanceId = instance.Id;
            Assert.Single(instance.Timers);
        }

        // The process is down; time passes.
        clock.Advance(TimeSpan.FromHours(2));

        await using var second = database.Process(clock);
        await using (var scope = second.CreateAsyncScope())
        {
            var timers = scope.ServiceProvider.GetRequiredService<TimerService>();
            Assert.Equal(1, await timers.FireDueAsync());
            Assert.Equal(0, await timers.FireDueAsync());
        }

        await using (var scope = second.CreateAsyncScope())
        {
            var history = await scope.ServiceProvider.GetRequiredService<HistoryService>().GetAsync(instanceId);
            Assert.Single(history, e => e.Type == HistoryEventType.TimerFired);
            var instance = await scope.ServiceProvider.GetRequiredService<RuntimeService>().GetAsync(instanceId);
            Assert.Equal("Next", Assert.Single(instance.Tokens).ElementId);
            Assert.Empty(instance.Timers);
        }
    }
}
