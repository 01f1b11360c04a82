using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tests.Support;
using static Sicantik.Workflows.Tests.Runtime.RuntimeKit;

namespace Sicantik.Workflows.Tests.Runtime;

public sealed class ParallelGatewayTests
{
    /// <summary>start → fork → one user task per branch → join → After → end.</summary>
    private static string ForkJoin(params string[] branches) => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        {Gateway("parallel", "Fork")}
        {string.Concat(branches.Select(b => UserTask(b)))}
        {Gateway("parallel", "Join")}
        {UserTask("After")}
        <bpmn:endEvent id="End" />
        {Bpmn.Flow("f1", "Start", "Fork")}
        {string.Concat(branches.Select(b => Bpmn.Flow("fTo" + b, "Fork", b) + Bpmn.Flow("fFrom" + b, b, "Join")))}
        {Bpmn.Flow("fOut", "Join", "After")}
        {Bpmn.Flow("f2", "After", "End")}
        """,
        "paralel");

    [Fact]
    public async Task Fork_CreatesOneTaskPerBranch_WhenTwoFlowsLeave()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ForkJoin("A", "B"));

        var instance = await engine.StartAsync("paralel");

        Assert.Equal(["A", "B"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Equal(["A:Waiting:UserTask", "B:Waiting:UserTask"], TokenPositions(instance));
        Assert.All(instance.Tokens, t => Assert.Null(t.ParentTokenId));
        Assert.Equal(["fToA", "fToB"], instance.Tokens.Select(t => t.ArrivedVia).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["InstanceStarted Start", "GatewayTaken Fork fToA", "GatewayTaken Fork fToB", "TaskCreated A", "TaskCreated B"],
            await engine.HistoryLinesAsync(instance.Id));
    }

    [Fact]
    public async Task Join_WaitsForOtherBranch_WhenOnlyOneBranchCompleted()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ForkJoin("A", "B"));
        var instance = await engine.StartAsync("paralel");

        await engine.CompleteTaskAsync(instance.Id, "A");

        var waiting = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Running, waiting.State);
        Assert.Equal(["B:Waiting:UserTask", "Join:Waiting:Join"], TokenPositions(waiting));
        Assert.Equal(["B"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.DoesNotContain(await engine.HistoryLinesAsync(instance.Id), l => l.StartsWith("GatewayTaken Join", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("A", "B")]
    [InlineData("B", "A")]
    public async Task Join_ContinuesOnce_WhenBothBranchesCompletedInAnyOrder(string first, string second)
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ForkJoin("A", "B"));
        var instance = await engine.StartAsync("paralel");

        await engine.CompleteTaskAsync(instance.Id, first);
        await engine.CompleteTaskAsync(instance.Id, second);

        var joined = await engine.InstanceAsync(instance.Id);
        Assert.Equal(["After:Waiting:UserTask"], TokenPositions(joined));
        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
        var joins = await engine.HistoryOfAsync(instance.Id, HistoryEventType.GatewayTaken);
        Assert.Single(joins, e => e.ElementId == "Join");
        Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.TaskCreated), e => e.ElementId == "After");
    }

    [Fact]
    public async Task Join_ContinuesAfterThirdBranch_WhenForkHasThreeBranches()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ForkJoin("A", "B", "C"));
        var instance = await engine.StartAsync("paralel");
        Assert.Equal(["A", "B", "C"], await engine.OpenTaskElementsAsync(instance.Id));

        await engine.CompleteTaskAsync(instance.Id, "B");
        await engine.CompleteTaskAsync(instance.Id, "C");

        var twoArrived = await engine.InstanceAsync(instance.Id);
        Assert.Equal(["A:Waiting:UserTask", "Join:Waiting:Join", "Join:Waiting:Join"], TokenPositions(twoArrived));
        Assert.Equal(["A"], await engine.OpenTaskElementsAsync(instance.Id));

        await engine.CompleteTaskAsync(instance.Id, "A");

        var joined = await engine.InstanceAsync(instance.Id);
        Assert.Equal(["After:Waiting:UserTask"], TokenPositions(joined));
        await engine.CompleteTaskAsync(instance.Id, "After");
        var done = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Completed, done.State);
        Assert.Equal("End", done.EndedWith);
        Assert.Empty(done.Tokens);
    }

    [Fact]
    public async Task Join_RecordsHistoryInOrder_WhenWholeProcessRuns()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ForkJoin("A", "B"));
        var instance = await engine.StartAsync("paralel");

        await engine.CompleteTaskAsync(instance.Id, "B");
        await engine.CompleteTaskAsync(instance.Id, "A");
        await engine.CompleteTaskAsync(instance.Id, "After");

        Assert.Equal(
            [
                "InstanceStarted Start",
                "GatewayTaken Fork fToA",
                "GatewayTaken Fork fToB",
                "TaskCreated A",
                "TaskCreated B",
                "TaskClaimed B",
                "TaskCompleted B",
                "TaskClaimed A",
                "TaskCompleted A",
                "GatewayTaken Join fOut",
                "TaskCreated After",
                "TaskClaimed After",
                "TaskCompleted After",
                "EndEventReached End",
                "InstanceCompleted End",
            ],
            await engine.HistoryLinesAsync(instance.Id));
        var history = await engine.HistoryAsync(instance.Id);
        Assert.Equal(history.Select(e => e.Sequence).Order(), history.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Fork_RunsServiceBranchesImmediately_WhenBranchesDoNotWait()
    {
        await using var engine = TestEngine.Create(topics: ["kirim-email", "kirim-sms"]);
        await engine.DeployAsync(Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start" />
            {Gateway("parallel", "Fork")}
            {ServiceTask("Email", "kirim-email")}
            {ServiceTask("Sms", "kirim-sms")}
            {Gateway("parallel", "Join")}
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "Fork")}
            {Bpmn.Flow("f2", "Fork", "Email")}
            {Bpmn.Flow("f3", "Fork", "Sms")}
            {Bpmn.Flow("f4", "Email", "Join")}
            {Bpmn.Flow("f5", "Sms", "Join")}
            {Bpmn.Flow("f6", "Join", "End")}
            """,
            "notifikasi"));

        var instance = await engine.StartAsync("notifikasi", businessKey: "IZN-9");

        Assert.Equal(InstanceState.Completed, instance.State);
        Assert.Equal(["kirim-email", "kirim-sms"], engine.Handlers.Calls.Select(c => c.Topic));
        Assert.All(engine.Handlers.Calls, c => Assert.Equal("IZN-9", c.BusinessKey));
        Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.EndEventReached));
    }
}
