using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sicantik.Data.Tests.Support;
using Sicantik.Workflows;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Tests.Support;

namespace Sicantik.Data.Tests;

/// <summary>
/// A step that writes more rows into one table than one statement may carry (the store joins consecutive inserts into one
/// table, up to SQL Server's 2,100 parameters and 1,000 rows a statement): every row arrives, history in its order.
/// </summary>
public sealed class LargeStepTests
{
    private const int Branches = 260;

    [Fact]
    public async Task StepWithHundredsOfBranches_WritesEveryRow_AndHistoryInOrder()
    {
        await using var database = TestDatabase.Create();
        await using var services = database.Process(new FakeTimeProvider(TestEngine.MondayMorning));
        TestDatabase.Migrate(services);
        Guid instanceId;
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DefinitionService>().DeployAsync(FanOut(), publish: true);
            var started = await scope.ServiceProvider.GetRequiredService<RuntimeService>().StartAsync(new StartInstanceRequest { DefinitionKey = "fan-out" });
            instanceId = started.Id;
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var instance = await scope.ServiceProvider.GetRequiredService<RuntimeService>().GetAsync(instanceId);
            Assert.Equal(Branches, instance.Tasks.Count);
            Assert.Equal(Branches, instance.Tokens.Count);
            Assert.Equal(Enumerable.Range(0, Branches).Select(Task).Order(StringComparer.Ordinal), instance.Tasks.Select(t => t.ElementId).Order(StringComparer.Ordinal));

            var open = await scope.ServiceProvider.GetRequiredService<TaskService>().QueryAsync(new TaskQuery { CandidateGroup = "staf", Max = 1000 });
            Assert.Equal(Branches, open.Count);

            var history = await scope.ServiceProvider.GetRequiredService<HistoryService>().GetAsync(instanceId);
            var created = history.Where(e => e.Type == HistoryEventType.TaskCreated).Select(e => e.ElementId).ToList();
            Assert.Equal(Enumerable.Range(0, Branches).Select(Task), created);
            Assert.Equal(history.OrderBy(e => e.Sequence).Select(e => e.Sequence), history.Select(e => e.Sequence));
        }
    }

    private static string Task(int branch) => string.Create(CultureInfo.InvariantCulture, $"Tugas{branch:D3}");

    private static string FanOut()
    {
        var body = new StringBuilder("""
            <bpmn:startEvent id="Start" />
            <bpmn:parallelGateway id="Split" />
            <bpmn:parallelGateway id="Join" />
            <bpmn:endEvent id="End" />
            """);
        body.AppendLine(Bpmn.Flow("f-start", "Start", "Split"));
        body.AppendLine(Bpmn.Flow("f-end", "Join", "End"));
        for (var i = 0; i < Branches; i++)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"""<bpmn:userTask id="{Task(i)}" camunda:candidateGroups="staf" />""");
            body.AppendLine(Bpmn.Flow($"f-in-{i}", "Split", Task(i)));
            body.AppendLine(Bpmn.Flow($"f-out-{i}", Task(i), "Join"));
        }

        return Bpmn.Process(body.ToString(), "fan-out");
    }
}
