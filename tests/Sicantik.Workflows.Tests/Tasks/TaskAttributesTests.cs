using Sicantik.Workflows.History;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Tests.Support;

namespace Sicantik.Workflows.Tests.Tasks;

public sealed class TaskAttributesTests
{
    private static readonly TimeSpan Wib = TimeSpan.FromHours(7);

    private static async Task<HumanTask> StartTaskAsync(TestEngine engine, string xml, object? variables = null, string elementId = "Task")
    {
        var definition = await engine.DeployAsync(xml);
        var instance = await engine.StartAsync(definition.Key, variables);
        return await engine.TaskAsync(instance.Id, elementId);
    }

    private static string TaskWithBoundaries(string taskAttributes, params (string Id, string Duration, bool Interrupting)[] boundaries) => Bpmn.Process(
        $"""
        <bpmn:startEvent id="Start" />
        <bpmn:userTask id="Task" name="Tugas" {taskAttributes} />
        <bpmn:endEvent id="End" />
        {string.Concat(boundaries.Select(b => $"""
            <bpmn:boundaryEvent id="{b.Id}" attachedToRef="Task" cancelActivity="{(b.Interrupting ? "true" : "false")}">
              <bpmn:timerEventDefinition><bpmn:timeDuration>{b.Duration}</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:endEvent id="{b.Id}End" />
            {Bpmn.Flow("f" + b.Id, b.Id, b.Id + "End")}
            """))}
        {Bpmn.Flow("f1", "Start", "Task")}
        {Bpmn.Flow("f2", "Task", "End")}
        """,
        "boundaries");

    [Fact]
    public async Task Start_PreAssignsTask_WhenAssigneeIsLiteral()
    {
        await using var engine = TestEngine.Create();

        var task = await StartTaskAsync(engine, Bpmn.SingleTask(taskAttributes: """camunda:assignee="ani" """));

        Assert.Equal("ani", task.Assignee);
        Assert.Equal(task.CreatedAt, task.ClaimedAt);
        Assert.Empty(task.CandidateGroups);
        Assert.Contains(await engine.Tasks.QueryAsync(new TaskQuery { Inbox = new WorkflowUser("ani") }), t => t.Id == task.Id);
    }

    [Fact]
    public async Task Start_PreAssignsTaskFromVariable_WhenAssigneeIsExpression()
    {
        await using var engine = TestEngine.Create();

        var task = await StartTaskAsync(engine, Bpmn.SingleTask(taskAttributes: """camunda:assignee="${pemohon}" camunda:candidateGroups="staf" """), new { pemohon = "warga-42" });

        Assert.Equal("warga-42", task.Assignee);
        Assert.Equal(task.CreatedAt, task.ClaimedAt);
        Assert.Equal(["staf"], task.CandidateGroups);
    }

    [Fact]
    public async Task Start_SplitsCandidateGroups_WhenExpressionGivesCommaSeparatedText()
    {
        await using var engine = TestEngine.Create();

        var task = await StartTaskAsync(engine, Bpmn.SingleTask(taskAttributes: """camunda:candidateGroups="${groups}" """), new { groups = "a, b" });

        Assert.Equal(["a", "b"], task.CandidateGroups);
        Assert.Null(task.Assignee);
        Assert.Single(await engine.Tasks.QueryAsync(new TaskQuery { AvailableTo = new WorkflowUser("u", "b") }));
    }

    [Fact]
    public async Task Start_TakesCandidateGroupsFromList_WhenExpressionGivesList()
    {
        await using var engine = TestEngine.Create();

        var task = await StartTaskAsync(engine, Bpmn.SingleTask(taskAttributes: """camunda:candidateGroups="${groups}" """), new { groups = new[] { "a", "b" } });

        Assert.Equal(["a", "b"], task.CandidateGroups);
    }

    [Fact]
    public async Task Start_TakesCandidateUsersFromExpression_WhenCandidateUsersIsExpression()
    {
        await using var engine = TestEngine.Create();

        var task = await StartTaskAsync(engine, Bpmn.SingleTask(taskAttributes: """camunda:candidateUsers="${petugas}" """), new { petugas = "ani,budi" });

        Assert.Equal(["ani", "budi"], task.CandidateUsers);
        Assert.Equal("budi", (await engine.Tasks.ClaimAsync(task.Id, new WorkflowUser("budi"))).Assignee);
    }

