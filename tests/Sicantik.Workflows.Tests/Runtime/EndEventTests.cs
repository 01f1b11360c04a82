using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Tests.Support;
using static Sicantik.Workflows.Tests.Runtime.RuntimeKit;

namespace Sicantik.Workflows.Tests.Runtime;

public sealed class EndEventTests
{
    /// <summary>start → fork → A → <c>EndA</c> (terminating or not); fork → B → EndB. B has a one-hour reminder.</summary>
    private static string TwoBranches(bool terminateA) => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        {Gateway("parallel", "Fork")}
        {UserTask("A")}
        {UserTask("B")}
        {(terminateA ? """<bpmn:endEvent id="EndA"><bpmn:terminateEventDefinition /></bpmn:endEvent>""" : """<bpmn:endEvent id="EndA" />""")}
        <bpmn:endEvent id="EndB" />
        {BoundaryTimer("Reminder", "B", "timeDuration", "PT1H", interrupting: false)}
        <bpmn:endEvent id="ReminderEnd" />
        {Bpmn.Flow("f1", "Start", "Fork")}
        {Bpmn.Flow("f2", "Fork", "A")}
        {Bpmn.Flow("f3", "Fork", "B")}
        {Bpmn.Flow("f4", "A", "EndA")}
        {Bpmn.Flow("f5", "B", "EndB")}
        {Bpmn.Flow("f6", "Reminder", "ReminderEnd")}
        """,
        "dua");

    [Fact]
    public async Task TerminateEnd_CancelsOtherBranchAndCompletesInstance_WhenReachedOnOneBranch()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(TwoBranches(terminateA: true));
        var instance = await engine.StartAsync("dua");
        var taskB = await engine.TaskAsync(instance.Id, "B");

        await engine.CompleteTaskAsync(instance.Id, "A");

        var done = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Completed, done.State);
        Assert.Equal("EndA", done.EndedWith);
        Assert.Equal(TestEngine.MondayMorning, done.EndedAt);
        Assert.Empty(done.Tokens);
        Assert.Empty(done.Timers);
        Assert.Equal(HumanTaskState.Cancelled, (await engine.Tasks.GetAsync(taskB.Id)).State);
        Assert.Empty(await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Equal(
            ["TaskCompleted A", "EndEventReached EndA", "TaskCancelled B", "InstanceCompleted EndA"],
            (await engine.HistoryLinesAsync(instance.Id))[^4..]);
        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromHours(2)));
    }

    [Fact]
    public async Task PlainEnd_LeavesOtherBranchRunning_WhenReachedOnOneBranch()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(TwoBranches(terminateA: false));
        var instance = await engine.StartAsync("dua");

        await engine.CompleteTaskAsync(instance.Id, "A");

        var running = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Running, running.State);
        Assert.Null(running.EndedAt);
        Assert.Equal(["B:Waiting:UserTask"], TokenPositions(running));
        Assert.Equal(["B"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Single(running.Timers);
    }

    [Fact]
    public async Task Instance_CompletesOnlyWhenAllTokensEnd_WhenBranchesEndSeparately()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(TwoBranches(terminateA: false));
        var instance = await engine.StartAsync("dua");

        // The reminder's own path ends first; it does not end the instance either.
        await engine.AdvanceAsync(TimeSpan.FromHours(1));
        await engine.CompleteTaskAsync(instance.Id, "B");
        Assert.Equal(InstanceState.Running, (await engine.InstanceAsync(instance.Id)).State);
        await engine.CompleteTaskAsync(instance.Id, "A");

        var done = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Completed, done.State);
        Assert.Equal("EndA", done.EndedWith);
        Assert.Equal(["ReminderEnd", "EndB", "EndA"], (await engine.HistoryOfAsync(instance.Id, HistoryEventType.EndEventReached)).Select(e => e.ElementId));
        Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.InstanceCompleted));
    }

    [Fact]
    public async Task Start_CompletesAtOnce_WhenNothingWaits()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start" />
            <bpmn:endEvent id="Selesai" />
            {Bpmn.Flow("f1", "Start", "Selesai")}
            """,
            "kosong"));

        var instance = await engine.StartAsync("kosong");

        Assert.Equal(InstanceState.Completed, instance.State);
        Assert.Equal("Selesai", instance.EndedWith);
        Assert.Equal(["InstanceStarted Start", "EndEventReached Selesai", "InstanceCompleted Selesai"], await engine.HistoryLinesAsync(instance.Id));
    }

    [Fact]
    public async Task TerminateAsync_CancelsTasksAndRemovesTimers_WhenInstanceRuns()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(TwoBranches(terminateA: false));
        var instance = await engine.StartAsync("dua");
        var tasks = await engine.OpenTasksAsync(instance.Id);
        engine.Clock.Advance(TimeSpan.FromMinutes(5));

        await engine.Runtime.TerminateAsync(instance.Id, "operator", "Permohonan dicabut");

        var terminated = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Terminated, terminated.State);
        Assert.True(terminated.IsEnded);
        Assert.Equal("Permohonan dicabut", terminated.EndedWith);
        Assert.Equal(TestEngine.MondayMorning.AddMinutes(5), terminated.EndedAt);
        Assert.Empty(terminated.Tokens);
        Assert.Empty(terminated.Timers);
        Assert.Empty(terminated.Subscriptions);
        Assert.Empty(await engine.OpenTaskElementsAsync(instance.Id));
        foreach (var task in tasks)
        {
            Assert.Equal(HumanTaskState.Cancelled, (await engine.Tasks.GetAsync(task.Id)).State);
        }

        var last = (await engine.HistoryAsync(instance.Id))[^1];
        Assert.Equal(HistoryEventType.InstanceTerminated, last.Type);
        Assert.Equal("operator", last.UserId);
        Assert.Equal("Permohonan dicabut", last.Detail);
        Assert.Equal(2, (await engine.HistoryOfAsync(instance.Id, HistoryEventType.TaskCancelled)).Length);
        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromHours(2)));
        Assert.Empty(await engine.Timers.FindDueAsync());
    }

    [Fact]
    public async Task TerminateAsync_RemovesMessageSubscription_WhenTokenWaitsForMessage()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start" />
            <bpmn:receiveTask id="Wait" messageRef="Msg" />
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "Wait")}
            {Bpmn.Flow("f2", "Wait", "End")}
            """,
            "terima",
            definitionsExtra: """<bpmn:message id="Msg" name="BerkasMasuk" />"""));
        var instance = await engine.StartAsync("terima", businessKey: "IZN-1");

        await engine.Runtime.TerminateAsync(instance.Id, "operator", "batal");

        Assert.Empty((await engine.InstanceAsync(instance.Id)).Subscriptions);
        await ThrowsWorkflowAsync(WorkflowError.MessageNotCorrelated, () => engine.Runtime.CorrelateMessageAsync("BerkasMasuk", "IZN-1"));
    }

    [Fact]
    public async Task ActingOnTerminatedInstance_ThrowsInstanceNotRunning_WhenTerminatedOrChanged()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(TwoBranches(terminateA: false));
        var instance = await engine.StartAsync("dua");
        var task = await engine.TaskAsync(instance.Id, "A");
        await engine.Runtime.TerminateAsync(instance.Id, "operator", "batal");

        await ThrowsWorkflowAsync(WorkflowError.InstanceNotRunning, () => engine.Runtime.TerminateAsync(instance.Id, "operator", "lagi"));
        await ThrowsWorkflowAsync(WorkflowError.InstanceNotRunning, () => engine.Runtime.SetVariablesAsync(instance.Id, Vars.From(new { x = 1 })));
        await ThrowsWorkflowAsync(WorkflowError.TaskNotOpen, () => engine.Tasks.CompleteAsync(task.Id, new WorkflowUser("u", Staf)));

        var unchanged = await engine.InstanceAsync(instance.Id);
        Assert.Equal("batal", unchanged.EndedWith);
        Assert.DoesNotContain("x", unchanged.Variables.Keys);
        Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.InstanceTerminated));
    }

    [Fact]
    public async Task ActingOnCompletedInstance_ThrowsInstanceNotRunning_WhenSettingVariablesOrTerminating()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(TwoBranches(terminateA: true));
        var instance = await engine.StartAsync("dua");
        await engine.CompleteTaskAsync(instance.Id, "A");

        await ThrowsWorkflowAsync(WorkflowError.InstanceNotRunning, () => engine.Runtime.SetVariablesAsync(instance.Id, Vars.From(new { x = 1 })));
        await ThrowsWorkflowAsync(WorkflowError.InstanceNotRunning, () => engine.Runtime.TerminateAsync(instance.Id, "operator", "batal"));
        Assert.Equal(InstanceState.Completed, (await engine.InstanceAsync(instance.Id)).State);
    }

    [Fact]
    public async Task TerminateAsync_ResolvesOpenIncidents_WhenInstanceIsFaulted()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start" />
            {ServiceTask("Svc", "tidak-ada")}
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "Svc")}
            {Bpmn.Flow("f2", "Svc", "End")}
            """,
            "gagal"));
        var instance = await engine.StartAsync("gagal");
        Assert.Equal(InstanceState.Faulted, instance.State);
        var incident = Assert.Single(instance.Incidents);

        await engine.Runtime.TerminateAsync(instance.Id, "operator", "batal");

        var terminated = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Terminated, terminated.State);
        var resolved = Assert.Single(terminated.Incidents);
        Assert.False(resolved.IsOpen);
        Assert.Equal("operator", resolved.ResolvedBy);
        await ThrowsWorkflowAsync(WorkflowError.IncidentNotFound, () => engine.Runtime.RetryIncidentAsync(instance.Id, incident.Id));
    }

    [Fact]
    public async Task TerminateAsync_ThrowsInstanceNotFound_WhenIdIsUnknown()
    {
        await using var engine = TestEngine.Create();

        await ThrowsWorkflowAsync(WorkflowError.InstanceNotFound, () => engine.Runtime.TerminateAsync(Guid.NewGuid(), "operator", "batal"));
    }
}
