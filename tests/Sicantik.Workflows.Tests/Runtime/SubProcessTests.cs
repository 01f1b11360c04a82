using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Tests.Support;
using static Sicantik.Workflows.Tests.Runtime.RuntimeKit;

namespace Sicantik.Workflows.Tests.Runtime;

public sealed class SubProcessTests
{
    /// <summary>start → Sub (<paramref name="inner"/>) → After → end, plus <paramref name="extra"/> at the process level.</summary>
    private static string WithSubProcess(string inner, string extra = "") => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        <bpmn:subProcess id="Sub" name="Verifikasi">
        {inner}
        </bpmn:subProcess>
        {UserTask("After")}
        <bpmn:endEvent id="End" />
        {extra}
        {Bpmn.Flow("f1", "Start", "Sub")}
        {Bpmn.Flow("f2", "Sub", "After")}
        {Bpmn.Flow("f3", "After", "End")}
        """,
        "sub");

    /// <summary>SubStart → Inner1 → Inner2 → SubEnd.</summary>
    private static readonly string Sequential = $"""
        <bpmn:startEvent id="SubStart" />
        {UserTask("Inner1")}
        {UserTask("Inner2")}
        <bpmn:endEvent id="SubEnd" />
        {Bpmn.Flow("s1", "SubStart", "Inner1")}
        {Bpmn.Flow("s2", "Inner1", "Inner2")}
        {Bpmn.Flow("s3", "Inner2", "SubEnd")}
        """;

    /// <summary>SubStart → fork → InnerA → <paramref name="endA"/>; fork → InnerB → SubEnd.</summary>
    private static string Parallel(string endA = """<bpmn:endEvent id="EndA" />""") => $"""
        <bpmn:startEvent id="SubStart" />
        {Gateway("parallel", "SubFork")}
        {UserTask("InnerA")}
        {UserTask("InnerB")}
        {endA}
        <bpmn:endEvent id="SubEnd" />
        {Bpmn.Flow("s1", "SubStart", "SubFork")}
        {Bpmn.Flow("s2", "SubFork", "InnerA")}
        {Bpmn.Flow("s3", "SubFork", "InnerB")}
        {Bpmn.Flow("s4", "InnerA", "EndA")}
        {Bpmn.Flow("s5", "InnerB", "SubEnd")}
        """;

    private const string TerminateA = """<bpmn:endEvent id="EndA"><bpmn:terminateEventDefinition /></bpmn:endEvent>""";

    [Fact]
    public async Task SubProcess_RunsInnerTasksThenContinues_WhenInnerEndReached()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WithSubProcess(Sequential));

        var instance = await engine.StartAsync("sub");

        Assert.Equal(["Inner1"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Equal(["Inner1:Waiting:UserTask", "Sub:Waiting:SubProcess"], TokenPositions(instance));
        var scope = instance.Tokens.Single(t => t.ElementId == "Sub");
        Assert.Null(scope.ParentTokenId);
        Assert.Equal(scope.Id, instance.Tokens.Single(t => t.ElementId == "Inner1").ParentTokenId);

        await engine.CompleteTaskAsync(instance.Id, "Inner1");
        Assert.Equal(["Inner2"], await engine.OpenTaskElementsAsync(instance.Id));
        await engine.CompleteTaskAsync(instance.Id, "Inner2");

        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal(["After:Waiting:UserTask"], TokenPositions(after));
        Assert.Null(after.Tokens[0].ParentTokenId);
        Assert.Equal(InstanceState.Running, after.State);
        Assert.Equal(
            ["InstanceStarted Start", "SubProcessStarted Sub", "TaskCreated Inner1", "TaskClaimed Inner1", "TaskCompleted Inner1", "TaskCreated Inner2", "TaskClaimed Inner2", "TaskCompleted Inner2", "EndEventReached SubEnd", "SubProcessCompleted Sub", "TaskCreated After"],
            await engine.HistoryLinesAsync(instance.Id));

        await engine.CompleteTaskAsync(instance.Id, "After");
        var done = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Completed, done.State);
        Assert.Equal("End", done.EndedWith);
    }

    [Fact]
    public async Task SubProcess_WaitsForAllInnerBranches_WhenInnerForkHasTwo()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WithSubProcess(Parallel()));
        var instance = await engine.StartAsync("sub");

        await engine.CompleteTaskAsync(instance.Id, "InnerA");

        Assert.Equal(["InnerB"], await engine.OpenTaskElementsAsync(instance.Id));
        await engine.CompleteTaskAsync(instance.Id, "InnerB");
        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
    }

    [Fact]
    public async Task InterruptingBoundary_CancelsInnerTasksAndFollowsTimerPath_WhenSubProcessTooSlow()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WithSubProcess(
            Parallel(),
            $"""
            {BoundaryTimer("Timeout", "Sub", "timeDuration", "PT1H")}
            {UserTask("Late")}
            <bpmn:endEvent id="LateEnd" />
            {Bpmn.Flow("fLate", "Timeout", "Late")}
            {Bpmn.Flow("fLateEnd", "Late", "LateEnd")}
            """));
        var instance = await engine.StartAsync("sub");
        var inner = await engine.OpenTasksAsync(instance.Id);
        Assert.Equal(2, inner.Count);
        Assert.Equal(T0PlusHour, Assert.Single(instance.Timers).DueAt);

        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromHours(1)));

        foreach (var task in inner)
        {
            Assert.Equal(HumanTaskState.Cancelled, (await engine.Tasks.GetAsync(task.Id)).State);
        }

        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal(["Late:Waiting:UserTask"], TokenPositions(after));
        Assert.Equal(["Late"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Equal(2, (await engine.HistoryOfAsync(instance.Id, HistoryEventType.TaskCancelled)).Length);
        Assert.Equal(["SubProcessCancelled Sub", "TaskCreated Late"], (await engine.HistoryLinesAsync(instance.Id))[^2..]);
        Assert.DoesNotContain(await engine.HistoryTypesAsync(instance.Id), t => t == HistoryEventType.SubProcessCompleted);
        Assert.DoesNotContain(await engine.HistoryOfAsync(instance.Id, HistoryEventType.TaskCreated), e => e.ElementId == "After");
    }

    [Fact]
    public async Task Boundary_IsRemoved_WhenSubProcessCompletesBeforeDue()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WithSubProcess(
            Sequential,
            $"""
            {BoundaryTimer("Timeout", "Sub", "timeDuration", "PT1H")}
            <bpmn:endEvent id="LateEnd" />
            {Bpmn.Flow("fLate", "Timeout", "LateEnd")}
            """));
        var instance = await engine.StartAsync("sub");

        await engine.CompleteTaskAsync(instance.Id, "Inner1");
        await engine.CompleteTaskAsync(instance.Id, "Inner2");

        Assert.Empty((await engine.InstanceAsync(instance.Id)).Timers);
        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromHours(2)));
        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
    }

    [Fact]
    public async Task TerminateEnd_EndsOnlySubProcess_WhenReachedInside()
    {
        await using var engine = TestEngine.Create();

        // The sub-process runs beside an outer branch: the terminate end inside must not touch the outer task.
        await engine.DeployAsync(Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start" />
            {Gateway("parallel", "Fork")}
            <bpmn:subProcess id="Sub">
            {Parallel(TerminateA)}
            </bpmn:subProcess>
            {UserTask("Outer")}
            {Gateway("parallel", "Join")}
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "Fork")}
            {Bpmn.Flow("f2", "Fork", "Sub")}
            {Bpmn.Flow("f3", "Fork", "Outer")}
            {Bpmn.Flow("f4", "Sub", "Join")}
            {Bpmn.Flow("f5", "Outer", "Join")}
            {Bpmn.Flow("f6", "Join", "End")}
            """,
            "subterminate"));
        var instance = await engine.StartAsync("subterminate");
        Assert.Equal(["InnerA", "InnerB", "Outer"], await engine.OpenTaskElementsAsync(instance.Id));
        var innerB = await engine.TaskAsync(instance.Id, "InnerB");

        await engine.CompleteTaskAsync(instance.Id, "InnerA");

        Assert.Equal(HumanTaskState.Cancelled, (await engine.Tasks.GetAsync(innerB.Id)).State);
        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Running, after.State);
        Assert.Equal(["Join:Waiting:Join", "Outer:Waiting:UserTask"], TokenPositions(after));
        Assert.Equal(["Outer"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.DoesNotContain(await engine.HistoryTypesAsync(instance.Id), t => t == HistoryEventType.InstanceCompleted);

        await engine.CompleteTaskAsync(instance.Id, "Outer");
        var done = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Completed, done.State);
        Assert.Equal("End", done.EndedWith);
    }

    [Fact]
    public async Task TerminateEnd_ContinuesAfterSubProcess_WhenSubProcessIsOnlyBranch()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WithSubProcess(Parallel(TerminateA)));
        var instance = await engine.StartAsync("sub");

        await engine.CompleteTaskAsync(instance.Id, "InnerA");

        Assert.Equal(["After:Waiting:UserTask"], TokenPositions(await engine.InstanceAsync(instance.Id)));
        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Equal(
            ["TaskCompleted InnerA", "EndEventReached EndA", "TaskCancelled InnerB", "SubProcessCompleted Sub", "TaskCreated After"],
            (await engine.HistoryLinesAsync(instance.Id))[^5..]);
    }

    /// <summary>
    /// An interrupting timer that cancels a sub-process also ends the incident of a token failed inside it: the failed
    /// token is gone, so the instance must not stay Faulted on an incident nobody can retry meaningfully.
    /// </summary>
    [Fact]
    public async Task InterruptingBoundary_ResolvesIncidentOfCancelledInnerToken_WhenSubProcessInterrupted()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WithSubProcess(
            $"""
            <bpmn:startEvent id="SubStart" />
            {Gateway("exclusive", "SubGw")}
            {UserTask("Inner")}
            <bpmn:endEvent id="SubEnd" />
            {Bpmn.Flow("s1", "SubStart", "SubGw")}
            {Bpmn.Flow("s2", "SubGw", "Inner", "${lengkap}")}
            {Bpmn.Flow("s3", "Inner", "SubEnd")}
            """,
            $"""
            {BoundaryTimer("Timeout", "Sub", "timeDuration", "PT1H")}
            {UserTask("Late")}
            <bpmn:endEvent id="LateEnd" />
            {Bpmn.Flow("fLate", "Timeout", "Late")}
            {Bpmn.Flow("fLateEnd", "Late", "LateEnd")}
            """));
        var instance = await engine.StartAsync("sub", new { lengkap = false });
        Assert.Equal(InstanceState.Faulted, instance.State);
        Assert.Equal(IncidentKind.NoFlowMatched, Assert.Single(instance.Incidents).Kind);

        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromHours(1)));

        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal(["Late:Waiting:UserTask"], TokenPositions(after));
        Assert.All(after.Incidents, i => Assert.False(i.IsOpen));
        Assert.Equal(InstanceState.Running, after.State);
    }

    [Fact]
    public async Task ModelerExport_DeploysWithoutFindingsAndRunsToItsEnd_WhenSubProcessWritesItsFlowsAsChildren()
    {
        await using var engine = TestEngine.Create();
        var deployed = await engine.Definitions.DeployAsync(ModelerExports.Pemeriksaan(), "admin", publish: true);
        Assert.Empty(deployed.Warnings);

        var instance = await engine.StartAsync(ModelerExports.PemeriksaanKey);
        Assert.Equal(["Activity_Pemeriksaan:Waiting:SubProcess", "Activity_Periksa:Waiting:UserTask"], TokenPositions(instance));
        Assert.Equal(TestEngine.MondayMorning.AddHours(2), Assert.Single(instance.Timers).DueAt);

        await engine.CompleteTaskAsync(instance.Id, "Activity_Periksa", variables: new { lengkap = false });
        await engine.CompleteTaskAsync(instance.Id, "Activity_Lengkapi");
        Assert.Equal(["Activity_Periksa"], await engine.OpenTaskElementsAsync(instance.Id));
        await engine.CompleteTaskAsync(instance.Id, "Activity_Periksa", variables: new { lengkap = true });

        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal(["Activity_Terbitkan:Waiting:UserTask"], TokenPositions(after));
        Assert.Empty(after.Timers);
        await engine.CompleteTaskAsync(instance.Id, "Activity_Terbitkan");
        var done = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Completed, done.State);
        Assert.Equal("Event_Selesai", done.EndedWith);
        var lines = await engine.HistoryLinesAsync(instance.Id);
        Assert.Equal("SubProcessStarted Activity_Pemeriksaan", lines[1]);
        Assert.Equal(["EndEventReached Event_SubEnd", "SubProcessCompleted Activity_Pemeriksaan", "TaskCreated Activity_Terbitkan"], lines.SkipWhile(l => l != "EndEventReached Event_SubEnd").Take(3));
    }

    [Fact]
    public async Task ModelerExport_LeavesByTimerFlowAndCancelsOpenTask_WhenSubProcessOutlastsItsInterruptingTimer()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ModelerExports.Pemeriksaan());
        var instance = await engine.StartAsync(ModelerExports.PemeriksaanKey);
        await engine.CompleteTaskAsync(instance.Id, "Activity_Periksa", variables: new { lengkap = false });
        var lengkapi = await engine.TaskAsync(instance.Id, "Activity_Lengkapi");

        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromMinutes(119)));
        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromMinutes(1)));

        Assert.Equal(HumanTaskState.Cancelled, (await engine.Tasks.GetAsync(lengkapi.Id)).State);
        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal(["Activity_Eskalasi:Waiting:UserTask"], TokenPositions(after));
        Assert.Equal(
            ["TimerFired Event_Batas", "TaskCancelled Activity_Lengkapi", "SubProcessCancelled Activity_Pemeriksaan", "TaskCreated Activity_Eskalasi"],
            (await engine.HistoryLinesAsync(instance.Id))[^4..]);
        await engine.CompleteTaskAsync(instance.Id, "Activity_Eskalasi");
        Assert.Equal("Event_Terlambat", (await engine.InstanceAsync(instance.Id)).EndedWith);
    }

    [Fact]
    public async Task NonInterruptingCycle_FiresEachHourWhileInnerWorkGoesOn_AndStopsWhenSubProcessCompletes()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WithSubProcess(
            Sequential,
            $"""
            {BoundaryTimer("Remind", "Sub", "timeCycle", "R3/PT1H", interrupting: false)}
            {UserTask("Reminder")}
            <bpmn:endEvent id="Reminded" />
            {Bpmn.Flow("fRemind", "Remind", "Reminder")}
            {Bpmn.Flow("fReminded", "Reminder", "Reminded")}
            """));
        var instance = await engine.StartAsync("sub");
        var inner1 = await engine.TaskAsync(instance.Id, "Inner1");

        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromHours(1)));
        await engine.CompleteTaskAsync(instance.Id, "Inner1");
        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromHours(1)));

        Assert.Equal(HumanTaskState.Completed, (await engine.Tasks.GetAsync(inner1.Id)).State);
        Assert.Equal(["Inner2", "Reminder", "Reminder"], await engine.OpenTaskElementsAsync(instance.Id));
        var inside = await engine.InstanceAsync(instance.Id);
        var scope = inside.Tokens.Single(t => t.ElementId == "Sub");
        Assert.Equal(scope.Id, inside.Tokens.Single(t => t.ElementId == "Inner2").ParentTokenId);
        Assert.All(inside.Tokens.Where(t => t.ElementId == "Reminder"), t => Assert.Null(t.ParentTokenId));
        Assert.Equal(TestEngine.MondayMorning.AddHours(3), Assert.Single(inside.Timers).DueAt);
        Assert.DoesNotContain(await engine.HistoryTypesAsync(instance.Id), t => t == HistoryEventType.SubProcessCancelled);

        await engine.CompleteTaskAsync(instance.Id, "Inner2");

        Assert.Empty((await engine.InstanceAsync(instance.Id)).Timers);
        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromHours(2)));
        Assert.Equal(["After", "Reminder", "Reminder"], await engine.OpenTaskElementsAsync(instance.Id));
    }

    [Fact]
    public async Task InterruptingBoundary_RemovesEveryTimerInside_WhenItCancelsTheSubProcess()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WithSubProcess(
            $"""
            <bpmn:startEvent id="SubStart" />
            {Gateway("parallel", "SubFork")}
            {UserTask("InnerA")}
            {BoundaryTimer("InnerRemind", "InnerA", "timeDuration", "PT2H", interrupting: false)}
            {TimerCatch("Wait", "timeDuration", "PT3H")}
            <bpmn:endEvent id="EndA" />
            <bpmn:endEvent id="Reminded" />
            <bpmn:endEvent id="SubEnd" />
            {Bpmn.Flow("s1", "SubStart", "SubFork")}
            {Bpmn.Flow("s2", "SubFork", "InnerA")}
            {Bpmn.Flow("s3", "SubFork", "Wait")}
            {Bpmn.Flow("s4", "InnerA", "EndA")}
            {Bpmn.Flow("s5", "Wait", "SubEnd")}
            {Bpmn.Flow("s6", "InnerRemind", "Reminded")}
            """,
            $"""
            {BoundaryTimer("Timeout", "Sub", "timeDuration", "PT1H")}
            {UserTask("Late")}
            <bpmn:endEvent id="LateEnd" />
            {Bpmn.Flow("fLate", "Timeout", "Late")}
            {Bpmn.Flow("fLateEnd", "Late", "LateEnd")}
            """));
        var instance = await engine.StartAsync("sub");
        Assert.Equal(["InnerRemind", "Timeout", "Wait"], instance.Timers.Select(t => t.ElementId).Order(StringComparer.Ordinal));

        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromHours(1)));

        var after = await engine.InstanceAsync(instance.Id);
        Assert.Empty(after.Timers);
        Assert.Equal(["Late:Waiting:UserTask"], TokenPositions(after));
        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromHours(3)));
        Assert.Equal(["Timeout"], (await engine.HistoryOfAsync(instance.Id, HistoryEventType.TimerFired)).Select(e => e.ElementId));
        Assert.Equal(["Late"], await engine.OpenTaskElementsAsync(instance.Id));
    }

    /// <summary>Sub (SubStart → Nested (<paramref name="nested"/>) → AfterNested → SubEnd).</summary>
    private static string WithNested(string nested) => $"""
        <bpmn:startEvent id="SubStart" />
        <bpmn:subProcess id="Nested" name="Pemeriksaan lapangan">
        {nested}
        </bpmn:subProcess>
        {UserTask("AfterNested")}
        <bpmn:endEvent id="SubEnd" />
        {Bpmn.Flow("s1", "SubStart", "Nested")}
        {Bpmn.Flow("s2", "Nested", "AfterNested")}
        {Bpmn.Flow("s3", "AfterNested", "SubEnd")}
        """;

    /// <summary>NestedStart → Deep → NestedEnd.</summary>
    private static readonly string DeepTask = $"""
        <bpmn:startEvent id="NestedStart" />
        {UserTask("Deep")}
        <bpmn:endEvent id="NestedEnd" />
        {Bpmn.Flow("n1", "NestedStart", "Deep")}
        {Bpmn.Flow("n2", "Deep", "NestedEnd")}
        """;

    [Fact]
    public async Task NestedSubProcesses_CompleteInnermostFirst_WhenTheirLastTokensEnd()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WithSubProcess(WithNested(DeepTask)));
        var instance = await engine.StartAsync("sub");

        Assert.Equal(["Deep:Waiting:UserTask", "Nested:Waiting:SubProcess", "Sub:Waiting:SubProcess"], TokenPositions(instance));
        var sub = instance.Tokens.Single(t => t.ElementId == "Sub");
        var nested = instance.Tokens.Single(t => t.ElementId == "Nested");
        Assert.Equal(sub.Id, nested.ParentTokenId);
        Assert.Equal(nested.Id, instance.Tokens.Single(t => t.ElementId == "Deep").ParentTokenId);

        await engine.CompleteTaskAsync(instance.Id, "Deep");
        var between = await engine.InstanceAsync(instance.Id);
        Assert.Equal(["AfterNested:Waiting:UserTask", "Sub:Waiting:SubProcess"], TokenPositions(between));
        Assert.Equal(sub.Id, between.Tokens.Single(t => t.ElementId == "AfterNested").ParentTokenId);
        await engine.CompleteTaskAsync(instance.Id, "AfterNested");

        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Equal(
            ["SubProcessStarted Sub", "SubProcessStarted Nested", "TaskCreated Deep", "EndEventReached NestedEnd", "SubProcessCompleted Nested", "TaskCreated AfterNested", "EndEventReached SubEnd", "SubProcessCompleted Sub", "TaskCreated After"],
            (await engine.HistoryLinesAsync(instance.Id)).Where(l => !l.StartsWith("TaskClaimed", StringComparison.Ordinal) && !l.StartsWith("TaskCompleted", StringComparison.Ordinal)).Skip(1));
    }

    [Fact]
    public async Task TerminateEnd_EndsOnlyTheNestedSubProcess_WhenReachedTwoLevelsDown()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WithSubProcess(WithNested(
            $"""
            <bpmn:startEvent id="NestedStart" />
            {Gateway("parallel", "NestedFork")}
            {UserTask("DeepA")}
            {UserTask("DeepB")}
            <bpmn:endEvent id="Stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>
            <bpmn:endEvent id="NestedEnd" />
            {Bpmn.Flow("n1", "NestedStart", "NestedFork")}
            {Bpmn.Flow("n2", "NestedFork", "DeepA")}
            {Bpmn.Flow("n3", "NestedFork", "DeepB")}
            {Bpmn.Flow("n4", "DeepA", "Stop")}
            {Bpmn.Flow("n5", "DeepB", "NestedEnd")}
            """)));
        var instance = await engine.StartAsync("sub");
        var deepB = await engine.TaskAsync(instance.Id, "DeepB");

        await engine.CompleteTaskAsync(instance.Id, "DeepA");

        Assert.Equal(HumanTaskState.Cancelled, (await engine.Tasks.GetAsync(deepB.Id)).State);
        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Running, after.State);
        Assert.Equal(["AfterNested:Waiting:UserTask", "Sub:Waiting:SubProcess"], TokenPositions(after));
        Assert.Equal(
            ["EndEventReached Stop", "TaskCancelled DeepB", "SubProcessCompleted Nested", "TaskCreated AfterNested"],
            (await engine.HistoryLinesAsync(instance.Id))[^4..]);
    }

    [Fact]
    public async Task InterruptingBoundary_OnOuterSubProcess_CancelsTheNestedOneAndItsTask()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WithSubProcess(
            WithNested(DeepTask),
            $"""
            {BoundaryTimer("Timeout", "Sub", "timeDuration", "PT1H")}
            <bpmn:endEvent id="LateEnd" />
            {Bpmn.Flow("fLate", "Timeout", "LateEnd")}
            """));
        var instance = await engine.StartAsync("sub");
        var deep = await engine.TaskAsync(instance.Id, "Deep");

        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromHours(1)));

        Assert.Equal(HumanTaskState.Cancelled, (await engine.Tasks.GetAsync(deep.Id)).State);
        var done = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Completed, done.State);
        Assert.Equal("LateEnd", done.EndedWith);
        Assert.Empty(done.Tokens);
        Assert.Equal(
            ["TimerFired Timeout", "TaskCancelled Deep", "SubProcessCancelled Nested", "SubProcessCancelled Sub", "EndEventReached LateEnd", "InstanceCompleted LateEnd"],
            (await engine.HistoryLinesAsync(instance.Id))[^6..]);
    }

    [Fact]
    public async Task Terminate_CancelsTasksTimersAndSubProcesses_WhenInstanceWaitsTwoLevelsDown()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WithSubProcess(
            WithNested($"""
                <bpmn:startEvent id="NestedStart" />
                {UserTask("Deep")}
                {BoundaryTimer("DeepRemind", "Deep", "timeDuration", "PT2H", interrupting: false)}
                <bpmn:endEvent id="NestedEnd" />
                <bpmn:endEvent id="Reminded" />
                {Bpmn.Flow("n1", "NestedStart", "Deep")}
                {Bpmn.Flow("n2", "Deep", "NestedEnd")}
                {Bpmn.Flow("n3", "DeepRemind", "Reminded")}
                """),
            $"""
            {BoundaryTimer("Timeout", "Sub", "timeDuration", "PT1H")}
            <bpmn:endEvent id="LateEnd" />
            {Bpmn.Flow("fLate", "Timeout", "LateEnd")}
            """));
        var instance = await engine.StartAsync("sub");
        var deep = await engine.TaskAsync(instance.Id, "Deep");
        Assert.Equal(2, instance.Timers.Count);

        await engine.Runtime.TerminateAsync(instance.Id, "admin", "Permohonan dicabut");

        Assert.Equal(HumanTaskState.Cancelled, (await engine.Tasks.GetAsync(deep.Id)).State);
        var ended = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Terminated, ended.State);
        Assert.Empty(ended.Tokens);
        Assert.Empty(ended.Timers);
        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromHours(3)));
        Assert.Equal(
            ["TaskCancelled Deep", "SubProcessCancelled Nested", "SubProcessCancelled Sub", "InstanceTerminated"],
            (await engine.HistoryLinesAsync(instance.Id))[^4..]);
    }

    private static DateTimeOffset T0PlusHour => TestEngine.MondayMorning.AddHours(1);
}
