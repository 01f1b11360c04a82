using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sicantik.Data.Tests.Support;
using Sicantik.Workflows;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.EntityFrameworkCore;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Scheduling;
using Sicantik.Workflows.Stores;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Tests.Support;

namespace Sicantik.Data.Tests;

/// <summary>
/// The EF store remembers the state it last saved (InstanceMemory), so that a command on a task reads no rows. What it
/// remembers must be what the database holds, and a copy that another process's save left behind must never decide.
/// </summary>
public sealed class InstanceMemoryTests
{
    private static readonly WorkflowUser Ani = new("ani", "staf");
    private static readonly WorkflowUser Budi = new("budi", "staf");

    // Office hours (due times computed in WIB), a repeating baku mutu timer, variables of every JSON shape.
    private static readonly string Review = Bpmn.Process($"""
        <bpmn:startEvent id="Start" />
        <bpmn:userTask id="Periksa" name="Periksa berkas" camunda:candidateGroups="staf" />
        <bpmn:boundaryEvent id="BakuMutu" cancelActivity="false" attachedToRef="Periksa" sicantik:escalateTo="kasi">
          <bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT10M</bpmn:timeCycle></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:endEvent id="Terlambat" />
        <bpmn:userTask id="Setujui" name="Setujui" camunda:candidateGroups="kasi" />
        <bpmn:endEvent id="End" />
        {Bpmn.Flow("f1", "Start", "Periksa")}
        {Bpmn.Flow("f2", "BakuMutu", "Terlambat")}
        {Bpmn.Flow("f3", "Periksa", "Setujui")}
        {Bpmn.Flow("f4", "Setujui", "End")}
        """, "review", """sicantik:calendar="office-hours" """);

    [Fact]
    public async Task RememberedInstance_IsWhatTheDatabaseHolds_AtEveryStep()
    {
        await using var database = TestDatabase.Create();
        var clock = new FakeTimeProvider(TestEngine.MondayMorning.AddMinutes(3).AddTicks(1234567));
        await using var process = database.Process(clock);
        TestDatabase.Migrate(process);
        await DeployAsync(process, Review);
        var instance = await StartAsync(process, new Dictionary<string, object?>
        {
            ["nama"] = "Budi Santoso",
            ["jumlah"] = 3,
            ["nilai"] = 2.5m,
            ["setuju"] = true,
            ["kosong"] = null,
            ["dokumen"] = new List<object?> { "ktp", "npwp", 7 },
            ["alamat"] = new Dictionary<string, object?> { ["kota"] = "Kupang", ["rt"] = 4 },
        });
        var periksa = Assert.Single(instance.Tasks).Id;
        await AssertRememberedAsStoredAsync(database, process, clock, periksa);

        await InScopeAsync(process, s => s.GetRequiredService<TaskService>().ClaimAsync(periksa, Ani));
        await AssertRememberedAsStoredAsync(database, process, clock, periksa);

        // The baku mutu runs out: the timer fires (a command by instance, from the database) and escalates.
        clock.Advance(TimeSpan.FromMinutes(11));
        await InScopeAsync(process, s => s.GetRequiredService<TimerService>().FireDueAsync());
        await AssertRememberedAsStoredAsync(database, process, clock, periksa);

        await InScopeAsync(process, s => s.GetRequiredService<TaskService>().CompleteAsync(
            periksa,
            Ani,
            variables: new Dictionary<string, object?> { ["catatan"] = "lengkap", ["skor"] = 7.25, ["lampiran"] = new List<object?> { new Dictionary<string, object?> { ["nama"] = "ktp.pdf" } } }));
        var setujui = await InScopeAsync(process, async s => Assert.Single(await s.GetRequiredService<TaskService>().QueryAsync(new TaskQuery { InstanceId = instance.Id })).Id);
        await AssertRememberedAsStoredAsync(database, process, clock, setujui);
    }

