using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tests.Support;
using static Sicantik.Workflows.Tests.Runtime.RuntimeKit;

namespace Sicantik.Workflows.Tests.Runtime;

public sealed class MessageTests
{
    private const string Message = """<bpmn:message id="Msg" name="BerkasMasuk" />""";

    private const string CatchEvent = """<bpmn:intermediateCatchEvent id="Wait"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:intermediateCatchEvent>""";

    private const string ReceiveTask = """<bpmn:receiveTask id="Wait" name="Terima berkas" messageRef="Msg" />""";

    /// <summary>start → <paramref name="wait"/> (id <c>Wait</c>) → After → end, plus <paramref name="extra"/>.</summary>
    private static string WaitForMessage(string wait, string extra = "") => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        {wait}
        {UserTask("After")}
        <bpmn:endEvent id="End" />
        {extra}
        {Bpmn.Flow("f1", "Start", "Wait")}
        {Bpmn.Flow("f2", "Wait", "After")}
        {Bpmn.Flow("f3", "After", "End")}
        """,
        "pesan",
        definitionsExtra: Message);

    public static TheoryData<string, string> Waits => new()
    {
        { "catch event", CatchEvent },
        { "receive task", ReceiveTask },
    };

    [Theory]
    [MemberData(nameof(Waits))]
    public async Task CorrelateMessage_ContinuesWithVariables_WhenTokenWaitsForIt(string kind, string wait)
    {
        Assert.NotEmpty(kind);
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WaitForMessage(wait));
        var instance = await engine.StartAsync("pesan", businessKey: "IZN-1");
        Assert.Equal(["Wait:Waiting:Message"], TokenPositions(instance));
        var subscription = Assert.Single(instance.Subscriptions);
        Assert.Equal("BerkasMasuk", subscription.MessageName);
        Assert.Equal("IZN-1", subscription.BusinessKey);
        Assert.Equal("Wait", subscription.ElementId);

        var correlated = await engine.Runtime.CorrelateMessageAsync("BerkasMasuk", "IZN-1", Vars.From(new { nomorBerkas = "B-7", halaman = 3 }));

        Assert.Equal(instance.Id, correlated.Id);
        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal("B-7", after.Variables["nomorBerkas"]);
        Assert.Equal(3L, after.Variables["halaman"]);
        Assert.Empty(after.Subscriptions);
        Assert.Equal(["After:Waiting:UserTask"], TokenPositions(after));
        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Equal(["InstanceStarted Start", "MessageCorrelated Wait", "TaskCreated After"], await engine.HistoryLinesAsync(instance.Id));
        Assert.Equal("BerkasMasuk", Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.MessageCorrelated)).Detail);
    }

    [Fact]
    public async Task CorrelateMessage_ThrowsMessageNotCorrelated_WhenBusinessKeyDiffers()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WaitForMessage(CatchEvent));
        var instance = await engine.StartAsync("pesan", businessKey: "IZN-1");

        var error = await ThrowsWorkflowAsync(WorkflowError.MessageNotCorrelated, () => engine.Runtime.CorrelateMessageAsync("BerkasMasuk", "IZN-2"));

        Assert.Contains("BerkasMasuk", error.Message, StringComparison.Ordinal);
        Assert.Contains("IZN-2", error.Message, StringComparison.Ordinal);
        Assert.Equal(["Wait:Waiting:Message"], TokenPositions(await engine.InstanceAsync(instance.Id)));
    }

    [Fact]
    public async Task CorrelateMessage_ThrowsMessageNotCorrelated_WhenMessageNameIsUnknown()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WaitForMessage(ReceiveTask));
        await engine.StartAsync("pesan", businessKey: "IZN-1");

        await ThrowsWorkflowAsync(WorkflowError.MessageNotCorrelated, () => engine.Runtime.CorrelateMessageAsync("Msg", "IZN-1"));
    }

    [Fact]
    public async Task CorrelateMessage_ThrowsMessageNotCorrelated_WhenMessageWasAlreadyConsumed()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WaitForMessage(ReceiveTask));
        var instance = await engine.StartAsync("pesan", businessKey: "IZN-1");
        await engine.Runtime.CorrelateMessageAsync("BerkasMasuk", "IZN-1");

        await ThrowsWorkflowAsync(WorkflowError.MessageNotCorrelated, () => engine.Runtime.CorrelateMessageAsync("BerkasMasuk", "IZN-1"));

        Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.MessageCorrelated));
    }

    [Fact]
    public async Task CorrelateMessage_ThrowsMessageAmbiguous_WhenTwoInstancesWaitWithSameBusinessKey()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WaitForMessage(CatchEvent));
        var first = await engine.StartAsync("pesan", businessKey: "IZN-1");
        var second = await engine.StartAsync("pesan", businessKey: "IZN-1");

        var error = await ThrowsWorkflowAsync(WorkflowError.MessageAmbiguous, () => engine.Runtime.CorrelateMessageAsync("BerkasMasuk", "IZN-1"));

        Assert.Contains("BerkasMasuk", error.Message, StringComparison.Ordinal);
        Assert.Equal(["Wait:Waiting:Message"], TokenPositions(await engine.InstanceAsync(first.Id)));
        Assert.Equal(["Wait:Waiting:Message"], TokenPositions(await engine.InstanceAsync(second.Id)));
    }

    [Fact]
    public async Task CorrelateMessage_ReachesOnlyMatchingInstance_WhenOthersWaitWithOtherKeys()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WaitForMessage(ReceiveTask));
        var first = await engine.StartAsync("pesan", businessKey: "IZN-1");
        var second = await engine.StartAsync("pesan", businessKey: "IZN-2");

        await engine.Runtime.CorrelateMessageAsync("BerkasMasuk", "IZN-2");

        Assert.Equal(["Wait:Waiting:Message"], TokenPositions(await engine.InstanceAsync(first.Id)));
        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(second.Id));
    }

    [Fact]
    public async Task BoundaryTimer_CancelsReceiveTaskSubscription_WhenMessageComesTooLate()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WaitForMessage(
            ReceiveTask,
            $"""
            {BoundaryTimer("Timeout", "Wait", "timeDuration", "PT1H")}
            {UserTask("Ingatkan")}
            <bpmn:endEvent id="TimeoutEnd" />
            {Bpmn.Flow("fTimeout", "Timeout", "Ingatkan")}
            {Bpmn.Flow("fTimeoutEnd", "Ingatkan", "TimeoutEnd")}
            """));
        var instance = await engine.StartAsync("pesan", businessKey: "IZN-1");
        Assert.Single(instance.Timers);

        Assert.Equal(0, await engine.AdvanceAsync(new TimeSpan(0, 59, 59)));
        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromSeconds(1)));

        var after = await engine.InstanceAsync(instance.Id);
        Assert.Empty(after.Subscriptions);
        Assert.Empty(after.Timers);
        Assert.Equal(["Ingatkan:Waiting:UserTask"], TokenPositions(after));
        await ThrowsWorkflowAsync(WorkflowError.MessageNotCorrelated, () => engine.Runtime.CorrelateMessageAsync("BerkasMasuk", "IZN-1"));
    }

    [Fact]
    public async Task BoundaryTimer_IsRemoved_WhenMessageArrivesBeforeDue()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WaitForMessage(
            ReceiveTask,
            $"""
            {BoundaryTimer("Timeout", "Wait", "timeDuration", "PT1H")}
            <bpmn:endEvent id="TimeoutEnd" />
            {Bpmn.Flow("fTimeout", "Timeout", "TimeoutEnd")}
            """));
        var instance = await engine.StartAsync("pesan", businessKey: "IZN-1");

        await engine.AdvanceAsync(TimeSpan.FromMinutes(30));
        await engine.Runtime.CorrelateMessageAsync("BerkasMasuk", "IZN-1");

        Assert.Empty((await engine.InstanceAsync(instance.Id)).Timers);
        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromHours(2)));
        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Empty(await engine.HistoryOfAsync(instance.Id, HistoryEventType.TimerFired));
    }

    [Fact]
    public async Task CorrelateMessage_ThrowsInvalidVariables_WhenVariableTypeIsUnsupported()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WaitForMessage(ReceiveTask));
        var instance = await engine.StartAsync("pesan", businessKey: "IZN-1");

        await ThrowsWorkflowAsync(WorkflowError.InvalidVariables, () => engine.Runtime.CorrelateMessageAsync("BerkasMasuk", "IZN-1", Vars.From(new { berkas = new object() })));

        Assert.Equal(["Wait:Waiting:Message"], TokenPositions(await engine.InstanceAsync(instance.Id)));
    }
}
