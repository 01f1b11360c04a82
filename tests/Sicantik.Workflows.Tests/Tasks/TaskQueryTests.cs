using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Tests.Support;

namespace Sicantik.Workflows.Tests.Tasks;

public sealed class TaskQueryTests
{
    private static readonly TimeSpan Wib = TimeSpan.FromHours(7);
    private static readonly WorkflowUser Ani = new("ani", "staf");
    private static readonly WorkflowUser Budi = new("budi", "staf");

    /// <summary>One task whose candidate groups and due date come from the variables <c>grp</c> and <c>due</c>.</summary>
    private static readonly string WithDue = Bpmn.SingleTask(
        id: "withDue",
        taskAttributes: """camunda:candidateGroups="${grp}" camunda:dueDate="${due}" """);

    /// <summary>One task for the groups in <c>grp</c>, with no due date.</summary>
    private static readonly string WithoutDue = Bpmn.SingleTask(id: "withoutDue", taskAttributes: """camunda:candidateGroups="${grp}" """);

    private static readonly string Direct = Bpmn.SingleTask(id: "direct", taskAttributes: """camunda:assignee="ani" camunda:candidateGroups="keuangan" """);

    /// <summary>Verifikasi with a non-interrupting PT10M reminder escalating to <c>kepala</c>.</summary>
    private static readonly string Escalating = Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        <bpmn:userTask id="Verifikasi" name="Verifikasi" camunda:candidateGroups="staf" />
        <bpmn:boundaryEvent id="Pengingat" attachedToRef="Verifikasi" cancelActivity="false" sicantik:escalateTo="kepala">
          <bpmn:timerEventDefinition><bpmn:timeDuration>PT10M</bpmn:timeDuration></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:endEvent id="Dicatat" />
        <bpmn:endEvent id="End" />
        {Bpmn.Flow("f1", "Start", "Verifikasi")}
        {Bpmn.Flow("f2", "Verifikasi", "End")}
        {Bpmn.Flow("f3", "Pengingat", "Dicatat")}
        """,
        "escalating");

    private static async Task<TestEngine> CreateAsync()
    {
        var engine = TestEngine.Create();
        await engine.DeployAsync(WithDue);
        await engine.DeployAsync(WithoutDue);
        await engine.DeployAsync(Direct);
        await engine.DeployAsync(Escalating);
        return engine;
    }

    private static async Task<HumanTask> StartKeyAsync(TestEngine engine, string key, string businessKey, object? variables = null)
    {
        var instance = await engine.StartAsync(key, variables, businessKey);
        return Assert.Single(await engine.OpenTasksAsync(instance.Id));
    }

    private static Task<HumanTask> StartAsync(TestEngine engine, string businessKey, string groups, string? due = null) => due is null
        ? StartKeyAsync(engine, "withoutDue", businessKey, new { grp = groups })
        : StartKeyAsync(engine, "withDue", businessKey, new { grp = groups, due });

    private static async Task<List<string?>> KeysAsync(TestEngine engine, TaskQuery query) =>
        [.. (await engine.Tasks.QueryAsync(query)).Select(t => t.BusinessKey)];

    [Fact]
    public async Task Query_ReturnsMyTasksAndUnassignedCandidateTasks_WhenInboxIsSet()
    {
        await using var engine = await CreateAsync();
        await StartAsync(engine, "open-staf", "staf");
        var mine = await StartAsync(engine, "claimed-by-ani", "staf");
        await engine.Tasks.ClaimAsync(mine.Id, Ani);
        var others = await StartAsync(engine, "claimed-by-budi", "staf");
        await engine.Tasks.ClaimAsync(others.Id, Budi);
        await StartAsync(engine, "open-keuangan", "keuangan");
        await StartKeyAsync(engine, "direct", "assigned-to-ani");

        var inbox = await KeysAsync(engine, new TaskQuery { Inbox = Ani });

        Assert.Equal(["assigned-to-ani", "claimed-by-ani", "open-staf"], inbox.Order(StringComparer.Ordinal));
        Assert.Equal(["claimed-by-budi", "open-staf"], (await KeysAsync(engine, new TaskQuery { Inbox = Budi })).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Query_ReturnsOnlyUnassignedCandidateTasks_WhenAvailableToIsSet()
    {
        await using var engine = await CreateAsync();
        await StartAsync(engine, "open-staf", "staf");
        await StartAsync(engine, "open-staf-keuangan", "staf,keuangan");
        var mine = await StartAsync(engine, "claimed-by-ani", "staf");
        await engine.Tasks.ClaimAsync(mine.Id, Ani);
        await StartAsync(engine, "open-keuangan", "keuangan");
        await StartKeyAsync(engine, "direct", "assigned-to-ani");

        var available = await KeysAsync(engine, new TaskQuery { AvailableTo = Ani });

        Assert.Equal(["open-staf", "open-staf-keuangan"], available.Order(StringComparer.Ordinal));
        Assert.Equal(
            ["open-keuangan", "open-staf-keuangan"],
            (await KeysAsync(engine, new TaskQuery { AvailableTo = new WorkflowUser("eko", "keuangan") })).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Query_FiltersByCandidateGroupAssigneeBusinessKeyAndElement_WhenSet()
    {
        await using var engine = await CreateAsync();
        await StartAsync(engine, "open-staf", "staf");
        var claimed = await StartAsync(engine, "claimed-by-budi", "staf,keuangan");
        await engine.Tasks.ClaimAsync(claimed.Id, Budi);
        await StartAsync(engine, "open-keuangan", "keuangan");
        var escalating = await StartKeyAsync(engine, "escalating", "escalating-1");

        Assert.Equal(["claimed-by-budi", "open-keuangan"], (await KeysAsync(engine, new TaskQuery { CandidateGroup = "keuangan" })).Order(StringComparer.Ordinal));
        Assert.Empty(await KeysAsync(engine, new TaskQuery { CandidateGroup = "kepala" }));
        Assert.Equal(["claimed-by-budi"], await KeysAsync(engine, new TaskQuery { Assignee = "budi" }));
        Assert.Empty(await KeysAsync(engine, new TaskQuery { Assignee = "ani" }));
        Assert.Equal(["open-keuangan"], await KeysAsync(engine, new TaskQuery { BusinessKey = "open-keuangan" }));
        Assert.Empty(await KeysAsync(engine, new TaskQuery { BusinessKey = "tidak-ada" }));
        var byElement = Assert.Single(await engine.Tasks.QueryAsync(new TaskQuery { ElementId = "Verifikasi" }));
        Assert.Equal(escalating.Id, byElement.Id);
        Assert.Equal(3, (await engine.Tasks.QueryAsync(new TaskQuery { ElementId = "Task" })).Count);
        Assert.Equal(["open-staf"], await KeysAsync(engine, new TaskQuery { ElementId = "Task", CandidateGroup = "staf", AvailableTo = Ani }));
        Assert.Equal(["escalating-1"], await KeysAsync(engine, new TaskQuery { DefinitionKey = "escalating" }));
    }

    [Fact]
    public async Task Query_ReturnsTasksPastTheirDueDate_WhenOverdueAtIsSet()
    {
        await using var engine = await CreateAsync();
        await StartAsync(engine, "due-1h", "staf", "PT1H");
        await StartAsync(engine, "due-3h", "staf", "PT3H");
        await StartAsync(engine, "no-due", "staf");
        var now = engine.Clock.GetUtcNow();

        Assert.Empty(await KeysAsync(engine, new TaskQuery { OverdueAt = now }));
        Assert.Equal(["due-1h"], await KeysAsync(engine, new TaskQuery { OverdueAt = now + TimeSpan.FromHours(2) }));
        Assert.Equal(["due-1h", "due-3h"], await KeysAsync(engine, new TaskQuery { OverdueAt = now + TimeSpan.FromHours(4) }));
    }

    [Fact]
    public async Task Query_ReturnsEscalatedTasks_WhenEscalatedToAnyIsSetAndReminderFired()
    {
        await using var engine = await CreateAsync();
        var task = await StartKeyAsync(engine, "escalating", "escalating-1");
        await StartKeyAsync(engine, "escalating", "escalating-2");
        var escalatedToKepala = new TaskQuery { EscalatedToAny = ["kepala", "sekretaris"] };
        Assert.Empty(await engine.Tasks.QueryAsync(escalatedToKepala));

        // The second instance's task is completed before its reminder fires.
        var second = Assert.Single(await engine.Tasks.QueryAsync(new TaskQuery { BusinessKey = "escalating-2" }));
        await engine.Tasks.CompleteAsync(second.Id, Ani);
        Assert.Equal(1, await engine.AdvanceAsync(TimeSpan.FromMinutes(10)));

        var escalated = Assert.Single(await engine.Tasks.QueryAsync(escalatedToKepala));
        Assert.Equal(task.Id, escalated.Id);
        Assert.Equal(["kepala"], escalated.EscalatedTo);
        Assert.Equal(engine.Clock.GetUtcNow(), escalated.EscalatedAt);
        Assert.True(escalated.IsOverdue);
        Assert.Empty(await engine.Tasks.QueryAsync(new TaskQuery { EscalatedToAny = ["sekretaris"] }));
    }

    [Fact]
    public async Task Query_ReturnsEveryState_WhenStateIsNull()
    {
        await using var engine = await CreateAsync();
        var done = await StartAsync(engine, "done", "staf");
        await engine.Tasks.CompleteAsync(done.Id, Ani);
        await StartAsync(engine, "open", "staf");

        Assert.Equal(["open"], await KeysAsync(engine, new TaskQuery()));
        Assert.Equal(["done", "open"], (await KeysAsync(engine, new TaskQuery { State = null })).Order(StringComparer.Ordinal));
        var completed = Assert.Single(await engine.Tasks.QueryAsync(new TaskQuery { State = HumanTaskState.Completed }));
        Assert.Equal(done.Id, completed.Id);
        Assert.Equal("ani", completed.CompletedBy);
        Assert.Empty(await engine.Tasks.QueryAsync(new TaskQuery { State = HumanTaskState.Cancelled }));
    }

    [Fact]
    public async Task Query_OrdersByDueDateThenCreation_Always()
    {
        await using var engine = await CreateAsync();
        var d1 = new DateTimeOffset(2026, 11, 24, 10, 0, 0, Wib).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var d2 = new DateTimeOffset(2026, 11, 25, 10, 0, 0, Wib).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await StartAsync(engine, "none-first", "staf");
        engine.Clock.Advance(TimeSpan.FromMinutes(1));
        await StartAsync(engine, "d2", "staf", d2);
        engine.Clock.Advance(TimeSpan.FromMinutes(1));
        await StartAsync(engine, "d1-earlier", "staf", d1);
        engine.Clock.Advance(TimeSpan.FromMinutes(1));
        await StartAsync(engine, "d1-later", "staf", d1);
        engine.Clock.Advance(TimeSpan.FromMinutes(1));
        await StartAsync(engine, "none-second", "staf");

        var ordered = await KeysAsync(engine, new TaskQuery { CandidateGroup = "staf" });

        Assert.Equal(["d1-earlier", "d1-later", "d2", "none-first", "none-second"], ordered);
    }

    [Fact]
    public async Task Query_ReturnsAtMostMax_WhenMaxIsSet()
    {
        await using var engine = await CreateAsync();
        for (var i = 1; i <= 5; i++)
        {
            await StartAsync(engine, $"task-{i}", "staf", $"PT{10 - i}H");
        }

        Assert.Equal(["task-5", "task-4"], await KeysAsync(engine, new TaskQuery { Max = 2 }));
        Assert.Equal(5, (await engine.Tasks.QueryAsync(new TaskQuery())).Count);
    }
}
