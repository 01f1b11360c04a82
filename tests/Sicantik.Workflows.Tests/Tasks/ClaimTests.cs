using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Stores;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Tests.Support;

namespace Sicantik.Workflows.Tests.Tasks;

public sealed class ClaimTests
{
    private static readonly WorkflowUser Ani = new("ani", "staf");
    private static readonly WorkflowUser Budi = new("budi", "staf");
    private static readonly WorkflowUser Eko = new("eko", "keuangan");

    private static async Task<HumanTask> StartTaskAsync(TestEngine engine, string? xml = null)
    {
        var definition = await engine.DeployAsync(xml ?? Bpmn.SingleTask());
        var instance = await engine.StartAsync(definition.Key);
        return await engine.TaskAsync(instance.Id, "Task");
    }

    private static async Task<List<HistoryEvent>> TaskHistoryAsync(TestEngine engine, HumanTask task, HistoryEventType type) =>
        [.. (await engine.HistoryAsync(task.InstanceId)).Where(e => e.TaskId == task.Id && e.Type == type)];

    [Fact]
    public async Task Claim_SetsAssigneeAndClaimedAtAndRecordsHistory_WhenUserIsInCandidateGroup()
    {
        await using var engine = TestEngine.Create();
        var task = await StartTaskAsync(engine);
        engine.Clock.Advance(TimeSpan.FromMinutes(5));

        var claimed = await engine.Tasks.ClaimAsync(task.Id, Ani);

        Assert.Equal("ani", claimed.Assignee);
        Assert.Equal(engine.Clock.GetUtcNow(), claimed.ClaimedAt);
        Assert.True(claimed.IsOpen);
        var stored = await engine.Tasks.GetAsync(task.Id);
        Assert.Equal("ani", stored.Assignee);
        Assert.Equal(engine.Clock.GetUtcNow(), stored.ClaimedAt);
        var history = Assert.Single(await TaskHistoryAsync(engine, task, HistoryEventType.TaskClaimed));
        Assert.Equal("ani", history.UserId);
        Assert.Equal("Task", history.ElementId);
        Assert.Equal(engine.Clock.GetUtcNow(), history.At);
    }

    [Fact]
    public async Task Claim_ChangesNothing_WhenSameUserClaimsAgain()
    {
        await using var engine = TestEngine.Create();
        var task = await StartTaskAsync(engine);
        var first = await engine.Tasks.ClaimAsync(task.Id, Ani);
        engine.Clock.Advance(TimeSpan.FromMinutes(5));

        var again = await engine.Tasks.ClaimAsync(task.Id, Ani);

        Assert.Equal("ani", again.Assignee);
        Assert.Equal(first.ClaimedAt, again.ClaimedAt);
        var stored = await engine.Tasks.GetAsync(task.Id);
        Assert.Equal(first.ClaimedAt, stored.ClaimedAt);
        Assert.Single(await TaskHistoryAsync(engine, task, HistoryEventType.TaskClaimed));
    }

    [Fact]
    public async Task Claim_ThrowsTaskAlreadyClaimedNamingClaimant_WhenAnotherCandidateHoldsIt()
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("id-ID");
        try
        {
            await using var engine = TestEngine.Create();
            var task = await StartTaskAsync(engine);
            await engine.Tasks.ClaimAsync(task.Id, Ani);

            var ex = await Assert.ThrowsAsync<TaskAlreadyClaimedException>(() => engine.Tasks.ClaimAsync(task.Id, Budi));

            Assert.Equal(WorkflowError.TaskAlreadyClaimed, ex.Error);
            Assert.Equal("ani", ex.ClaimedBy);
            Assert.Equal(task.Id, ex.TaskId);
            Assert.Contains("sudah diambil oleh ani", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Tugas", ex.Message, StringComparison.Ordinal);
            Assert.Equal("ani", (await engine.Tasks.GetAsync(task.Id)).Assignee);
            Assert.Single(await TaskHistoryAsync(engine, task, HistoryEventType.TaskClaimed));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public async Task Claim_ThrowsNotCandidate_WhenUserHoldsNoCandidateRole()
    {
        await using var engine = TestEngine.Create();
        var task = await StartTaskAsync(engine);

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.ClaimAsync(task.Id, Eko));

        Assert.Equal(WorkflowError.NotCandidate, ex.Error);
        Assert.Null((await engine.Tasks.GetAsync(task.Id)).Assignee);
        Assert.Empty(await TaskHistoryAsync(engine, task, HistoryEventType.TaskClaimed));
    }

    [Fact]
    public async Task Claim_ThrowsTaskNotOpen_WhenTaskIsCompleted()
    {
        await using var engine = TestEngine.Create();
        var task = await StartTaskAsync(engine);
        await engine.Tasks.CompleteAsync(task.Id, Ani);

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.ClaimAsync(task.Id, Budi));

        Assert.Equal(WorkflowError.TaskNotOpen, ex.Error);
        Assert.Equal(HumanTaskState.Completed, (await engine.Tasks.GetAsync(task.Id)).State);
    }

