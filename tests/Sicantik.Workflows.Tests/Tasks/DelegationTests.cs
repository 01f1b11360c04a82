using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Tests.Support;

namespace Sicantik.Workflows.Tests.Tasks;

public sealed class DelegationTests
{
    private static readonly WorkflowUser Ani = new("ani", "staf");
    private static readonly WorkflowUser Budi = new("budi", "staf");

    /// <summary>Citra holds no candidate role: she works the task only because it is delegated to her.</summary>
    private static readonly WorkflowUser Citra = new("citra", "teknis");

    private static async Task<HumanTask> StartClaimedTaskAsync(TestEngine engine)
    {
        var definition = await engine.DeployAsync(Bpmn.SingleTask());
        var instance = await engine.StartAsync(definition.Key);
        var task = await engine.TaskAsync(instance.Id, "Task");
        return await engine.Tasks.ClaimAsync(task.Id, Ani);
    }

    private static async Task<List<HistoryEventType>> TaskEventsAsync(TestEngine engine, HumanTask task) =>
        [.. (await engine.HistoryAsync(task.InstanceId)).Where(e => e.TaskId == task.Id).Select(e => e.Type)];

    [Fact]
    public async Task Delegate_GivesTaskToDelegateAndKeepsOwner_WhenAssigneeDelegates()
    {
        await using var engine = TestEngine.Create();
        var task = await StartClaimedTaskAsync(engine);

        var delegated = await engine.Tasks.DelegateAsync(task.Id, Ani, "citra");

        Assert.Equal("citra", delegated.Assignee);
        Assert.Equal("ani", delegated.Owner);
        Assert.Equal(DelegationState.Pending, delegated.Delegation);
        var stored = await engine.Tasks.GetAsync(task.Id);
        Assert.Equal("citra", stored.Assignee);
        Assert.Equal("ani", stored.Owner);
        Assert.Equal(DelegationState.Pending, stored.Delegation);
        var history = Assert.Single(await engine.HistoryAsync(task.InstanceId), e => e.Type == HistoryEventType.TaskDelegated);
        Assert.Equal("ani", history.UserId);
        Assert.Equal("citra", history.Detail);
        Assert.Contains(await engine.Tasks.QueryAsync(new TaskQuery { Inbox = Citra }), t => t.Id == task.Id);
    }

    [Fact]
    public async Task Delegate_ClaimsFirst_WhenCandidateDelegatesUnassignedTask()
    {
        await using var engine = TestEngine.Create();
        var definition = await engine.DeployAsync(Bpmn.SingleTask());
        var instance = await engine.StartAsync(definition.Key);
        var task = await engine.TaskAsync(instance.Id, "Task");

        var delegated = await engine.Tasks.DelegateAsync(task.Id, Budi, "citra");

        Assert.Equal("citra", delegated.Assignee);
        Assert.Equal("budi", delegated.Owner);
        Assert.Equal(
            [HistoryEventType.TaskCreated, HistoryEventType.TaskClaimed, HistoryEventType.TaskDelegated],
            await TaskEventsAsync(engine, task));
    }

    [Fact]
    public async Task Complete_ThrowsDelegationPending_WhenDelegateCompletesBeforeResolving()
    {
        await using var engine = TestEngine.Create();
        var task = await StartClaimedTaskAsync(engine);
        await engine.Tasks.DelegateAsync(task.Id, Ani, "citra");

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.CompleteAsync(task.Id, Citra));

