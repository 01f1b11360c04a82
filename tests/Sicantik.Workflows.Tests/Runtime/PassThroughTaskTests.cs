using Microsoft.Extensions.DependencyInjection;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tests.Support;
using static Sicantik.Workflows.Tests.Runtime.RuntimeKit;

namespace Sicantik.Workflows.Tests.Runtime;

public sealed class PassThroughTaskTests
{
    [Fact]
    public async Task PlainAndManualTasks_CompleteAtOnce_WithHistory()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start" />
            <bpmn:task id="Plain" name="Catat di buku" />
            <bpmn:manualTask id="Manual" name="Serahkan map" />
            {UserTask("After")}
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "Plain")}
            {Bpmn.Flow("f2", "Plain", "Manual")}
            {Bpmn.Flow("f3", "Manual", "After")}
            {Bpmn.Flow("f4", "After", "End")}
            """,
            "lewat"));

        var instance = await engine.StartAsync("lewat");

        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Equal(["InstanceStarted Start", "ActivityPassed Plain", "ActivityPassed Manual", "TaskCreated After"], await engine.HistoryLinesAsync(instance.Id));
        await engine.CompleteTaskAsync(instance.Id, "After");
        Assert.Equal(InstanceState.Completed, (await engine.InstanceAsync(instance.Id)).State);
    }

    [Fact]
    public async Task PassThroughTask_SplitsOnItsOutgoingFlows_AndIsReadWithItsType()
    {
        await using var engine = TestEngine.Create();
        var xml = Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start" />
            <bpmn:manualTask id="Manual" />
            {UserTask("A")}
            {UserTask("B")}
            <bpmn:endEvent id="EndA" />
            <bpmn:endEvent id="EndB" />
            {Bpmn.Flow("f1", "Start", "Manual")}
            {Bpmn.Flow("f2", "Manual", "A")}
            {Bpmn.Flow("f3", "Manual", "B")}
            {Bpmn.Flow("f4", "A", "EndA")}
            {Bpmn.Flow("f5", "B", "EndB")}
            """,
            "cabang");
        await engine.DeployAsync(xml);

        var instance = await engine.StartAsync("cabang");

        Assert.Equal(["A", "B"], await engine.OpenTaskElementsAsync(instance.Id));
        var node = engine.Services.GetRequiredService<BpmnReader>().Parse(xml).Node("Manual");
        Assert.Equal((FlowNodeKind.ManualTask, "manualTask"), (node.Kind, node.ElementType));
    }
}
