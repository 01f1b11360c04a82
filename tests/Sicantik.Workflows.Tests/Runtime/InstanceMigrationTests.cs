using Microsoft.Extensions.DependencyInjection;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Tests.Support;
using Sicantik.Workflows.Tests.Timers;
using static Sicantik.Workflows.Tests.Runtime.RuntimeKit;

namespace Sicantik.Workflows.Tests.Runtime;

public sealed class InstanceMigrationTests
{
    private const string Key = "mig";

    private static readonly DateTimeOffset T0 = TestEngine.MondayMorning;

    private static readonly Dictionary<string, string> RenameA = new(StringComparer.Ordinal) { ["A"] = "A2" };

    private const string A2Task = """<bpmn:userTask id="A2" name="Verifikasi berkas" camunda:candidateGroups="staf" camunda:formKey="verifikasi-v2" sicantik:outcomes="lengkap,kurang" />""";

    private const string Remind = """
        <bpmn:boundaryEvent id="Remind" attachedToRef="A2" cancelActivity="false">
          <bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:endEvent id="Reminded" />
        <bpmn:sequenceFlow id="fRemind" sourceRef="Remind" targetRef="Reminded" />
        """;

    /// <summary>start → A (Verifikasi) → B (Persetujuan) → end, plus <paramref name="extra"/>.</summary>
    private static string Version1(string extra = "") => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        <bpmn:userTask id="A" name="Verifikasi" camunda:candidateGroups="staf" />
        <bpmn:userTask id="B" name="Persetujuan" camunda:candidateGroups="staf" />
        <bpmn:endEvent id="End" />
        {extra}
        {Bpmn.Flow("f1", "Start", "A")}
        {Bpmn.Flow("f2", "A", "B")}
        {Bpmn.Flow("f3", "B", "End")}
        """,
        Key);

    /// <summary>start → <paramref name="a2"/> (A renamed) → C (new) → B → end, plus <paramref name="extra"/>.</summary>
    private static string Version2(string a2 = A2Task, string extra = Remind) => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        {a2}
        <bpmn:userTask id="C" name="Pemeriksaan lapangan" camunda:candidateGroups="staf" />
        <bpmn:userTask id="B" name="Persetujuan" camunda:candidateGroups="staf" />
        <bpmn:endEvent id="End" />
        {extra}
        {Bpmn.Flow("g1", "Start", "A2")}
        {Bpmn.Flow("g2", "A2", "C")}
        {Bpmn.Flow("g3", "C", "B")}
        {Bpmn.Flow("g4", "B", "End")}
        """,
        Key);

    private static InstanceMigrationService Migration(TestEngine engine) => engine.Services.GetRequiredService<InstanceMigrationService>();

    /// <summary>Deploys <paramref name="v1"/>, starts one instance left at A and one moved on to B, then deploys <paramref name="v2"/>.</summary>
    private static async Task<(ProcessInstance AtA, ProcessInstance AtB)> TwoRunningAsync(TestEngine engine, string? v1 = null, string? v2 = null)
    {
        await engine.DeployAsync(v1 ?? Version1());
        var atA = await engine.StartAsync(Key, businessKey: "IZN-1");
        engine.Clock.Advance(TimeSpan.FromMinutes(1));
        var atB = await engine.StartAsync(Key, businessKey: "IZN-2");
        await engine.CompleteTaskAsync(atB.Id, "A");
        await engine.DeployAsync(v2 ?? Version2());
        return (await engine.InstanceAsync(atA.Id), await engine.InstanceAsync(atB.Id));
    }

    private static string Snapshot(ProcessInstance instance) => string.Join(
        "|",
        instance.DefinitionVersion,
        instance.Revision,
        string.Join(",", TokenPositions(instance)),
        string.Join(",", instance.Tasks.Select(t => $"{t.Id}:{t.ElementId}:{t.DefinitionVersion}:{t.State}")),
        string.Join(",", instance.Timers.Select(t => $"{t.Id}:{t.ElementId}:{t.DueAt:O}")),
        string.Join(",", instance.Subscriptions.Select(s => $"{s.Id}:{s.ElementId}")));

    [Fact]
    public async Task Plan_ProposesSameIdsAndReportsRenamedStep_WhenWaitingStepHasNoCounterpart()
    {
        using var culture = UiCultureScope.Indonesian();
        await using var engine = TestEngine.Create();
        await TwoRunningAsync(engine);

        var plan = await Migration(engine).PlanAsync(Key, 1, 2);

        Assert.Equal(Key, plan.Key);
        Assert.Equal(1, plan.FromVersion);
        Assert.Equal(2, plan.ToVersion);
        Assert.Equal(["B", "End", "Start"], plan.Mapping.Keys);
        Assert.All(plan.Mapping, m => Assert.Equal(m.Key, m.Value));
        Assert.Equal(2, plan.InstanceCount);
        Assert.Equal(["A=1", "B=1"], plan.WaitingCounts.Select(w => $"{w.Key}={w.Value}"));
        Assert.False(plan.CanMigrate);
        var problem = Assert.Single(plan.Problems);
        Assert.Equal("A", problem.ElementId);
        Assert.Equal("userTask", problem.ElementType);
        Assert.Equal("Langkah 'A' (Verifikasi) sedang ditunggu oleh 1 instance tetapi tidak punya padanan di versi 2; tambahkan pemetaannya.", problem.Message);
    }

    [Fact]
    public async Task Plan_ReportsProblemInEnglish_WhenUiCultureIsEnglish()
    {
        using var culture = UiCultureScope.English();
        await using var engine = TestEngine.Create();
        await TwoRunningAsync(engine);

        var plan = await Migration(engine).PlanAsync(Key, 1, 2);

        Assert.Equal(
            "Step 'A' (Verifikasi) is awaited by 1 instance(s) but has no counterpart in version 2; add a mapping for it.",
            Assert.Single(plan.Problems).Message);
    }

    [Fact]
    public async Task Plan_HasNoProblems_WhenRenamedStepIsMapped()
    {
        await using var engine = TestEngine.Create();
        await TwoRunningAsync(engine);

        var plan = await Migration(engine).PlanAsync(Key, 1, 2, RenameA);

        Assert.True(plan.CanMigrate);
        Assert.Empty(plan.Problems);
        Assert.Equal("A2", plan.Mapping["A"]);
        Assert.Equal("B", plan.Mapping["B"]);
    }

    [Fact]
    public async Task Migrate_RefusesAndChangesNothing_WhenWaitingStepHasNoTarget()
    {
        await using var engine = TestEngine.Create();
        var (atA, atB) = await TwoRunningAsync(engine);

        var refused = await ThrowsWorkflowAsync(WorkflowError.MigrationRefused, () => Migration(engine).MigrateAsync(Key, 1, 2, null, "admin"));

        Assert.Contains("'A'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(Snapshot(atA), Snapshot(await engine.InstanceAsync(atA.Id)));
        Assert.Equal(Snapshot(atB), Snapshot(await engine.InstanceAsync(atB.Id)));
        Assert.Equal(["A:Waiting:UserTask"], TokenPositions(await engine.InstanceAsync(atA.Id)));
        Assert.Empty(await engine.HistoryOfAsync(atA.Id, HistoryEventType.InstanceMigrated));
        Assert.Empty(await engine.HistoryOfAsync(atB.Id, HistoryEventType.InstanceMigrated));
    }

    [Fact]
    public async Task Migrate_MovesInstancesAndFollowsTargetFlows_WhenRenamedStepIsMapped()
    {
        await using var engine = TestEngine.Create();
        var (atA, atB) = await TwoRunningAsync(engine);
        var task = await engine.TaskAsync(atA.Id, "A");
        await engine.Tasks.ClaimAsync(task.Id, new WorkflowUser("budi", Staf));

        var result = await Migration(engine).MigrateAsync(Key, 1, 2, RenameA, "admin");

        Assert.Equal(2, result.Migrated);
        Assert.Equal([atA.Id, atB.Id], result.InstanceIds);
        var movedA = await engine.InstanceAsync(atA.Id);
        Assert.Equal(2, movedA.DefinitionVersion);
        Assert.Equal(["A2:Waiting:UserTask"], TokenPositions(movedA));
        Assert.All(movedA.Tokens, t => Assert.NotEqual(TokenState.Ready, t.State));
        var moved = await engine.TaskAsync(atA.Id, "A2");
        Assert.Equal(task.Id, moved.Id);
        Assert.Equal("budi", moved.Assignee);
        Assert.Equal(["staf"], moved.CandidateGroups);
        Assert.Equal("Verifikasi berkas", moved.Name);
        Assert.Equal("verifikasi-v2", moved.FormKey);
        Assert.Equal(["lengkap", "kurang"], moved.AllowedOutcomes);
        Assert.Equal(2, moved.DefinitionVersion);
        var movedB = await engine.InstanceAsync(atB.Id);
        Assert.Equal(2, movedB.DefinitionVersion);
        Assert.Equal(["B:Waiting:UserTask"], TokenPositions(movedB));
        Assert.Equal(2, (await engine.TaskAsync(atB.Id, "B")).DefinitionVersion);

        foreach (var id in new[] { atA.Id, atB.Id })
        {
            var migrated = Assert.Single(await engine.HistoryOfAsync(id, HistoryEventType.InstanceMigrated));
            Assert.Equal("v1 -> v2", migrated.Detail);
            Assert.Equal("admin", migrated.UserId);
        }

        await engine.CompleteAsync(atA.Id, "A2", Staf, outcome: "lengkap", userId: "budi");
        Assert.Equal(["C"], await engine.OpenTaskElementsAsync(atA.Id));
        await engine.CompleteTaskAsync(atA.Id, "C");
        Assert.Equal(["B"], await engine.OpenTaskElementsAsync(atA.Id));
        await engine.CompleteTaskAsync(atB.Id, "B");
        Assert.Equal(InstanceState.Completed, (await engine.InstanceAsync(atB.Id)).State);
    }

    [Fact]
    public async Task Migrate_ArmsTargetBoundaryTimerThatFiresWhenDue_WhenTargetStepHasOne()
    {
        await using var engine = TestEngine.Create();
        var (atA, atB) = await TwoRunningAsync(engine);
        engine.Clock.Advance(TimeSpan.FromMinutes(10));
        var migratedAt = engine.Clock.GetUtcNow();

        await Migration(engine).MigrateAsync(Key, 1, 2, RenameA, "admin");

        var timer = Assert.Single((await engine.InstanceAsync(atA.Id)).Timers);
        Assert.Equal("Remind", timer.ElementId);
        Assert.Equal(TimerPurpose.Boundary, timer.Purpose);
        Assert.Equal(migratedAt.AddHours(2), timer.DueAt);
        Assert.Equal(migratedAt.AddHours(2), (await engine.TaskAsync(atA.Id, "A2")).DueAt);
        Assert.Empty((await engine.InstanceAsync(atB.Id)).Timers);

        Assert.Equal(0, await engine.AdvanceAsync(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1)));
        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromSeconds(1)));

        var fired = Assert.Single(await engine.HistoryOfAsync(atA.Id, HistoryEventType.TimerFired));
        Assert.Equal("Remind", fired.ElementId);
        Assert.Equal(migratedAt.AddHours(2), fired.At);
        Assert.Equal(["TimerFired Remind", "EndEventReached Reminded"], (await engine.HistoryLinesAsync(atA.Id))[^2..]);
        Assert.Equal(["A2"], await engine.OpenTaskElementsAsync(atA.Id));
    }

    [Fact]
    public async Task Migrate_KeepsMappedBoundaryTimerAndDropsUnmappedOne_WhenSourceStepHadTimers()
    {
        await using var engine = TestEngine.Create();
        var v1 = Version1($"""
            {BoundaryTimer("Sla", "A", "timeDuration", "PT1H", interrupting: false)}
            {BoundaryTimer("Old", "A", "timeDuration", "PT3H", interrupting: false)}
            <bpmn:endEvent id="SlaEnd" />
            {Bpmn.Flow("fSla", "Sla", "SlaEnd")}
            {Bpmn.Flow("fOld", "Old", "SlaEnd")}
            """);
        var v2 = Version2(extra: $"""
            {BoundaryTimer("Sla2", "A2", "timeDuration", "PT1H", interrupting: false)}
            <bpmn:endEvent id="SlaEnd" />
            {Bpmn.Flow("fSla2", "Sla2", "SlaEnd")}
            """);
        var (atA, _) = await TwoRunningAsync(engine, v1, v2);
        var sla = Assert.Single(atA.Timers, t => t.ElementId == "Sla");
        engine.Clock.Advance(TimeSpan.FromMinutes(10));

        var badBoundary = await Migration(engine).PlanAsync(Key, 1, 2, new Dictionary<string, string> { ["A"] = "A2", ["Sla"] = "Nope" });
        await Migration(engine).MigrateAsync(Key, 1, 2, new Dictionary<string, string> { ["A"] = "A2", ["Sla"] = "Sla2" }, "admin");

        Assert.Equal("Sla", Assert.Single(badBoundary.Problems).ElementId);
        Assert.Equal(1, badBoundary.WaitingCounts["Sla"]);

        var kept = Assert.Single((await engine.InstanceAsync(atA.Id)).Timers);
        Assert.Equal(sla.Id, kept.Id);
        Assert.Equal("Sla2", kept.ElementId);
        Assert.Equal(T0.AddHours(1), kept.DueAt);
        Assert.Equal(T0.AddHours(1), (await engine.TaskAsync(atA.Id, "A2")).DueAt);

        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromHours(5)));
        Assert.Equal(["Sla2"], (await engine.HistoryOfAsync(atA.Id, HistoryEventType.TimerFired)).Select(e => e.ElementId));
    }

    [Fact]
    public async Task Migrate_Refuses_WhenUserTaskIsMappedToServiceTask()
    {
        await using var engine = TestEngine.Create();
        var (atA, atB) = await TwoRunningAsync(engine, v2: Version2(ServiceTask("A2", "verifikasi"), extra: string.Empty));

        var plan = await Migration(engine).PlanAsync(Key, 1, 2, RenameA);
        var refused = await ThrowsWorkflowAsync(WorkflowError.MigrationRefused, () => Migration(engine).MigrateAsync(Key, 1, 2, RenameA, "admin"));

        var problem = Assert.Single(plan.Problems);
        Assert.Equal("A", problem.ElementId);
        Assert.Contains("A2", problem.Message, StringComparison.Ordinal);
        Assert.Contains("ServiceTask", problem.Message, StringComparison.Ordinal);
        Assert.Contains(problem.Message, refused.Message, StringComparison.Ordinal);
        Assert.Equal(Snapshot(atA), Snapshot(await engine.InstanceAsync(atA.Id)));
        Assert.Equal(Snapshot(atB), Snapshot(await engine.InstanceAsync(atB.Id)));
    }

    [Fact]
    public async Task Migrate_Refuses_WhenMappedToMissingElement()
    {
        await using var engine = TestEngine.Create();
        var (atA, _) = await TwoRunningAsync(engine);
        var mapping = new Dictionary<string, string> { ["A"] = "Nope" };

        var plan = await Migration(engine).PlanAsync(Key, 1, 2, mapping);
        await ThrowsWorkflowAsync(WorkflowError.MigrationRefused, () => Migration(engine).MigrateAsync(Key, 1, 2, mapping, "admin"));

        var problem = Assert.Single(plan.Problems);
        Assert.Equal("A", problem.ElementId);
        Assert.Contains("'Nope'", problem.Message, StringComparison.Ordinal);
        Assert.Equal(Snapshot(atA), Snapshot(await engine.InstanceAsync(atA.Id)));
    }

    [Fact]
    public async Task Plan_ReportsMappingEntries_WhenTheyNameUnknownElements()
    {
        await using var engine = TestEngine.Create();
        await TwoRunningAsync(engine);
        var mapping = new Dictionary<string, string> { ["A"] = "A2", ["Typo"] = "B", ["Start"] = "Missing", ["End"] = "C" };

        var plan = await Migration(engine).PlanAsync(Key, 1, 2, mapping);

        Assert.Equal(["End", "Start", "Typo"], plan.Problems.Select(p => p.ElementId));
        Assert.Equal(["endEvent", "startEvent", null], plan.Problems.Select(p => p.ElementType));
        Assert.Contains("'Missing'", plan.Problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_LeavesEndedInstancesAlone_WhenOthersMove()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Version1());
        var running = await engine.StartAsync(Key);
        var completed = await engine.StartAsync(Key);
        await engine.CompleteTaskAsync(completed.Id, "A");
        await engine.CompleteTaskAsync(completed.Id, "B");
        var terminated = await engine.StartAsync(Key);
        await engine.Runtime.TerminateAsync(terminated.Id, "admin", "dibatalkan");
        await engine.DeployAsync(Version2());
        var completedBefore = Snapshot(await engine.InstanceAsync(completed.Id));
        var terminatedBefore = Snapshot(await engine.InstanceAsync(terminated.Id));

        var plan = await Migration(engine).PlanAsync(Key, 1, 2, RenameA);
        var result = await Migration(engine).MigrateAsync(Key, 1, 2, RenameA, "admin");

        Assert.Equal(1, plan.InstanceCount);
        Assert.Equal([running.Id], result.InstanceIds);
        Assert.Equal(2, (await engine.InstanceAsync(running.Id)).DefinitionVersion);
        Assert.Equal(completedBefore, Snapshot(await engine.InstanceAsync(completed.Id)));
        Assert.Equal(terminatedBefore, Snapshot(await engine.InstanceAsync(terminated.Id)));
        Assert.Empty(await engine.HistoryOfAsync(completed.Id, HistoryEventType.InstanceMigrated));
    }

    [Fact]
    public async Task Migrate_Refuses_WhenSourceAndTargetVersionAreTheSame()
    {
        await using var engine = TestEngine.Create();
        await TwoRunningAsync(engine);

        await ThrowsWorkflowAsync(WorkflowError.MigrationRefused, () => Migration(engine).PlanAsync(Key, 1, 1));
        await ThrowsWorkflowAsync(WorkflowError.MigrationRefused, () => Migration(engine).MigrateAsync(Key, 2, 2, null, "admin"));
    }

    [Fact]
    public async Task Migrate_ThrowsDefinitionNotFound_WhenVersionIsUnknown()
    {
        await using var engine = TestEngine.Create();
        await TwoRunningAsync(engine);

        await ThrowsWorkflowAsync(WorkflowError.DefinitionNotFound, () => Migration(engine).PlanAsync(Key, 1, 3));
        await ThrowsWorkflowAsync(WorkflowError.DefinitionNotFound, () => Migration(engine).MigrateAsync(Key, 7, 2, null, "admin"));
        await ThrowsWorkflowAsync(WorkflowError.DefinitionNotFound, () => Migration(engine).MigrateAsync("unknown", 1, 2, null, "admin"));
    }

    [Fact]
    public async Task Migrate_MovesToDraftVersion_WhenTargetIsNotPublished()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Version1());
        var instance = await engine.StartAsync(Key);
        await engine.Definitions.DeployAsync(Version2(), "admin");

        var result = await Migration(engine).MigrateAsync(Key, 1, 2, RenameA, "admin");

        Assert.Equal([instance.Id], result.InstanceIds);
        Assert.Equal(["A2"], await engine.OpenTaskElementsAsync(instance.Id));
    }

    /// <summary>start → <paramref name="wait"/> → After → end, with the messages BerkasMasuk and BerkasLain.</summary>
    private static string MessageProcess(string wait, string waitId) => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        {wait}
        {UserTask("After")}
        <bpmn:endEvent id="End" />
        {Bpmn.Flow("f1", "Start", waitId)}
        {Bpmn.Flow("f2", waitId, "After")}
        {Bpmn.Flow("f3", "After", "End")}
        """,
        "pesan",
        definitionsExtra: """<bpmn:message id="Msg" name="BerkasMasuk" /><bpmn:message id="Other" name="BerkasLain" />""");

    [Fact]
    public async Task Migrate_MovesSubscription_WhenReceiveTaskIsMappedToOneWaitingForTheSameMessage()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(MessageProcess("""<bpmn:receiveTask id="Wait" name="Terima berkas" messageRef="Msg" />""", "Wait"));
        var instance = await engine.StartAsync("pesan", businessKey: "IZN-9");
        await engine.DeployAsync(MessageProcess("""<bpmn:receiveTask id="Terima" name="Terima berkas" messageRef="Msg" />""", "Terima"));
        await engine.DeployAsync(MessageProcess("""<bpmn:receiveTask id="Terima" name="Terima berkas" messageRef="Other" />""", "Terima"));
        var mapping = new Dictionary<string, string> { ["Wait"] = "Terima" };

        var otherMessage = await Migration(engine).PlanAsync("pesan", 1, 3, mapping);
        var result = await Migration(engine).MigrateAsync("pesan", 1, 2, mapping, "admin");

        var problem = Assert.Single(otherMessage.Problems);
        Assert.Equal("Wait", problem.ElementId);
        Assert.Equal("receiveTask", problem.ElementType);
        Assert.Contains("BerkasMasuk", problem.Message, StringComparison.Ordinal);
        Assert.Contains("BerkasLain", problem.Message, StringComparison.Ordinal);
        Assert.Equal(1, result.Migrated);
        var moved = await engine.InstanceAsync(instance.Id);
        Assert.Equal(["Terima:Waiting:Message"], TokenPositions(moved));
        var subscription = Assert.Single(moved.Subscriptions);
        Assert.Equal("Terima", subscription.ElementId);
        Assert.Equal("BerkasMasuk", subscription.MessageName);

        await engine.Runtime.CorrelateMessageAsync("BerkasMasuk", "IZN-9");
        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Equal("MessageCorrelated Terima", (await engine.HistoryLinesAsync(instance.Id))[^2]);
    }

    [Fact]
    public async Task Migrate_KeepsIntermediateTimerDue_WhenTimerEventIsMapped()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(MessageProcess(TimerCatch("Wait", "timeDuration", "PT1H"), "Wait"));
        var instance = await engine.StartAsync("pesan");
        var timer = Assert.Single(instance.Timers);
        await engine.DeployAsync(MessageProcess(TimerCatch("Tunggu", "timeDuration", "PT4H"), "Tunggu"));
        engine.Clock.Advance(TimeSpan.FromMinutes(30));

        await Migration(engine).MigrateAsync("pesan", 1, 2, new Dictionary<string, string> { ["Wait"] = "Tunggu" }, "admin");

        var moved = Assert.Single((await engine.InstanceAsync(instance.Id)).Timers);
        Assert.Equal(timer.Id, moved.Id);
        Assert.Equal("Tunggu", moved.ElementId);
        Assert.Equal(T0.AddHours(1), moved.DueAt);
        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromMinutes(30)));
        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
    }

    [Fact]
    public async Task Migrate_MovesFailedTokenAndItsIncident_WhenServiceTaskIsMappedToServiceTask()
    {
        await using var engine = TestEngine.Create(topics: ["kirim-v2"]);
        await engine.DeployAsync(Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start" />
            {ServiceTask("Kirim", "kirim-v1")}
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "Kirim")}
            {Bpmn.Flow("f2", "Kirim", "End")}
            """,
            "kirim"));
        var instance = await engine.StartAsync("kirim");
        Assert.Equal(InstanceState.Faulted, instance.State);
        await engine.DeployAsync(Bpmn.Process(
            $"""
            <bpmn:startEvent id="Start" />
            {ServiceTask("Kirim2", "kirim-v2")}
            {UserTask("After")}
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "Kirim2")}
            {Bpmn.Flow("f2", "Kirim2", "After")}
            {Bpmn.Flow("f3", "After", "End")}
            """,
            "kirim"));

        var plan = await Migration(engine).PlanAsync("kirim", 1, 2, new Dictionary<string, string> { ["Kirim"] = "Kirim2" });
        await Migration(engine).MigrateAsync("kirim", 1, 2, new Dictionary<string, string> { ["Kirim"] = "Kirim2" }, "admin");

        Assert.Equal(1, plan.InstanceCount);
        var moved = await engine.InstanceAsync(instance.Id);
        Assert.Equal(["Kirim2:Failed:None"], TokenPositions(moved));
        var incident = Assert.Single(moved.Incidents);
        Assert.Equal("Kirim2", incident.ElementId);

        await engine.Runtime.RetryIncidentAsync(instance.Id, incident.Id, "admin");
        Assert.Equal(["kirim-v2"], engine.Handlers.Calls.Select(c => c.Topic));
        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Equal(InstanceState.Running, (await engine.InstanceAsync(instance.Id)).State);
    }

    /// <summary>start → fork → <paramref name="left"/> and R → <paramref name="join"/> → end.</summary>
    private static string ForkJoin(string left, string join) => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        {Gateway("parallel", "Fork")}
        {UserTask(left)}
        {UserTask("R")}
        {Gateway("parallel", join)}
        <bpmn:endEvent id="End" />
        {Bpmn.Flow("f1", "Start", "Fork")}
        {Bpmn.Flow("fToL", "Fork", left)}
        {Bpmn.Flow("fToR", "Fork", "R")}
        {Bpmn.Flow("fFromL", left, join)}
        {Bpmn.Flow("fFromR", "R", join)}
        {Bpmn.Flow("fOut", join, "End")}
        """,
        "paralel");

    [Fact]
    public async Task Migrate_MovesTokenWaitingAtParallelJoin_WhenJoinKeepsItsId()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ForkJoin("L", "Join"));
        var instance = await engine.StartAsync("paralel");
        await engine.CompleteTaskAsync(instance.Id, "R");
        Assert.Equal(["Join:Waiting:Join", "L:Waiting:UserTask"], TokenPositions(await engine.InstanceAsync(instance.Id)));
        await engine.DeployAsync(ForkJoin("L2", "Join"));

        await Migration(engine).MigrateAsync("paralel", 1, 2, new Dictionary<string, string> { ["L"] = "L2", ["fFromL"] = "fFromL" }, "admin");

        Assert.Equal(["Join:Waiting:Join", "L2:Waiting:UserTask"], TokenPositions(await engine.InstanceAsync(instance.Id)));
        await engine.CompleteTaskAsync(instance.Id, "L2");
        Assert.Equal(InstanceState.Completed, (await engine.InstanceAsync(instance.Id)).State);
    }

    [Fact]
    public async Task Migrate_MovesTokenWaitingAtRenamedJoin_AndTheJoinFiresOnTheNewVersion()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ForkJoin("L", "Join"));
        var instance = await engine.StartAsync("paralel");
        await engine.CompleteTaskAsync(instance.Id, "R");
        await engine.DeployAsync(ForkJoin("L", "Join2"));

        var plan = await Migration(engine).PlanAsync("paralel", 1, 2, new Dictionary<string, string> { ["Join"] = "Join2" });
        Assert.Empty(plan.Problems);
        await Migration(engine).MigrateAsync("paralel", 1, 2, new Dictionary<string, string> { ["Join"] = "Join2" }, "admin");

        var migrated = await engine.InstanceAsync(instance.Id);
        Assert.Equal(2, migrated.DefinitionVersion);
        Assert.Contains(migrated.Tokens, t => t.ElementId == "Join2" && t.Wait == WaitKind.Join);
        await engine.CompleteTaskAsync(instance.Id, "L");
        var after = await engine.InstanceAsync(instance.Id);
        Assert.DoesNotContain(after.Tokens, t => t.ElementId == "Join2");
        Assert.Contains(await engine.HistoryAsync(instance.Id), e => e.Type == HistoryEventType.GatewayTaken && e.ElementId == "Join2");
    }

    /// <summary>start → <paramref name="sub"/> (SubStart → <paramref name="inner"/> → SubEnd) → After → end.</summary>
    private static string WithSubProcess(string sub, string inner) => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        <bpmn:subProcess id="{sub}" name="Verifikasi">
          <bpmn:startEvent id="SubStart" />
          {UserTask(inner)}
          <bpmn:endEvent id="SubEnd" />
          {Bpmn.Flow("s1", "SubStart", inner)}
          {Bpmn.Flow("s2", inner, "SubEnd")}
        </bpmn:subProcess>
        {UserTask("After")}
        <bpmn:endEvent id="End" />
        {Bpmn.Flow("f1", "Start", sub)}
        {Bpmn.Flow("f2", sub, "After")}
        {Bpmn.Flow("f3", "After", "End")}
        """,
        "sub");

    [Fact]
    public async Task Migrate_MovesSubProcessAndItsInnerToken_WhenBothAreMappedInTheSameScope()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(WithSubProcess("Sub", "Inner"));
        var instance = await engine.StartAsync("sub");
        Assert.Equal(["Inner:Waiting:UserTask", "Sub:Waiting:SubProcess"], TokenPositions(instance));
        await engine.DeployAsync(WithSubProcess("Sub2", "Periksa"));

        var outOfScope = await Migration(engine).PlanAsync("sub", 1, 2, new Dictionary<string, string> { ["Sub"] = "Sub2", ["Inner"] = "After" });
        await Migration(engine).MigrateAsync("sub", 1, 2, new Dictionary<string, string> { ["Sub"] = "Sub2", ["Inner"] = "Periksa" }, "admin");

        var problem = Assert.Single(outOfScope.Problems);
        Assert.Equal("Inner", problem.ElementId);
        Assert.Contains("Sub2", problem.Message, StringComparison.Ordinal);
        Assert.Equal(["Periksa:Waiting:UserTask", "Sub2:Waiting:SubProcess"], TokenPositions(await engine.InstanceAsync(instance.Id)));
        await engine.CompleteTaskAsync(instance.Id, "Periksa");
        Assert.Equal(["After"], await engine.OpenTaskElementsAsync(instance.Id));
    }

    [Fact]
    public async Task Migrate_KeepsTokensInsideSubProcessAndItsTimer_WhenIdsMatchAndTheNewVersionAddsAStepInside()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(ModelerExports.Pemeriksaan());
        var instance = await engine.StartAsync(ModelerExports.PemeriksaanKey);
        await engine.CompleteTaskAsync(instance.Id, "Activity_Periksa", variables: new { lengkap = false });
        engine.Clock.Advance(TimeSpan.FromMinutes(30));
        await engine.DeployAsync(ModelerExports.Pemeriksaan(version2: true));

        var plan = await Migration(engine).PlanAsync(ModelerExports.PemeriksaanKey, 1, 2);
        await Migration(engine).MigrateAsync(ModelerExports.PemeriksaanKey, 1, 2, mapping: null, "admin");

        Assert.True(plan.CanMigrate, string.Join(Environment.NewLine, plan.Problems.Select(p => p.Message)));
        Assert.Equal(1, plan.WaitingCounts["Activity_Lengkapi"]);
        Assert.Equal(1, plan.WaitingCounts["Activity_Pemeriksaan"]);
        var moved = await engine.InstanceAsync(instance.Id);
        Assert.Equal(2, moved.DefinitionVersion);
        Assert.Equal(["Activity_Lengkapi:Waiting:UserTask", "Activity_Pemeriksaan:Waiting:SubProcess"], TokenPositions(moved));
        var scope = moved.Tokens.Single(t => t.ElementId == "Activity_Pemeriksaan");
        Assert.Equal(scope.Id, moved.Tokens.Single(t => t.ElementId == "Activity_Lengkapi").ParentTokenId);
        var timers = moved.Timers.OrderBy(t => t.ElementId, StringComparer.Ordinal).ToList();
        Assert.Equal(["Event_Batas", "Event_Pengingat"], timers.Select(t => t.ElementId));
        Assert.Equal([T0.AddHours(2), T0.AddMinutes(90)], timers.Select(t => t.DueAt));
        Assert.All(moved.Timers, t => Assert.Equal(scope.Id, t.TokenId));

        await engine.CompleteTaskAsync(instance.Id, "Activity_Lengkapi");
        await engine.CompleteTaskAsync(instance.Id, "Activity_Periksa", variables: new { lengkap = true });
        var verifikasi = await engine.InstanceAsync(instance.Id);
        Assert.Equal(scope.Id, verifikasi.Tokens.Single(t => t.ElementId == "Activity_Verifikasi").ParentTokenId);

        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromHours(1)));
        Assert.Equal(["Activity_Verifikasi"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Contains("EndEventReached Event_Diingatkan", await engine.HistoryLinesAsync(instance.Id));
        await engine.CompleteTaskAsync(instance.Id, "Activity_Verifikasi");

        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal(["Activity_Terbitkan:Waiting:UserTask"], TokenPositions(after));
        Assert.Empty(after.Timers);
    }
}
