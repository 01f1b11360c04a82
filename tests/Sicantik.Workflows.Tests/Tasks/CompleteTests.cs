using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Tests.Support;

namespace Sicantik.Workflows.Tests.Tasks;

public sealed class CompleteTests
{
    private static readonly WorkflowUser Ani = new("ani", "staf");
    private static readonly WorkflowUser Budi = new("budi", "staf");
    private static readonly WorkflowUser Eko = new("eko", "keuangan");

    /// <summary>Verifikasi (setuju/tolak) → setuju: Penerbitan; tolak: end Ditolak.</summary>
    private static readonly string Approval = Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        <bpmn:userTask id="Verifikasi" name="Verifikasi berkas" camunda:candidateGroups="staf" sicantik:outcomes="setuju,tolak" />
        <bpmn:exclusiveGateway id="Keputusan" default="fTolak" />
        <bpmn:userTask id="Penerbitan" name="Penerbitan izin" camunda:candidateGroups="kepala" />
        <bpmn:endEvent id="Terbit" />
        <bpmn:endEvent id="Ditolak" />
        {Bpmn.Flow("f1", "Start", "Verifikasi")}
        {Bpmn.Flow("f2", "Verifikasi", "Keputusan")}
        {Bpmn.Flow("fSetuju", "Keputusan", "Penerbitan", "${outcome == 'setuju'}")}
        {Bpmn.Flow("fTolak", "Keputusan", "Ditolak")}
        {Bpmn.Flow("f3", "Penerbitan", "Terbit")}
        """,
        "approval");

    private static async Task<(ProcessInstance Instance, HumanTask Task)> StartAsync(TestEngine engine, string xml, string elementId)
    {
        var definition = await engine.DeployAsync(xml);
        var instance = await engine.StartAsync(definition.Key);
        return (instance, await engine.TaskAsync(instance.Id, elementId));
    }

    private static Task<(ProcessInstance Instance, HumanTask Task)> StartApprovalAsync(TestEngine engine) => StartAsync(engine, Approval, "Verifikasi");

    private static Task<(ProcessInstance Instance, HumanTask Task)> StartSingleAsync(TestEngine engine) => StartAsync(engine, Bpmn.SingleTask(), "Task");

    /// <summary>Asserts that a refused completion left the task, the history and the instance as they were.</summary>
    private static async Task AssertUnchangedAsync(TestEngine engine, HumanTask before, ProcessInstance instanceBefore, int historyBefore)
    {
        var task = await engine.Tasks.GetAsync(before.Id);
        Assert.True(task.IsOpen);
        Assert.Equal(before.Assignee, task.Assignee);
        Assert.Equal(before.ClaimedAt, task.ClaimedAt);
        Assert.Null(task.CompletedAt);
        Assert.Null(task.CompletedBy);
        Assert.Null(task.Outcome);
        Assert.Equal(historyBefore, (await engine.HistoryAsync(before.InstanceId)).Count);
        var instance = await engine.InstanceAsync(before.InstanceId);
        Assert.Equal(instanceBefore.Revision, instance.Revision);
        Assert.Equal(InstanceState.Running, instance.State);
        Assert.Equal(instanceBefore.Variables.Keys.Order(StringComparer.Ordinal), instance.Variables.Keys.Order(StringComparer.Ordinal));
    }

    private static async Task<(ProcessInstance Instance, int History)> SnapshotAsync(TestEngine engine, Guid instanceId) =>
        (await engine.InstanceAsync(instanceId), (await engine.HistoryAsync(instanceId)).Count);

    [Fact]
    public async Task Complete_RecordsOutcomeAndMovesInstanceOn_WhenOutcomeIsAllowed()
    {
        await using var engine = TestEngine.Create();
        var (instance, task) = await StartApprovalAsync(engine);
        Assert.Equal(["setuju", "tolak"], task.AllowedOutcomes);
        await engine.Tasks.ClaimAsync(task.Id, Ani);
        engine.Clock.Advance(TimeSpan.FromMinutes(30));

        var completed = await engine.Tasks.CompleteAsync(task.Id, Ani, " setuju ");

        Assert.Equal(HumanTaskState.Completed, completed.State);
        Assert.Equal("setuju", completed.Outcome);
        Assert.Equal("ani", completed.CompletedBy);
        Assert.Equal(engine.Clock.GetUtcNow(), completed.CompletedAt);
        var stored = await engine.Tasks.GetAsync(task.Id);
        Assert.Equal(HumanTaskState.Completed, stored.State);
        Assert.Equal("setuju", stored.Outcome);
        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal("setuju", after.Variables["outcome"]);
        Assert.Equal(InstanceState.Running, after.State);
        var next = Assert.Single(await engine.OpenTasksAsync(instance.Id));
        Assert.Equal("Penerbitan", next.ElementId);
        var history = Assert.Single(await engine.HistoryAsync(instance.Id), e => e.Type == HistoryEventType.TaskCompleted);
        Assert.Equal("setuju", history.Outcome);
        Assert.Equal("ani", history.UserId);
    }

    [Fact]
    public async Task Complete_TakesOtherPath_WhenOutcomeIsTolak()
    {
        await using var engine = TestEngine.Create();
        var (instance, task) = await StartApprovalAsync(engine);

        await engine.Tasks.CompleteAsync(task.Id, Ani, "tolak");

        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal(InstanceState.Completed, after.State);
        Assert.Equal("Ditolak", after.EndedWith);
        Assert.Equal("tolak", after.Variables["outcome"]);
        Assert.Empty(await engine.OpenTasksAsync(instance.Id));
    }

    [Fact]
    public async Task Complete_ThrowsInvalidOutcomeListingAllowed_WhenOutcomeIsMissing()
    {
        await using var engine = TestEngine.Create();
        var (instance, task) = await StartApprovalAsync(engine);
        await engine.Tasks.ClaimAsync(task.Id, Ani);
        task = await engine.Tasks.GetAsync(task.Id);
        var (snapshot, history) = await SnapshotAsync(engine, instance.Id);

        var ex = await Assert.ThrowsAsync<InvalidOutcomeException>(() => engine.Tasks.CompleteAsync(task.Id, Ani, "  "));

        Assert.Equal(WorkflowError.InvalidOutcome, ex.Error);
        Assert.Null(ex.Outcome);
        Assert.Equal(["setuju", "tolak"], ex.Allowed);
        Assert.Contains("setuju", ex.Message, StringComparison.Ordinal);
        Assert.Contains("tolak", ex.Message, StringComparison.Ordinal);
        await AssertUnchangedAsync(engine, task, snapshot, history);
    }

    [Fact]
    public async Task Complete_ThrowsInvalidOutcomeNamingAllowed_WhenOutcomeIsNotInList()
    {
        await using var engine = TestEngine.Create();
        var (instance, task) = await StartApprovalAsync(engine);
        await engine.Tasks.ClaimAsync(task.Id, Ani);
        task = await engine.Tasks.GetAsync(task.Id);
        var (snapshot, history) = await SnapshotAsync(engine, instance.Id);

        var ex = await Assert.ThrowsAsync<InvalidOutcomeException>(() => engine.Tasks.CompleteAsync(task.Id, Ani, "Setuju"));

        Assert.Equal(WorkflowError.InvalidOutcome, ex.Error);
        Assert.Equal("Setuju", ex.Outcome);
        Assert.Equal(["setuju", "tolak"], ex.Allowed);
        Assert.Contains("setuju, tolak", ex.Message, StringComparison.Ordinal);
        await AssertUnchangedAsync(engine, task, snapshot, history);
    }

    [Fact]
    public async Task Complete_ThrowsInvalidOutcome_WhenTaskHasNoOutcomesButOneIsGiven()
    {
        await using var engine = TestEngine.Create();
        var (instance, task) = await StartSingleAsync(engine);
        var (snapshot, history) = await SnapshotAsync(engine, instance.Id);

        var ex = await Assert.ThrowsAsync<InvalidOutcomeException>(() => engine.Tasks.CompleteAsync(task.Id, Ani, "setuju"));

        Assert.Equal(WorkflowError.InvalidOutcome, ex.Error);
        Assert.Equal("setuju", ex.Outcome);
        Assert.Empty(ex.Allowed);
        await AssertUnchangedAsync(engine, task, snapshot, history);
    }

    [Fact]
    public async Task Complete_ThrowsTaskNotAssignedToUser_WhenSomeoneElseClaimedIt()
    {
        await using var engine = TestEngine.Create();
        var (instance, task) = await StartApprovalAsync(engine);
        await engine.Tasks.ClaimAsync(task.Id, Ani);
        task = await engine.Tasks.GetAsync(task.Id);
        var (snapshot, history) = await SnapshotAsync(engine, instance.Id);

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.CompleteAsync(task.Id, Budi, "setuju"));

        Assert.Equal(WorkflowError.TaskNotAssignedToUser, ex.Error);
        await AssertUnchangedAsync(engine, task, snapshot, history);
    }

    [Fact]
    public async Task Complete_ClaimsOnTheWay_WhenCandidateCompletesUnassignedTask()
    {
        await using var engine = TestEngine.Create();
        var (instance, task) = await StartApprovalAsync(engine);

        var completed = await engine.Tasks.CompleteAsync(task.Id, Budi, "setuju");

        Assert.Equal("budi", completed.Assignee);
        Assert.Equal("budi", completed.CompletedBy);
        Assert.Equal(engine.Clock.GetUtcNow(), completed.ClaimedAt);
        var events = (await engine.HistoryAsync(instance.Id)).Where(e => e.TaskId == task.Id).Select(e => e.Type).ToList();
        Assert.Equal([HistoryEventType.TaskCreated, HistoryEventType.TaskClaimed, HistoryEventType.TaskCompleted], events);
    }

    [Fact]
    public async Task Complete_ThrowsNotCandidate_WhenUserIsNoCandidate()
    {
        await using var engine = TestEngine.Create();
        var (instance, task) = await StartApprovalAsync(engine);
        var (snapshot, history) = await SnapshotAsync(engine, instance.Id);

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.CompleteAsync(task.Id, Eko, "setuju"));

        Assert.Equal(WorkflowError.NotCandidate, ex.Error);
        await AssertUnchangedAsync(engine, task, snapshot, history);
    }

    [Fact]
    public async Task Complete_ThrowsTaskNotOpen_WhenCompletedTwice()
    {
        await using var engine = TestEngine.Create();
        var (instance, task) = await StartSingleAsync(engine);
        await engine.Tasks.CompleteAsync(task.Id, Ani);
        var (snapshot, history) = await SnapshotAsync(engine, instance.Id);

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.CompleteAsync(task.Id, Ani));

        Assert.Equal(WorkflowError.TaskNotOpen, ex.Error);
        Assert.Equal(history, (await engine.HistoryAsync(instance.Id)).Count);
        Assert.Equal(snapshot.Revision, (await engine.InstanceAsync(instance.Id)).Revision);
        Assert.Single(await engine.HistoryAsync(instance.Id), e => e.Type == HistoryEventType.TaskCompleted);
    }

    [Fact]
    public async Task Complete_StoresNormalizedVariables_WhenVariablesAreGiven()
    {
        await using var engine = TestEngine.Create();
        var (instance, task) = await StartApprovalAsync(engine);
        var variables = new Dictionary<string, object?>
        {
            ["catatan"] = "lengkap",
            ["jumlahBerkas"] = 3,
            ["biaya"] = 150000.5m,
            ["tanggalSurvei"] = new DateOnly(2026, 11, 25),
            ["lampiran"] = new[] { "ktp", "npwp" },
        };

        await engine.Tasks.CompleteAsync(task.Id, Ani, "setuju", variables);

        var after = await engine.InstanceAsync(instance.Id);
        Assert.Equal("lengkap", after.Variables["catatan"]);
        Assert.Equal(3L, Assert.IsType<long>(after.Variables["jumlahBerkas"]));
        Assert.Equal(150000.5d, Assert.IsType<double>(after.Variables["biaya"]));
        Assert.Equal("2026-11-25", after.Variables["tanggalSurvei"]);
        Assert.Equal(new List<object?> { "ktp", "npwp" }, Assert.IsType<List<object?>>(after.Variables["lampiran"]));
        Assert.Equal("setuju", after.Variables["outcome"]);
    }

    [Fact]
    public async Task Complete_ThrowsInvalidVariablesAndChangesNothing_WhenVariableTypeIsUnsupported()
    {
        await using var engine = TestEngine.Create();
        var (instance, task) = await StartApprovalAsync(engine);
        await engine.Tasks.ClaimAsync(task.Id, Ani);
        task = await engine.Tasks.GetAsync(task.Id);
        var (snapshot, history) = await SnapshotAsync(engine, instance.Id);
        var variables = new Dictionary<string, object?> { ["catatan"] = "ok", ["berkas"] = new Unsupported() };

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.CompleteAsync(task.Id, Ani, "setuju", variables));

        Assert.Equal(WorkflowError.InvalidVariables, ex.Error);
        Assert.Contains("berkas", ex.Message, StringComparison.Ordinal);
        await AssertUnchangedAsync(engine, task, snapshot, history);
        Assert.False((await engine.InstanceAsync(instance.Id)).Variables.ContainsKey("catatan"));
    }

    [Fact]
    public async Task Complete_ThrowsInvalidVariablesAndChangesNothing_WhenVariableNameIsBlank()
    {
        await using var engine = TestEngine.Create();
        var (instance, task) = await StartApprovalAsync(engine);
        var (snapshot, history) = await SnapshotAsync(engine, instance.Id);

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.CompleteAsync(task.Id, Ani, "setuju", new Dictionary<string, object?> { [" "] = 1 }));

        Assert.Equal(WorkflowError.InvalidVariables, ex.Error);
        await AssertUnchangedAsync(engine, task, snapshot, history);
    }

    private sealed class Unsupported;
}