    [Fact]
    public async Task RefusalOnACopyBehindAnotherProcess_IsDecidedAgainOnTheDatabase()
    {
        await using var database = TestDatabase.Create();
        var clock = new FakeTimeProvider(TestEngine.MondayMorning);
        await using var first = database.Process(clock);
        TestDatabase.Migrate(first);
        await using var second = database.Process(clock);
        await DeployAsync(first, Bpmn.SingleTask());
        var taskId = Assert.Single((await StartAsync(first, [], "single")).Tasks).Id;

        // The first process remembers Ani's claim; the second gives the task back.
        await InScopeAsync(first, s => s.GetRequiredService<TaskService>().ClaimAsync(taskId, Ani));
        await InScopeAsync(second, s => s.GetRequiredService<TaskService>().UnclaimAsync(taskId, Ani));

        // On its copy the task is still Ani's, which would refuse Budi; the database says it is free.
        var claimed = await InScopeAsync(first, s => s.GetRequiredService<TaskService>().ClaimAsync(taskId, Budi));
        Assert.Equal("budi", claimed.Assignee);
        Assert.Equal("budi", (await StoredTaskAsync(second, taskId)).Assignee);

        // The first process now remembers Budi's claim. The second gives it back; Budi claims again in the first, whose
        // copy says he already holds it, a command that saves nothing and so checks no revision.
        await InScopeAsync(second, s => s.GetRequiredService<TaskService>().UnclaimAsync(taskId, Budi));
        await InScopeAsync(first, s => s.GetRequiredService<TaskService>().ClaimAsync(taskId, Budi));
        Assert.Equal("budi", (await StoredTaskAsync(second, taskId)).Assignee);

        // A copy behind that would accept: its save loses the revision check, and the command runs on fresh state.
        await InScopeAsync(second, s => s.GetRequiredService<TaskService>().UnclaimAsync(taskId, Budi));
        await InScopeAsync(second, s => s.GetRequiredService<TaskService>().ClaimAsync(taskId, Ani));
        var refused = await Assert.ThrowsAnyAsync<WorkflowException>(() => InScopeAsync(first, s => s.GetRequiredService<TaskService>().CompleteAsync(taskId, Budi)));
        Assert.Equal(WorkflowError.TaskNotAssignedToUser, refused.Error);
        Assert.Equal("ani", (await StoredTaskAsync(second, taskId)).Assignee);
        Assert.Equal(HumanTaskState.Open, (await StoredTaskAsync(second, taskId)).State);
    }

    [Fact]
    public async Task SaveInTheHostsTransaction_IsNotRemembered()
    {
        await using var database = TestDatabase.Create();
        var clock = new FakeTimeProvider(TestEngine.MondayMorning);
        await using var process = database.Process(clock);
        TestDatabase.Migrate(process);
        await DeployAsync(process, Bpmn.SingleTask());
        var taskId = Assert.Single((await StartAsync(process, [], "single")).Tasks).Id;

        await using (var scope = process.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<SicantikDbContext>();
            await using var transaction = await context.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<TaskService>().ClaimAsync(taskId, Ani);
            await transaction.RollbackAsync();
        }

        await using (var scope = process.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IInstanceStore>();
            var loaded = await store.LoadByTaskAsync(taskId);
            Assert.NotNull(loaded);
            Assert.False(store.IsRemembered(loaded));
            Assert.Null(Assert.Single(loaded.Tasks).Assignee);
        }

        // Budi can take it: nobody holds it.
        var claimed = await InScopeAsync(process, s => s.GetRequiredService<TaskService>().ClaimAsync(taskId, Budi));
        Assert.Equal("budi", claimed.Assignee);
    }

    [Fact]
    public async Task NoRememberedInstances_EveryCommandReadsTheDatabase()
    {
        await using var database = TestDatabase.Create();
        var clock = new FakeTimeProvider(TestEngine.MondayMorning);
        await using var process = database.Process(clock, new Dictionary<string, string?> { ["Workflows:RememberedInstances"] = "0" });
        TestDatabase.Migrate(process);
        await DeployAsync(process, Bpmn.SingleTask());
        var taskId = Assert.Single((await StartAsync(process, [], "single")).Tasks).Id;
        await InScopeAsync(process, s => s.GetRequiredService<TaskService>().ClaimAsync(taskId, Ani));

        await using var scope = process.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IInstanceStore>();
        var loaded = await store.LoadByTaskAsync(taskId);
        Assert.NotNull(loaded);
        Assert.False(store.IsRemembered(loaded));
        Assert.Equal(0, scope.ServiceProvider.GetRequiredService<InstanceMemory>().Count);
    }

