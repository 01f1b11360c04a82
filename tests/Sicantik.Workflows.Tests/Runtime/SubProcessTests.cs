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
            ["InstanceStarted Start", "TaskCreated Inner1", "TaskClaimed Inner1", "TaskCompleted Inner1", "TaskCreated Inner2", "TaskClaimed Inner2", "TaskCompleted Inner2", "EndEventReached SubEnd", "TaskCreated After"],
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
            ["TaskCompleted InnerA", "EndEventReached EndA", "TaskCancelled InnerB", "TaskCreated After"],
            (await engine.HistoryLinesAsync(instance.Id))[^4..]);
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

    private static DateTimeOffset T0PlusHour => TestEngine.MondayMorning.AddHours(1);
}
