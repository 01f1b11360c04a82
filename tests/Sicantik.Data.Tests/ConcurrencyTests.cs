using Microsoft.Extensions.DependencyInjection;
using Sicantik.Workflows;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Stores;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Tests.Support;

namespace Sicantik.Data.Tests;

/// <summary>Concurrency on a real database: each actor has its own scope, context and connection, as two nodes would.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task FiftyParallelClaims_OfOneTask_HaveExactlyOneWinner()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Bpmn.SingleTask());
        var instance = await engine.StartAsync("single");
        var task = await engine.TaskAsync(instance.Id, "Task");
        var scopes = engine.Services.GetRequiredService<IServiceScopeFactory>();
        using var start = new ManualResetEventSlim();

        var claims = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var tasks = scope.ServiceProvider.GetRequiredService<TaskService>();
            start.Wait();
            try
            {
                await tasks.ClaimAsync(task.Id, new WorkflowUser($"clerk-{i}", "staf"));
                return (User: $"clerk-{i}", Error: (Exception?)null);
            }
            catch (Exception ex)
            {
                return (User: $"clerk-{i}", Error: ex);
            }
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(claims);

        var winner = Assert.Single(results, r => r.Error is null).User;
        Assert.All(results.Where(r => r.Error is not null), r =>
        {
            var refused = Assert.IsType<TaskAlreadyClaimedException>(r.Error);
            Assert.Equal(winner, refused.ClaimedBy);
        });
        Assert.Equal(winner, (await engine.Tasks.GetAsync(task.Id)).Assignee);
        Assert.Single(await engine.HistoryAsync(instance.Id), e => e.Type == HistoryEventType.TaskClaimed);
    }

    [Fact]
    public async Task TwoParallelCompletions_OfOneInstance_LeaveItConsistent()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Bpmn.Process($"""
            <bpmn:startEvent id="Start" />
            <bpmn:parallelGateway id="Fork" />
            <bpmn:userTask id="A" camunda:candidateGroups="staf" />
            <bpmn:userTask id="B" camunda:candidateGroups="staf" />
            <bpmn:parallelGateway id="Join" />
            <bpmn:userTask id="After" camunda:candidateGroups="staf" />
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "Fork")}
            {Bpmn.Flow("f2", "Fork", "A")}
            {Bpmn.Flow("f3", "Fork", "B")}
            {Bpmn.Flow("f4", "A", "Join")}
            {Bpmn.Flow("f5", "B", "Join")}
            {Bpmn.Flow("f6", "Join", "After")}
            {Bpmn.Flow("f7", "After", "End")}
            """, "pair"));
        var scopes = engine.Services.GetRequiredService<IServiceScopeFactory>();

        for (var round = 0; round < 10; round++)
        {
            var instance = await engine.StartAsync("pair");
            var open = await engine.OpenTasksAsync(instance.Id);
            using var start = new ManualResetEventSlim();
            var completions = open.Select((task, i) => Task.Run(async () =>
            {
                await using var scope = scopes.CreateAsyncScope();
                start.Wait();
                await scope.ServiceProvider.GetRequiredService<TaskService>().CompleteAsync(task.Id, new WorkflowUser($"clerk-{i}", "staf"));
            })).ToList();
            start.Set();
            await Task.WhenAll(completions);

            var after = await engine.InstanceAsync(instance.Id);
            Assert.Equal(InstanceState.Running, after.State);
            Assert.Equal(["After"], (await engine.OpenTasksAsync(instance.Id)).Select(t => t.ElementId));
            var token = Assert.Single(after.Tokens);
            Assert.Equal("After", token.ElementId);
            var history = await engine.HistoryAsync(instance.Id);
            Assert.Equal(2, history.Count(e => e.Type == HistoryEventType.TaskCompleted));
            Assert.Equal(1, history.Count(e => e.Type == HistoryEventType.GatewayTaken && e.ElementId == "Join"));
        }
    }

    [Fact]
    public async Task SaveAsync_WritesNothing_WhenAnotherStepSavedTheInstanceFirst()
    {
        await using var engine = TestEngine.Create();
        await engine.DeployAsync(Bpmn.SingleTask());
        var instance = await engine.StartAsync("single");
        var scopes = engine.Services.GetRequiredService<IServiceScopeFactory>();
        await using var first = scopes.CreateAsyncScope();
        await using var second = scopes.CreateAsyncScope();
        var firstStore = first.ServiceProvider.GetRequiredService<IInstanceStore>();
        var secondStore = second.ServiceProvider.GetRequiredService<IInstanceStore>();
        var lost = (await firstStore.LoadAsync(instance.Id))!;
        var won = (await secondStore.LoadAsync(instance.Id))!;

        won.Variables["pemenang"] = "kedua";
        won.PendingHistory.Add(new HistoryEvent { InstanceId = instance.Id, At = instance.StartedAt, Type = HistoryEventType.VariablesChanged, Detail = "kedua" });
        await secondStore.SaveAsync(won);

        // The losing step changes every kind of row: the instance's variables, a task, a token, the inbox (by claiming),
        // a new timer, history and outbox.
        lost.Variables["pemenang"] = "pertama";
        lost.Tasks[0].Assignee = "clerk-1";
        lost.Tokens[0].Attempts = 7;
        lost.Timers.Add(new InstanceTimer { Id = Guid.NewGuid(), InstanceId = instance.Id, TokenId = lost.Tokens[0].Id, ElementId = "Task", DueAt = instance.StartedAt.AddHours(1), CreatedAt = instance.StartedAt });
        lost.PendingHistory.Add(new HistoryEvent { InstanceId = instance.Id, At = instance.StartedAt, Type = HistoryEventType.TaskClaimed, UserId = "clerk-1" });
        lost.PendingOutbox.Add(new Sicantik.Workflows.Outbox.OutboxMessage { Id = Guid.NewGuid(), InstanceId = instance.Id, Topic = "surel", CreatedAt = instance.StartedAt, NextAttemptAt = instance.StartedAt });
        var refused = await Assert.ThrowsAsync<WorkflowException>(() => firstStore.SaveAsync(lost));

        Assert.Equal(WorkflowError.ConcurrencyConflict, refused.Error);
        Assert.Equal(instance.Revision + 1, won.Revision);
        var stored = await engine.InstanceAsync(instance.Id);
        Assert.Equal(won.Revision, stored.Revision);
        Assert.Equal("kedua", stored.Variables["pemenang"]);
        Assert.Null(Assert.Single(stored.Tasks).Assignee);
        Assert.Equal(0, Assert.Single(stored.Tokens).Attempts);
        Assert.DoesNotContain(stored.Timers, t => t.Id == lost.Timers[^1].Id);
        Assert.DoesNotContain(await engine.HistoryAsync(instance.Id), e => e.Type == HistoryEventType.TaskClaimed);
        Assert.Null(await first.ServiceProvider.GetRequiredService<Sicantik.Workflows.Outbox.IOutboxStore>().FindAsync(lost.PendingOutbox[0].Id));
        Assert.Single(await engine.Tasks.QueryAsync(new TaskQuery { AvailableTo = new WorkflowUser("clerk-2", "staf") }));
    }
}