    [Fact]
    public async Task Start_TakesCandidateGroupsFromLane_WhenTaskNamesNoCandidates()
    {
        await using var engine = TestEngine.Create();
        var xml = Bpmn.Process(
            $"""
            <bpmn:laneSet id="Lanes">
              <bpmn:lane id="LaneStaf" name="Staf" sicantik:candidateGroups="staf, admin">
                <bpmn:flowNodeRef>Start</bpmn:flowNodeRef>
                <bpmn:flowNodeRef>Task</bpmn:flowNodeRef>
              </bpmn:lane>
              <bpmn:lane id="LaneKepala" name="Kepala" sicantik:candidateGroups="kepala">
                <bpmn:flowNodeRef>Setuju</bpmn:flowNodeRef>
                <bpmn:flowNodeRef>Paraf</bpmn:flowNodeRef>
                <bpmn:flowNodeRef>End</bpmn:flowNodeRef>
              </bpmn:lane>
            </bpmn:laneSet>
            <bpmn:startEvent id="Start" />
            <bpmn:userTask id="Task" name="Verifikasi" />
            <bpmn:userTask id="Setuju" name="Persetujuan" />
            <bpmn:userTask id="Paraf" name="Paraf sekretaris" camunda:candidateGroups="sekretaris" />
            <bpmn:endEvent id="End" />
            {Bpmn.Flow("f1", "Start", "Task")}
            {Bpmn.Flow("f2", "Task", "Setuju")}
            {Bpmn.Flow("f3", "Setuju", "Paraf")}
            {Bpmn.Flow("f4", "Paraf", "End")}
            """,
            "lanes");

        var task = await StartTaskAsync(engine, xml);

        Assert.Equal(["staf", "admin"], task.CandidateGroups);
        await engine.Tasks.CompleteAsync(task.Id, new WorkflowUser("ani", "admin"));
        var approval = await engine.TaskAsync(task.InstanceId, "Setuju");
        Assert.Equal(["kepala"], approval.CandidateGroups);
        await engine.Tasks.CompleteAsync(approval.Id, new WorkflowUser("kadis", "kepala"));
        var initials = await engine.TaskAsync(task.InstanceId, "Paraf");
        Assert.Equal(["sekretaris"], initials.CandidateGroups);
    }

    [Theory]
    [InlineData(null, 50)]
    [InlineData("75", 75)]
    public async Task Start_SetsPriority_WhenPriorityIsLiteralOrAbsent(string? priority, int expected)
    {
        await using var engine = TestEngine.Create();
        var attributes = """camunda:candidateGroups="staf" """ + (priority is null ? string.Empty : $"""camunda:priority="{priority}" """);

        var task = await StartTaskAsync(engine, Bpmn.SingleTask(taskAttributes: attributes));

        Assert.Equal(expected, task.Priority);
    }

    [Fact]
    public async Task Start_SetsPriorityFromVariable_WhenPriorityIsExpression()
    {
        await using var engine = TestEngine.Create();

        var task = await StartTaskAsync(engine, Bpmn.SingleTask(taskAttributes: """camunda:candidateGroups="staf" camunda:priority="${prio}" """), new { prio = 80 });

        Assert.Equal(80, task.Priority);
    }

    [Fact]
    public async Task Start_SetsDueAfterDuration_WhenDueDateIsDuration()
    {
        await using var engine = TestEngine.Create();
        engine.Clock.Advance(TimeSpan.FromMinutes(17));

        var task = await StartTaskAsync(engine, Bpmn.SingleTask(taskAttributes: """camunda:candidateGroups="staf" camunda:dueDate="PT2H" """));

        Assert.Equal(engine.Clock.GetUtcNow(), task.CreatedAt);
        Assert.Equal(task.CreatedAt + TimeSpan.FromHours(2), task.DueAt);
    }