    [Fact]
    public void Memory_KeepsTheMostRecentlySaved_AndNeverAnOlderRevision()
    {
        var memory = new InstanceMemory(Options.Create(new WorkflowOptions { RememberedInstances = 2 }));
        var (a, b, c) = (Saved(1), Saved(1), Saved(1));
        memory.Remember(a);
        memory.Remember(b);
        memory.Remember(c);
        Assert.Equal(2, memory.Count);
        Assert.Null(memory.Recall(a.Tasks[0].Id));
        Assert.Same(b, memory.Recall(b.Tasks[0].Id));

        // A later revision replaces b and makes it the most recent; an older one is ignored.
        var newerB = Saved(2, b.Id);
        memory.Remember(newerB);
        memory.Remember(Saved(1, b.Id));
        Assert.Same(newerB, memory.Recall(newerB.Tasks[0].Id));
        Assert.Null(memory.Recall(b.Tasks[0].Id));

        // c is now the least recent, so a new instance pushes it out.
        memory.Remember(a);
        Assert.Null(memory.Recall(c.Tasks[0].Id));
        Assert.Same(a, memory.Recall(a.Tasks[0].Id));

        memory.Forget(a.Id);
        Assert.Null(memory.Recall(a.Tasks[0].Id));
        Assert.Equal(1, memory.Count);
    }

    private static ProcessInstance Saved(int revision, Guid? id = null) => new()
    {
        Id = id ?? Guid.NewGuid(),
        Revision = revision,
        Tasks = [new HumanTask { Id = Guid.NewGuid() }],
    };

    /// <summary>
    /// The process's store answers a command on <paramref name="taskId"/> from memory, and that answer equals what a new
    /// process (nothing remembered) reads from the database: values, their .NET types and instants with their offsets.
    /// </summary>
    private static async Task AssertRememberedAsStoredAsync(TestDatabase database, IServiceProvider process, TimeProvider clock, Guid taskId)
    {
        string remembered;
        await using (var scope = process.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IInstanceStore>();
            var instance = await store.LoadByTaskAsync(taskId);
            Assert.NotNull(instance);
            Assert.True(store.IsRemembered(instance));
            remembered = Describe(instance);
        }

        await using var fresh = database.Process(clock);
        await using (var scope = fresh.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IInstanceStore>();
            var instance = await store.LoadByTaskAsync(taskId);
            Assert.NotNull(instance);
            Assert.False(store.IsRemembered(instance));
            Assert.Equal(Describe(instance), remembered);
        }
    }

    // Rows in id order (a load's order is the database's), variables with their types (JSON would write 3 and 3L alike).
    private static string Describe(ProcessInstance instance)
    {
        var text = new StringBuilder();
        text.AppendLine(JsonSerializer.Serialize(
            new { instance.Id, instance.DefinitionKey, instance.DefinitionVersion, instance.BusinessKey, instance.State, instance.StartedAt, instance.StartedBy, instance.EndedAt, instance.EndedWith, instance.Revision },
            DescribeOptions));
        text.AppendLine(JsonSerializer.Serialize(instance.Tokens.OrderBy(t => t.Id), DescribeOptions));
        text.AppendLine(JsonSerializer.Serialize(instance.Tasks.OrderBy(t => t.Id), DescribeOptions));
        text.AppendLine(JsonSerializer.Serialize(instance.Timers.OrderBy(t => t.Id), DescribeOptions));
        text.AppendLine(JsonSerializer.Serialize(instance.Subscriptions.OrderBy(s => s.Id), DescribeOptions));
        text.AppendLine(JsonSerializer.Serialize(instance.Incidents.OrderBy(i => i.Id), DescribeOptions));
        foreach (var (name, value) in instance.Variables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append(" = ").AppendLine(Typed(value));
        }

        return text.ToString();
    }

    private static string Typed(object? value) => value switch
    {
        null => "null",
        string s => $"string {s}",
        IDictionary map => "{" + string.Join(", ", map.Keys.Cast<string>().Order(StringComparer.Ordinal).Select(k => $"{k}: {Typed(map[k])}")) + "}",
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Typed)) + "]",
        IFormattable formattable => $"{value.GetType().Name} {formattable.ToString(null, CultureInfo.InvariantCulture)}",
        _ => $"{value.GetType().Name} {value}",
    };

    private static readonly JsonSerializerOptions DescribeOptions = new() { WriteIndented = false };

    private static async Task DeployAsync(IServiceProvider process, string xml) =>
        await InScopeAsync(process, s => s.GetRequiredService<DefinitionService>().DeployAsync(xml, publish: true));

    private static Task<ProcessInstance> StartAsync(IServiceProvider process, Dictionary<string, object?> variables, string key = "review") =>
        InScopeAsync(process, s => s.GetRequiredService<RuntimeService>().StartAsync(new StartInstanceRequest { DefinitionKey = key, Variables = variables }));

    private static Task<HumanTask> StoredTaskAsync(IServiceProvider process, Guid taskId) =>
        InScopeAsync(process, s => s.GetRequiredService<TaskService>().GetAsync(taskId));

    private static async Task<T> InScopeAsync<T>(IServiceProvider process, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = process.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }
}
