using System.Globalization;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.ServiceTasks;
using Sicantik.Workflows.Stores;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Tests.Support;
using static Sicantik.Workflows.Tests.Runtime.RuntimeKit;

namespace Sicantik.Workflows.Tests.Runtime;

public sealed class TimerTests
{
    private static readonly TimeSpan Wib = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset T0 = TestEngine.MondayMorning;

    /// <summary>start → Task → Next → end, with <paramref name="boundary"/> on Task leading to <paramref name="pathBody"/>.</summary>
    private static string TaskWithBoundary(string boundary, string pathBody = """<bpmn:endEvent id="PathEnd" />""", string pathTarget = "PathEnd", string processAttributes = "") => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        {UserTask("Task")}
        {UserTask("Next")}
        <bpmn:endEvent id="End" />
        {boundary}
        {pathBody}
        {Bpmn.Flow("f1", "Start", "Task")}
        {Bpmn.Flow("f2", "Task", "Next")}
        {Bpmn.Flow("f3", "Next", "End")}
        {Bpmn.Flow("fPath", "Boundary", pathTarget)}
        """,
        "timer",
        processAttributes);

    /// <summary>start → the timer catch event <c>Wait</c> → After → end.</summary>
    private static string WaitThenTask(string timer, string value, string attributes = "") => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        {TimerCatch("Wait", timer, value, attributes)}
        {UserTask("After")}
        <bpmn:endEvent id="End" />
        {Bpmn.Flow("f1", "Start", "Wait")}
        {Bpmn.Flow("f2", "Wait", "After")}
        {Bpmn.Flow("f3", "After", "End")}
        """,
        "tunggu");

    [Fact]
    public async Task NonInterruptingBoundary_FiresOnceAtExactlyDue_WhenTaskStaysOpen()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(TaskWithBoundary(BoundaryTimer("Boundary", "Task", "timeDuration", "PT10M", interrupting: false)));
        var instance = await engine.StartAsync("timer");
        var timer = Assert.Single(instance.Timers);
        Assert.Equal(TimerPurpose.Boundary, timer.Purpose);
        Assert.Equal("Boundary", timer.ElementId);
        Assert.Equal(T0.AddMinutes(10), timer.DueAt);
        Assert.Equal(T0.AddMinutes(10), (await engine.TaskAsync(instance.Id, "Task")).DueAt);

        Assert.Equal(0, await engine.AdvanceAsync(new TimeSpan(0, 9, 59)));
        Assert.Empty(await engine.HistoryOfAsync(instance.Id, HistoryEventType.TimerFired));

        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromSeconds(1)));

        var fired = Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.TimerFired));
        Assert.Equal("Boundary", fired.ElementId);
        Assert.Equal(T0.AddMinutes(10), fired.At);
        Assert.Equal(T0.AddMinutes(10), DateTimeOffset.Parse(fired.Detail!, CultureInfo.InvariantCulture));
        Assert.Equal(["TimerFired Boundary", "EndEventReached PathEnd"], (await engine.HistoryLinesAsync(instance.Id))[^2..]);
        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Running, after.State);
        Assert.Equal(["Task:Waiting:UserTask"], TokenPositions(after));
        Assert.Empty(after.Timers);
        Assert.Equal(["Task"], await engine.OpenTaskElementsAsync(instance.Id));

        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromHours(1)));
        await engine.CompleteTaskAsync(instance.Id, "Task");
        Assert.Equal(["Next"], await engine.OpenTaskElementsAsync(instance.Id));
        await engine.CompleteTaskAsync(instance.Id, "Next");
        var done = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Completed, done.State);
        Assert.Equal("End", done.EndedWith);
    }

    [Fact]
    public async Task InterruptingBoundary_CancelsTaskAndFollowsTimerPath_WhenDue()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(TaskWithBoundary(
            BoundaryTimer("Boundary", "Task", "timeDuration", "PT10M"),
            $"""{UserTask("Late")}<bpmn:endEvent id="PathEnd" />{Bpmn.Flow("fLate", "Late", "PathEnd")}""",
            "Late"));
        var instance = await engine.StartAsync("timer");
        var task = await engine.TaskAsync(instance.Id, "Task");

        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromMinutes(10)));

        var cancelled = await engine.Tasks.GetAsync(task.Id);
        Assert.Equal(HumanTaskState.Cancelled, cancelled.State);
        Assert.Equal(T0.AddMinutes(10), cancelled.CompletedAt);
        Assert.Null(cancelled.CompletedBy);
        Assert.Equal(["Late"], await engine.OpenTaskElementsAsync(instance.Id));
        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal(["Late:Waiting:UserTask"], TokenPositions(after));
        Assert.Empty(after.Timers);
        Assert.Equal(["TimerFired Boundary", "TaskCancelled Task", "TaskCreated Late"], (await engine.HistoryLinesAsync(instance.Id))[^3..]);
        await ThrowsWorkflowAsync(WorkflowError.TaskNotOpen, () => engine.Tasks.CompleteAsync(task.Id, new WorkflowUser("u", Staf)));
    }

    [Fact]
    public async Task Boundary_IsRemoved_WhenTaskCompletedBeforeDue()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(TaskWithBoundary(BoundaryTimer("Boundary", "Task", "timeDuration", "PT10M")));
        var instance = await engine.StartAsync("timer");

        await engine.AdvanceAsync(TimeSpan.FromMinutes(5));
        await engine.CompleteTaskAsync(instance.Id, "Task");

        Assert.Empty((await engine.InstanceAsync(instance.Id)).Timers);
        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromHours(1)));
        Assert.Empty(await engine.Timers.FindDueAsync());
        Assert.Empty(await engine.HistoryOfAsync(instance.Id, HistoryEventType.TimerFired));
        Assert.Equal(["Next"], await engine.OpenTaskElementsAsync(instance.Id));
    }

    [Fact]
    public async Task CycleBoundary_FiresExactlyThreeTimes_WhenRepeatingThreeTimesEveryFiveMinutes()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(TaskWithBoundary(BoundaryTimer("Boundary", "Task", "timeCycle", "R3/PT5M", interrupting: false)));
        var instance = await engine.StartAsync("timer");

        Assert.Equal(0, await engine.AdvanceAsync(new TimeSpan(0, 4, 59)));
        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromSeconds(1)));
        var afterFirst = Assert.Single((await engine.InstanceAsync(instance.Id)).Timers);
        Assert.Equal(1, afterFirst.TimesFired);
        Assert.Equal(T0.AddMinutes(10), afterFirst.DueAt);
        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromMinutes(5)));
        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromMinutes(5)));
        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromMinutes(5)));
        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromHours(1)));

        var fired = await engine.HistoryOfAsync(instance.Id, HistoryEventType.TimerFired);
        Assert.Equal([T0.AddMinutes(5), T0.AddMinutes(10), T0.AddMinutes(15)], fired.Select(e => e.At));
        Assert.Equal(3, (await engine.HistoryOfAsync(instance.Id, HistoryEventType.EndEventReached)).Length);
        var after = await engine.InstanceAsync(instance.Id);
        Assert.Empty(after.Timers);
        Assert.Equal(["Task:Waiting:UserTask"], TokenPositions(after));
        Assert.Equal(["Task"], await engine.OpenTaskElementsAsync(instance.Id));
    }

    [Fact]
    public async Task CycleBoundary_CatchesUpThreeFirings_WhenClockJumpsPastAllOfThem()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(TaskWithBoundary(BoundaryTimer("Boundary", "Task", "timeCycle", "R3/PT5M", interrupting: false)));
        var instance = await engine.StartAsync("timer");

        Assert.Equal(3, await engine.AdvanceAsync(TimeSpan.FromHours(1)));

        var fired = await engine.HistoryOfAsync(instance.Id, HistoryEventType.TimerFired);
        Assert.Equal(
            [T0.AddMinutes(5), T0.AddMinutes(10), T0.AddMinutes(15)],
            fired.Select(e => DateTimeOffset.Parse(e.Detail!, CultureInfo.InvariantCulture)));
        Assert.Empty((await engine.InstanceAsync(instance.Id)).Timers);
    }

    [Fact]
    public async Task TimeDate_FiresAtThatInstant_WhenGivenWithOtherOffset()
    {
        await using var engine = TestEngine.Create();

        // 11:30 at UTC+8 is 10:30 WIB, two and a half hours after the engine's clock starts.
        await engine.DeployAsync(WaitThenTask("timeDate", "2026-11-23T11:30:00+08:00"));
        var instance = await engine.StartAsync("tunggu");
        var timer = Assert.Single(instance.Timers);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 30, 0, Wib), timer.DueAt);

        Assert.Equal(0, await engine.AdvanceAsync(new TimeSpan(2, 29, 59)));
        Assert.Empty(await engine.OpenTaskElementsAsync(instance.Id));

        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
    }

    [Fact]
    public async Task IntermediateTimer_WaitsThenContinues_WhenDurationPasses()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WaitThenTask("timeDuration", "PT1H"));

        var instance = await engine.StartAsync("tunggu");

        Assert.Equal(["Wait:Waiting:Timer"], TokenPositions(instance));
        var timer = Assert.Single(instance.Timers);
        Assert.Equal(TimerPurpose.Intermediate, timer.Purpose);
        Assert.Equal(T0.AddHours(1), timer.DueAt);
        Assert.Empty(await engine.OpenTaskElementsAsync(instance.Id));

        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromMinutes(59)));
        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromMinutes(1)));

        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal(["After:Waiting:UserTask"], TokenPositions(after));
        Assert.Empty(after.Timers);
        Assert.Equal(["InstanceStarted Start", "TimerFired Wait", "TaskCreated After"], await engine.HistoryLinesAsync(instance.Id));
    }

    [Fact]
    public async Task ExpressionTimer_UsesVariableDuration_WhenDurationIsExpression()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WaitThenTask("timeDuration", "${wait}"));

        var instance = await engine.StartAsync("tunggu", new { wait = "PT2M" });

        Assert.Equal(T0.AddMinutes(2), Assert.Single(instance.Timers).DueAt);
        Assert.Equal(0, await engine.AdvanceAsync(new TimeSpan(0, 1, 59)));
        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
    }

    [Fact]
    public async Task ExpressionTimer_FaultsWithExpressionFailed_WhenVariableIsNoDuration()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WaitThenTask("timeDuration", "${wait}"));

        var instance = await engine.StartAsync("tunggu", new { wait = "besok" });

        Assert.Equal(InstanceState.Faulted, instance.State);
        var incident = Assert.Single(instance.Incidents);
        Assert.Equal(IncidentKind.ExpressionFailed, incident.Kind);
        Assert.Equal("Wait", incident.ElementId);
        Assert.Contains("besok", incident.Message, StringComparison.Ordinal);
        Assert.Empty(instance.Timers);

        await engine.AdvanceAsync(TimeSpan.FromMinutes(1));
        await engine.Runtime.SetVariablesAsync(instance.Id, Vars.From(new { wait = "PT2M" }), "operator");
        await engine.Runtime.RetryIncidentAsync(instance.Id, incident.Id, "operator");

        var retried = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Running, retried.State);
        Assert.Equal(T0.AddMinutes(3), Assert.Single(retried.Timers).DueAt);
    }

    [Fact]
    public async Task EscalationBoundary_MarksTaskAndTellsHandler_WhenBakuMutuRunsOut()
    {
        await using var engine = TestEngine.Create(topics: ["eskalasi"]);
        await engine.DeployAsync(TaskWithBoundary(
            BoundaryTimer("Boundary", "Task", "timeDuration", "PT10M", interrupting: false, """sicantik:escalateTo="kepala-dinas" """),
            $"""{ServiceTask("Notify", "eskalasi")}<bpmn:endEvent id="PathEnd" />{Bpmn.Flow("fNotify", "Notify", "PathEnd")}""",
            "Notify"));
        var instance = await engine.StartAsync("timer", businessKey: "IZN-1");
        var task = await engine.TaskAsync(instance.Id, "Task");
        Assert.False(task.IsOverdue);

        await engine.AdvanceAsync(TimeSpan.FromMinutes(10));

        var escalated = await engine.TaskAsync(instance.Id, "Task");
        Assert.Equal(HumanTaskState.Open, escalated.State);
        Assert.Equal(T0.AddMinutes(10), escalated.EscalatedAt);
        Assert.Equal(["kepala-dinas"], escalated.EscalatedTo);
        Assert.True(escalated.IsOverdue);
        var found = await engine.Tasks.QueryAsync(new TaskQuery { EscalatedToAny = ["kepala-dinas"] });
        Assert.Equal(task.Id, Assert.Single(found).Id);

        var escalation = Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.Escalated));
        Assert.Equal("kepala-dinas", escalation.Detail);
        Assert.Equal("Task", escalation.ElementId);
        Assert.Equal(task.Id, escalation.TaskId);
        Assert.Equal(
            ["TimerFired Boundary", "Escalated Task", "ServiceTaskCompleted Notify", "EndEventReached PathEnd"],
            (await engine.HistoryLinesAsync(instance.Id))[^4..]);

        var call = Assert.Single(engine.Handlers.Calls);
        Assert.Equal("Notify", call.ElementId);
        Assert.Equal("IZN-1", call.BusinessKey);
        Assert.Equal(new EscalationInfo("kepala-dinas", task.Id, "Task"), call.Escalation);

        // Late but still the user's to finish.
        await engine.CompleteTaskAsync(instance.Id, "Task");
        Assert.Equal(["Next"], await engine.OpenTaskElementsAsync(instance.Id));
    }

    [Fact]
    public async Task EscalationPath_TellsHandlerTheLateTask_AfterThatTaskWasFinished()
    {
        await using var engine = TestEngine.Create(topics: ["eskalasi"]);
        await engine.DeployAsync(TaskWithBoundary(
            BoundaryTimer("Boundary", "Task", "timeDuration", "PT10M", interrupting: false, """sicantik:escalateTo="kepala-dinas" """),
            $"""{UserTask("Review")}{ServiceTask("Notify", "eskalasi")}<bpmn:endEvent id="PathEnd" />{Bpmn.Flow("fReview", "Review", "Notify")}{Bpmn.Flow("fNotify", "Notify", "PathEnd")}""",
            "Review"));
        var instance = await engine.StartAsync("timer", businessKey: "IZN-2");
        var task = await engine.TaskAsync(instance.Id, "Task");
        await engine.AdvanceAsync(TimeSpan.FromMinutes(10));

        // The late task is finished before the escalation path reaches its service task, in a command on another task.
        await engine.CompleteTaskAsync(instance.Id, "Task");
        Assert.Empty(engine.Handlers.Calls);
        await engine.CompleteTaskAsync(instance.Id, "Review");

        var call = Assert.Single(engine.Handlers.Calls);
        Assert.Equal("Notify", call.ElementId);
        Assert.Equal(new EscalationInfo("kepala-dinas", task.Id, "Task"), call.Escalation);
        var finished = await engine.Runtime.GetAsync(instance.Id);
        Assert.Equal(["Next", "Review", "Task"], finished.Tasks.Select(t => t.ElementId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EscalationBoundary_KeepsFirstEscalatedAt_WhenReminderRepeats()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(TaskWithBoundary(
            BoundaryTimer("Boundary", "Task", "timeCycle", "R2/PT10M", interrupting: false, """sicantik:escalateTo="kepala-dinas" """)));
        var instance = await engine.StartAsync("timer");

        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromMinutes(10)));
        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromMinutes(10)));
        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromMinutes(10)));

        var task = await engine.TaskAsync(instance.Id, "Task");
        Assert.Equal(T0.AddMinutes(10), task.EscalatedAt);
        Assert.Equal(["kepala-dinas", "kepala-dinas"], task.EscalatedTo);
        Assert.Equal(2, (await engine.HistoryOfAsync(instance.Id, HistoryEventType.Escalated)).Length);
    }

    [Fact]
    public async Task ServiceTaskOutsideEscalationPath_GetsNoEscalation_WhenRunNormally()
    {
        await using var engine = TestEngine.Create(topics: ["catat"]);
        await engine.DeployAsync(Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start" />
            {ServiceTask("Log", "catat")}
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "Log")}
            {Bpmn.Flow("f2", "Log", "End")}
            """,
            "biasa"));

        await engine.StartAsync("biasa");

        Assert.Null(Assert.Single(engine.Handlers.Calls).Escalation);
    }

    [Theory]
    [InlineData("", """sicantik:calendar="office-hours" """, 24, 8, 5)]
    [InlineData("""sicantik:calendar="office-hours" """, "", 24, 8, 5)]
    [InlineData("", "", 23, 16, 5)]
    [InlineData("""sicantik:calendar="office-hours" """, """sicantik:calendar="wall-clock" """, 23, 16, 5)]
    public async Task Boundary_CountsInCalendar_WhenCreatedFiveMinutesBeforeClosing(string processAttributes, string timerAttributes, int day, int hour, int minute)
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(TaskWithBoundary(
            BoundaryTimer("Boundary", "Task", "timeDuration", "PT10M", attributes: timerAttributes),
            processAttributes: processAttributes));
        engine.Clock.Advance(new TimeSpan(7, 55, 0));

        var instance = await engine.StartAsync("timer");

        var due = new DateTimeOffset(2026, 11, day, hour, minute, 0, Wib);
        Assert.Equal(due, Assert.Single(instance.Timers).DueAt);
        Assert.Equal(due, (await engine.TaskAsync(instance.Id, "Task")).DueAt);
        Assert.Equal(0, await engine.AdvanceAsync(due - engine.Clock.GetUtcNow() - TimeSpan.FromSeconds(1)));
        Assert.Equal(["Task"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal(due, Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.TimerFired)).At);
    }

    [Fact]
    public async Task FireAsync_FiresOnce_WhenCalledTwiceForSameTimer()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(TaskWithBoundary(BoundaryTimer("Boundary", "Task", "timeDuration", "PT10M", interrupting: false)));
        var instance = await engine.StartAsync("timer");
        var timer = Assert.Single(instance.Timers);
        engine.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal([new DueTimer(timer.Id, instance.Id, timer.DueAt)], await engine.Timers.FindDueAsync());

        Assert.True(await engine.Timers.FireAsync(instance.Id, timer.Id));
        Assert.False(await engine.Timers.FireAsync(instance.Id, timer.Id));

        Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.TimerFired));
        Assert.Single(await engine.HistoryOfAsync(instance.Id, HistoryEventType.EndEventReached));
        Assert.Empty(await engine.Timers.FindDueAsync());
    }

    [Fact]
    public async Task FireAsync_ReturnsFalseAndKeepsTimer_WhenTimerNotYetDue()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(TaskWithBoundary(BoundaryTimer("Boundary", "Task", "timeDuration", "PT10M")));
        var instance = await engine.StartAsync("timer");
        var timer = Assert.Single(instance.Timers);
        engine.Clock.Advance(new TimeSpan(0, 9, 59));

        Assert.False(await engine.Timers.FireAsync(instance.Id, timer.Id));

        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal(timer.Id, Assert.Single(after.Timers).Id);
        Assert.Equal(["Task"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Empty(await engine.HistoryOfAsync(instance.Id, HistoryEventType.TimerFired));
        Assert.Empty(await engine.Timers.FindDueAsync());
    }

    [Fact]
    public async Task FireAsync_ReturnsFalse_WhenTimerIdIsUnknown()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(TaskWithBoundary(BoundaryTimer("Boundary", "Task", "timeDuration", "PT10M")));
        var instance = await engine.StartAsync("timer");
        engine.Clock.Advance(TimeSpan.FromHours(1));

        Assert.False(await engine.Timers.FireAsync(instance.Id, Guid.NewGuid()));
        Assert.Equal(["Task"], await engine.OpenTaskElementsAsync(instance.Id));
    }

    /// <summary>
    /// A boundary timer's due time is fixed when it is armed; changing the variable its expression read must not make
    /// firing it throw, and one instance's timer must not stop the sweep from firing other instances' timers.
    /// </summary>
    [Fact]
    public async Task ExpressionBoundary_FiresAsArmed_WhenVariableChangedToInvalidValueMeanwhile()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(TaskWithBoundary(BoundaryTimer("Boundary", "Task", "timeDuration", "${batas}", interrupting: false)));
        var changed = await engine.StartAsync("timer", new { batas = "PT10M" });
        engine.Clock.Advance(TimeSpan.FromSeconds(1));
        var other = await engine.StartAsync("timer", new { batas = "PT10M" });
        await engine.Runtime.SetVariablesAsync(changed.Id, Vars.From(new { batas = "besok" }), "operator");

        Assert.Equal(2, await engine.AdvanceAsync(TimeSpan.FromMinutes(10)));

        Assert.Single(await engine.HistoryOfAsync(changed.Id, HistoryEventType.TimerFired));
        Assert.Single(await engine.HistoryOfAsync(other.Id, HistoryEventType.TimerFired));
        Assert.Equal(["Task"], await engine.OpenTaskElementsAsync(changed.Id));
    }
}