    [Fact]
    public async Task Start_SetsDueAtInstant_WhenDueDateIsIsoDate()
    {
        await using var engine = TestEngine.Create();

        var task = await StartTaskAsync(engine, Bpmn.SingleTask(taskAttributes: """camunda:candidateGroups="staf" camunda:dueDate="2026-12-01T10:00:00+07:00" """));

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, Wib), task.DueAt);
    }

    [Fact]
    public async Task Start_SetsDueFromVariable_WhenDueDateIsExpression()
    {
        await using var engine = TestEngine.Create();

        var task = await StartTaskAsync(engine, Bpmn.SingleTask(taskAttributes: """camunda:candidateGroups="staf" camunda:dueDate="${batas}" """), new { batas = "P1D" });

        Assert.Equal(task.CreatedAt + TimeSpan.FromDays(1), task.DueAt);
    }

    [Fact]
    public async Task Start_TakesDueFromEarliestBoundaryTimer_WhenNoDueDateIsGiven()
    {
        await using var engine = TestEngine.Create();
        var xml = TaskWithBoundaries("""camunda:candidateGroups="staf" """, ("Pengingat", "PT10M", false), ("Batas", "PT1H", true));

        var task = await StartTaskAsync(engine, xml);

        Assert.Equal(task.CreatedAt + TimeSpan.FromMinutes(10), task.DueAt);
        var instance = await engine.InstanceAsync(task.InstanceId);
        Assert.Equal(instance.Timers.Min(t => t.DueAt), task.DueAt);
    }

    [Fact]
    public async Task Start_KeepsDueDate_WhenBothDueDateAndBoundaryTimerAreGiven()
    {
        await using var engine = TestEngine.Create();
        var xml = TaskWithBoundaries("""camunda:candidateGroups="staf" camunda:dueDate="PT2H" """, ("Pengingat", "PT10M", false));

        var task = await StartTaskAsync(engine, xml);

        Assert.Equal(task.CreatedAt + TimeSpan.FromHours(2), task.DueAt);
    }

    [Fact]
    public async Task Start_LeavesDueEmpty_WhenNeitherDueDateNorBoundaryTimer()
    {
        await using var engine = TestEngine.Create();

        var task = await StartTaskAsync(engine, Bpmn.SingleTask());

        Assert.Null(task.DueAt);
    }

    [Fact]
    public async Task Start_CopiesFormKeyDocumentationAndName_WhenDefined()
    {
        await using var engine = TestEngine.Create();
        var xml = Bpmn.SingleTask(
            taskAttributes: """camunda:candidateGroups="staf" camunda:formKey="embedded:app:forms/verifikasi.html" """,
            taskBody: "<bpmn:documentation>  Periksa kelengkapan berkas pemohon.  </bpmn:documentation>");

        var task = await StartTaskAsync(engine, xml);

        Assert.Equal("embedded:app:forms/verifikasi.html", task.FormKey);
        Assert.Equal("Periksa kelengkapan berkas pemohon.", task.Documentation);
        Assert.Equal("Tugas", task.Name);
        Assert.Equal("single", task.DefinitionKey);
        Assert.Equal(1, task.DefinitionVersion);
        Assert.Empty(task.AllowedOutcomes);
    }

    [Fact]
    public async Task AddComment_StoresCommentWithUserAndTime_WhenTaskIsOpen()
    {
        await using var engine = TestEngine.Create();
        var task = await StartTaskAsync(engine, Bpmn.SingleTask());
        engine.Clock.Advance(TimeSpan.FromMinutes(3));

        var commented = await engine.Tasks.AddCommentAsync(task.Id, new WorkflowUser("ani", "staf"), "  Berkas NPWP kurang jelas.  ");

        var comment = Assert.Single(commented.Comments);
        Assert.Equal("ani", comment.UserId);
        Assert.Equal("Berkas NPWP kurang jelas.", comment.Text);
        Assert.Equal(engine.Clock.GetUtcNow(), comment.At);
        Assert.NotEqual(Guid.Empty, comment.Id);
        Assert.Equal(comment, Assert.Single((await engine.Tasks.GetAsync(task.Id)).Comments));
        var history = Assert.Single(await engine.HistoryAsync(task.InstanceId), e => e.Type == HistoryEventType.CommentAdded);
        Assert.Equal(task.Id, history.TaskId);
        Assert.Equal("ani", history.UserId);
        Assert.Equal("Berkas NPWP kurang jelas.", history.Detail);
        Assert.Null((await engine.Tasks.GetAsync(task.Id)).Assignee);
    }

    [Fact]
    public async Task AddComment_StoresComment_WhenTaskIsCompleted()
    {
        await using var engine = TestEngine.Create();
        var task = await StartTaskAsync(engine, Bpmn.SingleTask());
        await engine.Tasks.AddCommentAsync(task.Id, new WorkflowUser("ani", "staf"), "Mulai diperiksa.");
        await engine.Tasks.CompleteAsync(task.Id, new WorkflowUser("ani", "staf"));
        engine.Clock.Advance(TimeSpan.FromHours(1));

        var commented = await engine.Tasks.AddCommentAsync(task.Id, new WorkflowUser("kadis", "kepala"), "Sudah diterbitkan.");

        Assert.Equal(HumanTaskState.Completed, commented.State);
        Assert.Equal(["Mulai diperiksa.", "Sudah diterbitkan."], commented.Comments.Select(c => c.Text));
        var stored = await engine.Tasks.GetAsync(task.Id);
        Assert.Equal(2, stored.Comments.Count);
        Assert.Equal("kadis", stored.Comments[1].UserId);
        Assert.Equal(engine.Clock.GetUtcNow(), stored.Comments[1].At);
        Assert.Equal(2, (await engine.HistoryAsync(task.InstanceId)).Count(e => e.Type == HistoryEventType.CommentAdded));
    }

    [Fact]
    public async Task AddComment_Throws_WhenTextIsBlank()
    {
        await using var engine = TestEngine.Create();
        var task = await StartTaskAsync(engine, Bpmn.SingleTask());

        await Assert.ThrowsAsync<ArgumentException>(() => engine.Tasks.AddCommentAsync(task.Id, new WorkflowUser("ani", "staf"), "   "));

        Assert.Empty((await engine.Tasks.GetAsync(task.Id)).Comments);
    }
}