        Assert.Equal(WorkflowError.DelegationPending, ex.Error);
        var stored = await engine.Tasks.GetAsync(task.Id);
        Assert.True(stored.IsOpen);
        Assert.Equal(DelegationState.Pending, stored.Delegation);
    }

    [Fact]
    public async Task Complete_ThrowsTaskNotAssignedToUser_WhenOwnerCompletesWhileDelegationPending()
    {
        await using var engine = TestEngine.Create();
        var task = await StartClaimedTaskAsync(engine);
        await engine.Tasks.DelegateAsync(task.Id, Ani, "citra");

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.CompleteAsync(task.Id, Ani));

        Assert.Equal(WorkflowError.TaskNotAssignedToUser, ex.Error);
        Assert.True((await engine.Tasks.GetAsync(task.Id)).IsOpen);
    }

    [Fact]
    public async Task Resolve_ReturnsTaskToOwnerWithVariables_WhenDelegateResolves()
    {
        await using var engine = TestEngine.Create();
        var task = await StartClaimedTaskAsync(engine);
        await engine.Tasks.DelegateAsync(task.Id, Ani, "citra");

        var resolved = await engine.Tasks.ResolveAsync(task.Id, Citra, new Dictionary<string, object?> { ["hasilSurvei"] = "layak", ["luas"] = 120 });

        Assert.Equal("ani", resolved.Assignee);
        Assert.Equal("ani", resolved.Owner);
        Assert.Equal(DelegationState.Resolved, resolved.Delegation);
        Assert.True(resolved.IsOpen);
        var instance = await engine.InstanceAsync(task.InstanceId);
        Assert.Equal("layak", instance.Variables["hasilSurvei"]);
        Assert.Equal(120L, instance.Variables["luas"]);
        var history = Assert.Single(await engine.HistoryAsync(task.InstanceId), e => e.Type == HistoryEventType.TaskResolved);
        Assert.Equal("citra", history.UserId);
        Assert.Equal("ani", history.Detail);
    }

    [Fact]
    public async Task Complete_Succeeds_WhenOwnerCompletesAfterResolve()
    {
        await using var engine = TestEngine.Create();
        var task = await StartClaimedTaskAsync(engine);
        await engine.Tasks.DelegateAsync(task.Id, Ani, "citra");
        await engine.Tasks.ResolveAsync(task.Id, Citra);

        var completed = await engine.Tasks.CompleteAsync(task.Id, Ani);

        Assert.Equal(HumanTaskState.Completed, completed.State);
        Assert.Equal("ani", completed.CompletedBy);
        Assert.Equal(InstanceState.Completed, (await engine.InstanceAsync(task.InstanceId)).State);
        Assert.Equal(
            [HistoryEventType.TaskCreated, HistoryEventType.TaskClaimed, HistoryEventType.TaskDelegated, HistoryEventType.TaskResolved, HistoryEventType.TaskCompleted],
            await TaskEventsAsync(engine, task));
    }

    [Fact]
    public async Task Resolve_ThrowsTaskNotAssignedToUser_WhenNotTheDelegate()
    {
        await using var engine = TestEngine.Create();
        var task = await StartClaimedTaskAsync(engine);
        await engine.Tasks.DelegateAsync(task.Id, Ani, "citra");

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.ResolveAsync(task.Id, Ani));

        Assert.Equal(WorkflowError.TaskNotAssignedToUser, ex.Error);
        var stored = await engine.Tasks.GetAsync(task.Id);
        Assert.Equal("citra", stored.Assignee);
        Assert.Equal(DelegationState.Pending, stored.Delegation);
    }

    [Fact]
    public async Task Resolve_ThrowsNotDelegated_WhenTaskIsNotDelegated()
    {
        await using var engine = TestEngine.Create();
        var task = await StartClaimedTaskAsync(engine);

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.ResolveAsync(task.Id, Ani));

        Assert.Equal(WorkflowError.NotDelegated, ex.Error);
        Assert.Equal(DelegationState.None, (await engine.Tasks.GetAsync(task.Id)).Delegation);
    }

    [Fact]
    public async Task Resolve_ThrowsNotDelegated_WhenAlreadyResolved()
    {
        await using var engine = TestEngine.Create();
        var task = await StartClaimedTaskAsync(engine);
        await engine.Tasks.DelegateAsync(task.Id, Ani, "citra");
        await engine.Tasks.ResolveAsync(task.Id, Citra);

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.ResolveAsync(task.Id, Ani));

        Assert.Equal(WorkflowError.NotDelegated, ex.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Delegate_ThrowsAndChangesNothing_WhenTargetIsEmpty(string target)
    {
        await using var engine = TestEngine.Create();
        var task = await StartClaimedTaskAsync(engine);
        var historyBefore = (await engine.HistoryAsync(task.InstanceId)).Count;

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.DelegateAsync(task.Id, Ani, target));

        Assert.Equal(WorkflowError.InvalidVariables, ex.Error);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        var stored = await engine.Tasks.GetAsync(task.Id);
        Assert.Equal("ani", stored.Assignee);
        Assert.Null(stored.Owner);
        Assert.Equal(DelegationState.None, stored.Delegation);
        Assert.Equal(historyBefore, (await engine.HistoryAsync(task.InstanceId)).Count);
    }

    [Fact]
    public async Task Delegate_ThrowsTaskNotAssignedToUser_WhenSomeoneElseHoldsIt()
    {
        await using var engine = TestEngine.Create();
        var task = await StartClaimedTaskAsync(engine);

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.DelegateAsync(task.Id, Budi, "citra"));

        Assert.Equal(WorkflowError.TaskNotAssignedToUser, ex.Error);
        Assert.Equal("ani", (await engine.Tasks.GetAsync(task.Id)).Assignee);
    }

    [Fact]
    public async Task Resolve_ReturnsTaskToWhoeverDelegatedIt_WhenAnEarlierOwnerUnclaimedTheTask()
    {
        await using var engine = TestEngine.Create();
        var task = await StartClaimedTaskAsync(engine);
        await engine.Tasks.DelegateAsync(task.Id, Ani, "citra");
        await engine.Tasks.ResolveAsync(task.Id, Citra);
        await engine.Tasks.UnclaimAsync(task.Id, Ani);
        await engine.Tasks.ClaimAsync(task.Id, Budi);

        var delegated = await engine.Tasks.DelegateAsync(task.Id, Budi, "dedi");

        // Budi delegated the task, so it is Budi who gets it back, not Ani who gave it up.
        Assert.Equal("budi", delegated.Owner);
        var resolved = await engine.Tasks.ResolveAsync(task.Id, new WorkflowUser("dedi"));
        Assert.Equal("budi", resolved.Assignee);
        var history = (await engine.HistoryAsync(task.InstanceId)).Where(e => e.Type == HistoryEventType.TaskResolved).ToList();
        Assert.Equal("budi", history[^1].Detail);
    }

    [Fact]
    public async Task Delegate_KeepsOriginalOwner_WhenDelegateDelegatesFurther()
    {
        await using var engine = TestEngine.Create();
        var task = await StartClaimedTaskAsync(engine);
        await engine.Tasks.DelegateAsync(task.Id, Ani, "citra");

        var redelegated = await engine.Tasks.DelegateAsync(task.Id, Citra, "dedi");

        Assert.Equal("dedi", redelegated.Assignee);
        Assert.Equal("ani", redelegated.Owner);
        Assert.Equal(DelegationState.Pending, redelegated.Delegation);
        var resolved = await engine.Tasks.ResolveAsync(task.Id, new WorkflowUser("dedi"));
        Assert.Equal("ani", resolved.Assignee);
    }

    [Fact]
    public async Task Unclaim_ThrowsDelegationPending_WhenDelegateUnclaims()
    {
        await using var engine = TestEngine.Create();
        var task = await StartClaimedTaskAsync(engine);
        await engine.Tasks.DelegateAsync(task.Id, Ani, "citra");

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.UnclaimAsync(task.Id, Citra));

        Assert.Equal(WorkflowError.DelegationPending, ex.Error);
        Assert.Equal("citra", (await engine.Tasks.GetAsync(task.Id)).Assignee);
    }
}