    [Fact]
    public async Task Claim_ThrowsTaskNotFound_WhenTaskIsUnknown()
    {
        await using var engine = TestEngine.Create();

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.ClaimAsync(Guid.NewGuid(), Ani));

        Assert.Equal(WorkflowError.TaskNotFound, ex.Error);
    }

    [Fact]
    public async Task Claim_Succeeds_WhenUserIsListedInCandidateUsers()
    {
        await using var engine = TestEngine.Create();
        var task = await StartTaskAsync(engine, Bpmn.SingleTask(taskAttributes: """camunda:candidateUsers="citra, dedi" """));
        var citra = new WorkflowUser("citra");

        var claimed = await engine.Tasks.ClaimAsync(task.Id, citra);

        Assert.Equal(["citra", "dedi"], task.CandidateUsers);
        Assert.Equal("citra", claimed.Assignee);
        Assert.Single(await TaskHistoryAsync(engine, task, HistoryEventType.TaskClaimed));
    }

    [Fact]
    public async Task Claim_ThrowsNotCandidate_WhenUserIsNotAmongCandidateUsers()
    {
        await using var engine = TestEngine.Create();
        var task = await StartTaskAsync(engine, Bpmn.SingleTask(taskAttributes: """camunda:candidateUsers="citra" """));

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.ClaimAsync(task.Id, new WorkflowUser("dedi", "staf")));

        Assert.Equal(WorkflowError.NotCandidate, ex.Error);
    }

    [Fact]
    public async Task Unclaim_PutsTaskBackForCandidates_WhenAssigneeUnclaims()
    {
        await using var engine = TestEngine.Create();
        var task = await StartTaskAsync(engine);
        await engine.Tasks.ClaimAsync(task.Id, Ani);

        var released = await engine.Tasks.UnclaimAsync(task.Id, Ani);

        Assert.Null(released.Assignee);
        Assert.Null(released.ClaimedAt);
        var stored = await engine.Tasks.GetAsync(task.Id);
        Assert.Null(stored.Assignee);
        Assert.Null(stored.ClaimedAt);
        Assert.True(stored.IsOpen);
        var history = Assert.Single(await TaskHistoryAsync(engine, task, HistoryEventType.TaskUnclaimed));
        Assert.Equal("ani", history.UserId);
        Assert.Contains(await engine.Tasks.QueryAsync(new TaskQuery { AvailableTo = Budi }), t => t.Id == task.Id);

        var reclaimed = await engine.Tasks.ClaimAsync(task.Id, Budi);

        Assert.Equal("budi", reclaimed.Assignee);
    }

    [Fact]
    public async Task Unclaim_ThrowsTaskNotAssignedToUser_WhenSomeoneElseHoldsIt()
    {
        await using var engine = TestEngine.Create();
        var task = await StartTaskAsync(engine);
        await engine.Tasks.ClaimAsync(task.Id, Ani);

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.UnclaimAsync(task.Id, Budi));

        Assert.Equal(WorkflowError.TaskNotAssignedToUser, ex.Error);
        Assert.Equal("ani", (await engine.Tasks.GetAsync(task.Id)).Assignee);
        Assert.Empty(await TaskHistoryAsync(engine, task, HistoryEventType.TaskUnclaimed));
    }

    [Fact]
    public async Task Unclaim_ThrowsTaskNotAssignedToUser_WhenTaskIsUnassigned()
    {
        await using var engine = TestEngine.Create();
        var task = await StartTaskAsync(engine);

        var ex = await Assert.ThrowsAsync<WorkflowException>(() => engine.Tasks.UnclaimAsync(task.Id, Ani));

        Assert.Equal(WorkflowError.TaskNotAssignedToUser, ex.Error);
        Assert.Empty(await TaskHistoryAsync(engine, task, HistoryEventType.TaskUnclaimed));
    }

    [Fact]
    public async Task Claim_LetsExactlyOneWin_WhenTwoCandidatesClaimConcurrentlyFromTheSameRevision()
    {
        var gate = new GatedInstanceStore.Gate();
        await using var engine = TestEngine.Create(configure: s => GatedInstanceStore.Install(s, gate));
        Assert.IsType<GatedInstanceStore>(engine.Services.GetRequiredService<IInstanceStore>());
        var task = await StartTaskAsync(engine);
        var scopes = engine.Services.GetRequiredService<IServiceScopeFactory>();
        await using var first = scopes.CreateAsyncScope();
        await using var second = scopes.CreateAsyncScope();
        var firstTasks = first.ServiceProvider.GetRequiredService<TaskService>();
        var secondTasks = second.ServiceProvider.GetRequiredService<TaskService>();
        Assert.NotSame(firstTasks, secondTasks);

        gate.Arm(loads: 2);
        var results = await Task.WhenAll(
            CaptureAsync(Task.Run(() => firstTasks.ClaimAsync(task.Id, Ani))),
            CaptureAsync(Task.Run(() => secondTasks.ClaimAsync(task.Id, Budi))));

        // Both commands read the same revision before either saved: the race really happened.
        var gated = gate.GatedRevisions;
        Assert.Equal(2, gated.Count);
        Assert.Equal(gated[0], gated[1]);

        var winner = Assert.Single(results, r => r.Task is not null).Task!;
        var loser = Assert.Single(results, r => r.Error is not null).Error!;
        Assert.Contains(winner.Assignee, new[] { "ani", "budi" });
        var refused = Assert.IsType<TaskAlreadyClaimedException>(loser);
        Assert.Equal(winner.Assignee, refused.ClaimedBy);
        Assert.Equal(task.Id, refused.TaskId);
        Assert.Equal(winner.Assignee, (await engine.Tasks.GetAsync(task.Id)).Assignee);
        var claimed = Assert.Single(await TaskHistoryAsync(engine, task, HistoryEventType.TaskClaimed));
        Assert.Equal(winner.Assignee, claimed.UserId);
    }

    [Fact]
    public async Task Claim_AlwaysHasExactlyOneWinner_WhenEightCandidatesClaimInParallel()
    {
        await using var engine = TestEngine.Create();
        var definition = await engine.DeployAsync(Bpmn.SingleTask());
        var users = Enumerable.Range(1, 8).Select(i => new WorkflowUser($"user{i}", "staf")).ToList();
        var scopes = engine.Services.GetRequiredService<IServiceScopeFactory>();

        for (var round = 0; round < 20; round++)
        {
            var instance = await engine.StartAsync(definition.Key, businessKey: $"round-{round}");
            var task = await engine.TaskAsync(instance.Id, "Task");
            var claims = users.Select(user => CaptureAsync(Task.Run(async () =>
            {
                await using var scope = scopes.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<TaskService>().ClaimAsync(task.Id, user);
            })));

            var results = await Task.WhenAll(claims);

            var winner = Assert.Single(results, r => r.Task is not null).Task!;
            Assert.All(
                results.Where(r => r.Task is null),
                r => Assert.Equal(winner.Assignee, Assert.IsType<TaskAlreadyClaimedException>(r.Error).ClaimedBy));
            Assert.Equal(winner.Assignee, (await engine.Tasks.GetAsync(task.Id)).Assignee);
            var claimed = Assert.Single(await TaskHistoryAsync(engine, task, HistoryEventType.TaskClaimed));
            Assert.Equal(winner.Assignee, claimed.UserId);
        }
    }

    private static async Task<(HumanTask? Task, Exception? Error)> CaptureAsync(Task<HumanTask> claim)
    {
        try
        {
            return (await claim, null);
        }
        catch (WorkflowException ex)
        {
            return (null, ex);
        }
    }
}

