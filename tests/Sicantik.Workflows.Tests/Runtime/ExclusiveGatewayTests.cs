using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Tests.Support;
using static Sicantik.Workflows.Tests.Runtime.RuntimeKit;

namespace Sicantik.Workflows.Tests.Runtime;

public sealed class ExclusiveGatewayTests
{
    /// <summary>start → review (outcome setuju/tolak) → gateway: setuju → Terbit, tolak → Tolak, else (default when given) → Revisi.</summary>
    private static string ReviewProcess(bool withDefault = true) => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        {UserTask("Review", """sicantik:outcomes="setuju,tolak,tunda" """)}
        {Gateway("exclusive", "Gw", withDefault ? "fRevisi" : null)}
        {UserTask("Terbit")}
        {UserTask("Tolak")}
        {(withDefault ? UserTask("Revisi") : string.Empty)}
        <bpmn:endEvent id="End" />
        {Flow("f1", "Start", "Review")}
        {Flow("f2", "Review", "Gw")}
        {Flow("fSetuju", "Gw", "Terbit", "${outcome == 'setuju'}")}
        {Flow("fTolak", "Gw", "Tolak", "${outcome == 'tolak'}")}
        {(withDefault ? Flow("fRevisi", "Gw", "Revisi") : string.Empty)}
        {Flow("f3", "Terbit", "End")}
        {Flow("f4", "Tolak", "End")}
        {(withDefault ? Flow("f5", "Revisi", "End") : string.Empty)}
        """,
        "review");

    /// <summary>start → gateway: <paramref name="condition"/> → A, default → B.</summary>
    private static string ConditionProcess(string condition) => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        {Gateway("exclusive", "Gw", "fB")}
        {UserTask("A")}
        {UserTask("B")}
        <bpmn:endEvent id="End" />
        {Flow("f1", "Start", "Gw")}
        {Flow("fA", "Gw", "A", Condition(condition))}
        {Flow("fB", "Gw", "B")}
        {Flow("f2", "A", "End")}
        {Flow("f3", "B", "End")}
        """,
        "kondisi");

    private static string Flow(string id, string source, string target, string? condition = null) => Bpmn.Flow(id, source, target, condition);

    [Theory]
    [InlineData("setuju", "Terbit", "fSetuju")]
    [InlineData("tolak", "Tolak", "fTolak")]
    public async Task Pass_TakesFlowWhoseConditionHolds_WhenOutcomeVariableMatches(string outcome, string expectedTask, string expectedFlow)
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ReviewProcess());
        var instance = await engine.StartAsync("review");

        await engine.CompleteTaskAsync(instance.Id, "Review", outcome);

        Assert.Equal([expectedTask], await engine.OpenTaskElementsAsync(instance.Id));
        var reloaded = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Running, reloaded.State);
        Assert.Equal(outcome, reloaded.Variables["outcome"]);
        Assert.Equal([$"{expectedTask}:Waiting:UserTask"], TokenPositions(reloaded));
        var taken = Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.GatewayTaken));
        Assert.Equal("Gw", taken.ElementId);
        Assert.Equal(expectedFlow, taken.FlowId);
    }

    [Fact]
    public async Task Pass_TakesFlowWhoseConditionHolds_WhenStartVariablesDecide()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ReviewProcess());

        var instance = await engine.StartAsync("review", new { outcome = "setuju" });

        // The review task comes first whatever the variables: the gateway decides only when reached.
        Assert.Equal(["Review"], await engine.OpenTaskElementsAsync(instance.Id));
        await engine.CompleteTaskAsync(instance.Id, "Review", "tolak");
        Assert.Equal(["Tolak"], await engine.OpenTaskElementsAsync(instance.Id));
    }

    [Fact]
    public async Task Pass_TakesDefaultFlow_WhenNoConditionHolds()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ReviewProcess());
        var instance = await engine.StartAsync("review");

        await engine.CompleteTaskAsync(instance.Id, "Review", "tunda");

        Assert.Equal(["Revisi"], await engine.OpenTaskElementsAsync(instance.Id));
        var taken = Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.GatewayTaken));
        Assert.Equal("fRevisi", taken.FlowId);
    }

    [Fact]
    public async Task Pass_TakesFirstTrueFlowInDocumentOrder_WhenSeveralConditionsHold()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start" />
            {Gateway("exclusive", "Gw")}
            {UserTask("Besar")}
            {UserTask("Sedang")}
            {UserTask("Kecil")}
            <bpmn:endEvent id="End" />
            {Flow("f1", "Start", "Gw")}
            {Flow("fKecil", "Gw", "Kecil", "${nilai ge 0}")}
            {Flow("fBesar", "Gw", "Besar", "${nilai gt 100}")}
            {Flow("fSedang", "Gw", "Sedang", "${nilai gt 10}")}
            {Flow("f2", "Besar", "End")}
            {Flow("f3", "Sedang", "End")}
            {Flow("f4", "Kecil", "End")}
            """,
            "urutan"));

        var instance = await engine.StartAsync("urutan", new { nilai = 500 });

        // All three hold; fKecil is written first, so it wins although the others are "more specific".
        Assert.Equal(["Kecil"], await engine.OpenTaskElementsAsync(instance.Id));
        var taken = Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.GatewayTaken));
        Assert.Equal("fKecil", taken.FlowId);
    }

    [Theory]
    [InlineData("${jumlah gt 5 and lengkap}", 10, true, "baru", "A")]
    [InlineData("${jumlah gt 5 and lengkap}", 10, false, "baru", "B")]
    [InlineData("${jumlah gt 5 and lengkap}", 5, true, "baru", "B")]
    [InlineData("${status eq 'baru' or jumlah lt 3}", 10, false, "lama", "B")]
    [InlineData("${status eq 'baru' or jumlah lt 3}", 1, false, "lama", "A")]
    [InlineData("${status eq 'baru' or jumlah lt 3}", 10, false, "baru", "A")]
    [InlineData("${not lengkap}", 0, false, "baru", "A")]
    [InlineData("${not lengkap}", 0, true, "baru", "B")]
    [InlineData("${not (status eq 'baru') and jumlah ge 10}", 10, true, "lama", "A")]
    [InlineData("${not (status eq 'baru') and jumlah ge 10}", 10, true, "baru", "B")]
    [InlineData("${status ne 'baru' or (lengkap and jumlah le 2)}", 2, true, "baru", "A")]
    [InlineData("${status == 'baru' && !lengkap}", 0, false, "baru", "A")]
    [InlineData("${jumlah < 3 || lengkap}", 7, false, "baru", "B")]
    public async Task Pass_EvaluatesJuelOperators_WhenConditionCombinesThem(string condition, int jumlah, bool lengkap, string status, string expectedTask)
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ConditionProcess(condition));

        var instance = await engine.StartAsync("kondisi", new { jumlah, lengkap, status });

        Assert.Equal([expectedTask], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Equal(InstanceState.Running, instance.State);
    }

    [Fact]
    public async Task Pass_FaultsWithNoFlowMatchedIncident_WhenNoConditionHoldsAndThereIsNoDefault()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ReviewProcess(withDefault: false));
        var instance = await engine.StartAsync("review");

        // The caller completing the task gets no exception: the instance holds the problem.
        var completed = await engine.CompleteTaskAsync(instance.Id, "Review", "tunda");

        Assert.Equal(HumanTaskState.Completed, completed.State);
        var faulted = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Faulted, faulted.State);
        var incident = Assert.Single(faulted.Incidents);
        Assert.Equal(IncidentKind.NoFlowMatched, incident.Kind);
        Assert.Equal("Gw", incident.ElementId);
        Assert.Contains("Gw", incident.Message, StringComparison.Ordinal);
        Assert.True(incident.IsOpen);
        var token = Assert.Single(faulted.Tokens);
        Assert.Equal(token.Id, incident.TokenId);
        Assert.Equal(["Gw:Failed:None"], TokenPositions(faulted));
        Assert.Empty(await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Equal(
            ["InstanceStarted Start", "TaskCreated Review", "TaskClaimed Review", "TaskCompleted Review", "IncidentCreated Gw", "InstanceFaulted Gw"],
            await engine.HistoryLinesAsync(instance.Id));
        var faultedEvent = (await engine.HistoryOfAsync(instance.Id, HistoryEventType.InstanceFaulted)).Single();
        Assert.Equal(nameof(IncidentKind.NoFlowMatched), faultedEvent.Detail);
    }

    [Fact]
    public async Task Pass_RecordsGatewayTakenWithFlowIdAndName_WhenFlowIsNamed()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start" />
            {Gateway("exclusive", "Gw", "fLain")}
            {UserTask("A")}
            {UserTask("B")}
            <bpmn:endEvent id="End" />
            {Flow("f1", "Start", "Gw")}
            <bpmn:sequenceFlow id="fA" name="Berkas lengkap" sourceRef="Gw" targetRef="A"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{"${lengkap}"}</bpmn:conditionExpression></bpmn:sequenceFlow>
            {Flow("fLain", "Gw", "B")}
            {Flow("f2", "A", "End")}
            {Flow("f3", "B", "End")}
            """,
            "bernama"));

        var instance = await engine.StartAsync("bernama", new { lengkap = true });

        Assert.Equal(["InstanceStarted Start", "GatewayTaken Gw fA", "TaskCreated A"], await engine.HistoryLinesAsync(instance.Id));
        var taken = Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.GatewayTaken));
        Assert.Equal("Berkas lengkap", taken.Detail);
        Assert.Equal(instance.Id, taken.InstanceId);
        Assert.Equal(TestEngine.MondayMorning, taken.At);
    }

    [Fact]
    public async Task Pass_TakesSingleUnconditionalFlow_WhenGatewayOnlyMerges()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start" />
            {Gateway("exclusive", "Split", "fB")}
            {UserTask("A")}
            {UserTask("B")}
            {Gateway("exclusive", "Merge")}
            {UserTask("After")}
            <bpmn:endEvent id="End" />
            {Flow("f1", "Start", "Split")}
            {Flow("fA", "Split", "A", "${jalur == 'a'}")}
            {Flow("fB", "Split", "B")}
            {Flow("f2", "A", "Merge")}
            {Flow("f3", "B", "Merge")}
            {Flow("fOut", "Merge", "After")}
            {Flow("f4", "After", "End")}
            """,
            "merge"));

        var instance = await engine.StartAsync("merge", new { jalur = "a" });
        await engine.CompleteTaskAsync(instance.Id, "A");

        // An exclusive merge passes each arriving token on; it never waits.
        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Equal(["fA", "fOut"], (await engine.HistoryOfAsync(instance.Id, HistoryEventType.GatewayTaken)).Select(e => e.FlowId));
    }

    [Fact]
    public async Task Pass_FaultsWithExpressionFailed_WhenConditionIsNotBoolean()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ConditionProcess("${status}"));

        var instance = await engine.StartAsync("kondisi", new { status = "baru" });

        Assert.Equal(InstanceState.Faulted, instance.State);
        var incident = Assert.Single(instance.Incidents);
        Assert.Equal(IncidentKind.ExpressionFailed, incident.Kind);
        Assert.Equal("Gw", incident.ElementId);
        Assert.Contains("Gw", incident.Message, StringComparison.Ordinal);
        Assert.Empty(await engine.OpenTaskElementsAsync(instance.Id));
    }
}
