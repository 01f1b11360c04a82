using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tests.Support;
using static Sicantik.Workflows.Tests.Runtime.RuntimeKit;

namespace Sicantik.Workflows.Tests.Runtime;

public sealed class InclusiveGatewayTests
{
    /// <summary>
    /// start → inclusive fork: ${teknis} → Teknis, ${lingkungan} → Lingkungan, ${hukum} → Hukum, default → Umum;
    /// every branch → inclusive join → After → end.
    /// </summary>
    private static string Process(bool withDefault = true) => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        {Gateway("inclusive", "Fork", withDefault ? "fUmum" : null)}
        {UserTask("Teknis")}
        {UserTask("Lingkungan")}
        {UserTask("Hukum")}
        {(withDefault ? UserTask("Umum") : string.Empty)}
        {Gateway("inclusive", "Join")}
        {UserTask("After")}
        <bpmn:endEvent id="End" />
        {Bpmn.Flow("f1", "Start", "Fork")}
        {Bpmn.Flow("fTeknis", "Fork", "Teknis", "${teknis}")}
        {Bpmn.Flow("fLingkungan", "Fork", "Lingkungan", "${lingkungan}")}
        {Bpmn.Flow("fHukum", "Fork", "Hukum", "${hukum}")}
        {(withDefault ? Bpmn.Flow("fUmum", "Fork", "Umum") + Bpmn.Flow("j4", "Umum", "Join") : string.Empty)}
        {Bpmn.Flow("j1", "Teknis", "Join")}
        {Bpmn.Flow("j2", "Lingkungan", "Join")}
        {Bpmn.Flow("j3", "Hukum", "Join")}
        {Bpmn.Flow("fOut", "Join", "After")}
        {Bpmn.Flow("f2", "After", "End")}
        """,
        "inklusif");

    private static async Task<ProcessInstance> StartAsync(TestEngine engine, bool teknis, bool lingkungan, bool hukum, bool withDefault = true)
    {
        await engine.DeployAsync(Process(withDefault));
        return await engine.StartAsync("inklusif", new { teknis, lingkungan, hukum });
    }

    [Fact]
    public async Task Fork_TakesOnlyTrueConditions_WhenSomeHold()
    {
        await using var engine = TestEngine.Create();
        var instance = await StartAsync(engine, teknis: true, lingkungan: false, hukum: true);

        Assert.Equal(["Hukum", "Teknis"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Equal(["GatewayTaken Fork fTeknis", "GatewayTaken Fork fHukum"], (await engine.HistoryLinesAsync(instance.Id)).Where(l => l.StartsWith("GatewayTaken", StringComparison.Ordinal)));
        Assert.Equal(["Hukum:Waiting:UserTask", "Teknis:Waiting:UserTask"], TokenPositions(instance));
    }

    [Fact]
    public async Task Join_WaitsOnlyForTakenBranches_WhenTwoOfThreeWereTaken()
    {
        await using var engine = TestEngine.Create();
        var instance = await StartAsync(engine, teknis: true, lingkungan: false, hukum: true);

        await engine.CompleteTaskAsync(instance.Id, "Teknis");

        var oneArrived = await engine.InstanceAsync(instance.Id);
        Assert.Equal(["Hukum:Waiting:UserTask", "Join:Waiting:Join"], TokenPositions(oneArrived));
        Assert.Equal(["Hukum"], await engine.OpenTaskElementsAsync(instance.Id));

        await engine.CompleteTaskAsync(instance.Id, "Hukum");

        // Lingkungan was never taken, so the join does not wait for it.
        var joined = await engine.InstanceAsync(instance.Id);
        Assert.Equal(["After:Waiting:UserTask"], TokenPositions(joined));
        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.GatewayTaken), e => e.ElementId == "Join" && e.FlowId == "fOut");
        Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.TaskCreated), e => e.ElementId == "After");
    }

    [Fact]
    public async Task Join_ContinuesAtOnce_WhenOnlyOneBranchWasTaken()
    {
        await using var engine = TestEngine.Create();
        var instance = await StartAsync(engine, teknis: false, lingkungan: true, hukum: false);
        Assert.Equal(["Lingkungan"], await engine.OpenTaskElementsAsync(instance.Id));

        await engine.CompleteTaskAsync(instance.Id, "Lingkungan");

        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
        await engine.CompleteTaskAsync(instance.Id, "After");
        var done = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Completed, done.State);
        Assert.Empty(done.Tokens);
    }

    [Fact]
    public async Task Join_WaitsForAllThree_WhenEveryConditionHolds()
    {
        await using var engine = TestEngine.Create();
        var instance = await StartAsync(engine, teknis: true, lingkungan: true, hukum: true);
        Assert.Equal(["Hukum", "Lingkungan", "Teknis"], await engine.OpenTaskElementsAsync(instance.Id));

        await engine.CompleteTaskAsync(instance.Id, "Hukum");
        await engine.CompleteTaskAsync(instance.Id, "Teknis");
        Assert.Equal(["Lingkungan"], await engine.OpenTaskElementsAsync(instance.Id));

        await engine.CompleteTaskAsync(instance.Id, "Lingkungan");

        Assert.Equal(["After:Waiting:UserTask"], TokenPositions(await engine.InstanceAsync(instance.Id)));
        Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.GatewayTaken), e => e.ElementId == "Join");
    }

    [Fact]
    public async Task Fork_TakesDefaultFlow_WhenNoConditionHolds()
    {
        await using var engine = TestEngine.Create();
        var instance = await StartAsync(engine, teknis: false, lingkungan: false, hukum: false);

        Assert.Equal(["Umum"], await engine.OpenTaskElementsAsync(instance.Id));
        var taken = Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.GatewayTaken));
        Assert.Equal("fUmum", taken.FlowId);

        await engine.CompleteTaskAsync(instance.Id, "Umum");
        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
    }

    [Fact]
    public async Task Fork_SkipsDefaultFlow_WhenAnyConditionHolds()
    {
        await using var engine = TestEngine.Create();
        var instance = await StartAsync(engine, teknis: true, lingkungan: false, hukum: false);

        Assert.Equal(["Teknis"], await engine.OpenTaskElementsAsync(instance.Id));
    }

    [Fact]
    public async Task Fork_FaultsWithNoFlowMatched_WhenNoConditionHoldsAndThereIsNoDefault()
    {
        await using var engine = TestEngine.Create();
        var instance = await StartAsync(engine, teknis: false, lingkungan: false, hukum: false, withDefault: false);

        Assert.Equal(InstanceState.Faulted, instance.State);
        var incident = Assert.Single(instance.Incidents);
        Assert.Equal(IncidentKind.NoFlowMatched, incident.Kind);
        Assert.Equal("Fork", incident.ElementId);
        Assert.Contains("Fork", incident.Message, StringComparison.Ordinal);
        Assert.Empty(await engine.OpenTaskElementsAsync(instance.Id));
    }
}