/// <summary>
/// An instance store that, once armed, holds each load until the expected number of loads have read the instance,
/// so that concurrent commands deterministically work on the same revision.
/// </summary>
internal sealed class GatedInstanceStore(IInstanceStore inner, GatedInstanceStore.Gate gate) : IInstanceStore
{
    /// <summary>Decorates whatever instance store the engine was given (in-memory or EF Core), keeping its lifetime.</summary>
    public static void Install(IServiceCollection services, Gate gate)
    {
        var original = services.Last(d => d.ServiceType == typeof(IInstanceStore));
        services.Remove(original);
        services.Add(new ServiceDescriptor(
            typeof(IInstanceStore),
            sp => new GatedInstanceStore(
                (IInstanceStore)(original.ImplementationFactory?.Invoke(sp) ?? original.ImplementationInstance ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!)),
                gate),
            original.Lifetime));
    }

    public ValueTask<IAsyncDisposable> BeginCommandAsync(CancellationToken cancellationToken = default) => inner.BeginCommandAsync(cancellationToken);

    public async Task<ProcessInstance?> LoadAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        // Read first, then wait: every gated load has read the instance before any of them can save it.
        var instance = await inner.LoadAsync(instanceId, cancellationToken);
        await gate.PassAsync(instance?.Revision ?? -1, cancellationToken);
        return instance;
    }

    public async Task<ProcessInstance?> LoadByTaskAsync(Guid taskId, CancellationToken cancellationToken = default)
    {
        var instance = await inner.LoadByTaskAsync(taskId, cancellationToken);
        await gate.PassAsync(instance?.Revision ?? -1, cancellationToken);
        return instance;
    }

    public Task SaveAsync(ProcessInstance instance, CancellationToken cancellationToken = default) => inner.SaveAsync(instance, cancellationToken);

    public Task<IReadOnlyList<HumanTask>> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken = default) => inner.QueryTasksAsync(query, cancellationToken);

    public Task<HumanTask?> FindTaskAsync(Guid taskId, CancellationToken cancellationToken = default) => inner.FindTaskAsync(taskId, cancellationToken);

    public Task<IReadOnlyList<DueTimer>> FindDueTimersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
        inner.FindDueTimersAsync(now, max, cancellationToken);

    public Task<IReadOnlyList<MessageSubscription>> FindSubscriptionsAsync(string messageName, string? businessKey, CancellationToken cancellationToken = default) =>
        inner.FindSubscriptionsAsync(messageName, businessKey, cancellationToken);

    public Task<IReadOnlyList<ProcessInstance>> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default) =>
        inner.QueryInstancesAsync(query, cancellationToken);

    /// <summary>Shared by every scope's store: once armed, holds each load until the expected number have read the instance.</summary>
    internal sealed class Gate
    {
        private readonly Lock _lock = new();
        private readonly List<int> _gatedRevisions = [];
        private TaskCompletionSource? _barrier;
        private int _expected;

        /// <summary>The revisions the gated loads read.</summary>
        public IReadOnlyList<int> GatedRevisions
        {
            get
            {
                lock (_lock)
                {
                    return [.. _gatedRevisions];
                }
            }
        }

        /// <summary>The next <paramref name="loads"/> loads wait for each other; later loads pass straight through.</summary>
        public void Arm(int loads)
        {
            lock (_lock)
            {
                _barrier = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _expected = loads;
                _gatedRevisions.Clear();
            }
        }

        public async Task PassAsync(int revision, CancellationToken cancellationToken)
        {
            Task? wait = null;
            lock (_lock)
            {
                if (_barrier is { } barrier)
                {
                    _gatedRevisions.Add(revision);
                    wait = barrier.Task;
                    if (_gatedRevisions.Count >= _expected)
                    {
                        _barrier = null;
                        barrier.SetResult();
                    }
                }
            }

            if (wait is not null)
            {
                // A guard against a hang if a load never comes, not a timing assertion.
                await wait.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
        }
    }
}
