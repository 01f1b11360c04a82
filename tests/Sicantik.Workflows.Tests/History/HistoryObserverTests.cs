using Microsoft.Extensions.DependencyInjection;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Outbox;
using Sicantik.Workflows.Tests.Support;
using static Sicantik.Workflows.Tests.Runtime.RuntimeKit;

namespace Sicantik.Workflows.Tests.History;

public sealed class HistoryObserverTests
{
    /// <summary>start → First → Second → end.</summary>
    private static string TwoTasks() => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        {UserTask("First")}
        {UserTask("Second")}
        <bpmn:endEvent id="End" />
        {Bpmn.Flow("f1", "Start", "First")}
        {Bpmn.Flow("f2", "First", "Second")}
        {Bpmn.Flow("f3", "Second", "End")}
        """,
        "dua");

    private static TestEngine Create(Func<HistoryObservation, Task> observe) => TestEngine.Create(configure: services =>
    {
        services.AddSingleton(new ObserverBehaviour(observe));
        new WorkflowsBuilder(services).AddHistoryObserver<RecordingObserver>();
    });

    private static Task<IReadOnlyList<OutboxMessage>> PendingAsync(TestEngine engine) =>
        engine.Services.GetRequiredService<OutboxService>().ListAsync(OutboxState.Pending);

    [Fact]
    public async Task Observer_SeesEachCommandsHistoryInOrder_AndItsMessagesCommitWithTheStep()
    {
        var seen = new List<string>();
        await using var engine = Create(o =>
        {
            seen.Add(string.Join(' ', o.Events.Select(e => $"{e.Type}:{e.ElementId}")));
            foreach (var created in o.Events.Where(e => e.Type == HistoryEventType.TaskCreated))
            {
                o.Enqueue("catat", $$"""{"task":"{{created.ElementId}}","key":"{{o.BusinessKey}}","by":"{{o.Variables["oleh"]}}"}""");
            }

            return Task.CompletedTask;
        });
        await engine.DeployAsync(TwoTasks());

        var instance = await engine.StartAsync("dua", new { oleh = "awal" }, businessKey: "permohonan-1");
        engine.Clock.Advance(TimeSpan.FromMinutes(1));
        await engine.CompleteTaskAsync(instance.Id, "First", variables: new { oleh = "staf" });

        Assert.Equal(2, seen.Count);
        Assert.StartsWith("InstanceStarted:", seen[0], StringComparison.Ordinal);
        Assert.Contains("TaskCreated:First", seen[0], StringComparison.Ordinal);
        Assert.True(seen[1].IndexOf("TaskCompleted:First", StringComparison.Ordinal) < seen[1].IndexOf("TaskCreated:Second", StringComparison.Ordinal), seen[1]);
        var messages = (await PendingAsync(engine)).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToList();
        Assert.Equal(
            ["""{"task":"First","key":"permohonan-1","by":"awal"}""", """{"task":"Second","key":"permohonan-1","by":"staf"}"""],
            messages.Select(m => m.Payload));
        Assert.All(messages, m => Assert.Equal(instance.Id, m.InstanceId));
        Assert.All(messages, m => Assert.Equal("catat", m.Topic));
    }

    [Fact]
    public async Task FailingObserver_FailsTheCommand_AndNothingOfItIsSaved()
    {
        var fail = false;
        await using var engine = Create(o =>
        {
            o.Enqueue("catat", "{}");
            return fail ? throw new InvalidOperationException("observer failed") : Task.CompletedTask;
        });
        await engine.DeployAsync(TwoTasks());
        var instance = await engine.StartAsync("dua");
        fail = true;

        await Assert.ThrowsAsync<InvalidOperationException>(() => engine.CompleteTaskAsync(instance.Id, "First"));

        Assert.Equal(["First"], await engine.OpenTaskElementsAsync(instance.Id));
        Assert.Single(await PendingAsync(engine));
    }

    private sealed class ObserverBehaviour(Func<HistoryObservation, Task> observe)
    {
        public Task ObserveAsync(HistoryObservation observation) => observe(observation);
    }

    private sealed class RecordingObserver(ObserverBehaviour behaviour) : IHistoryObserver
    {
        public Task ObserveAsync(HistoryObservation observation, CancellationToken cancellationToken) => behaviour.ObserveAsync(observation);
    }
}
