using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sicantik.Data;
using Sicantik.Workflows.EntityFrameworkCore;
using Sicantik.Workflows.Expressions;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Stores;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Workflows.Benchmarks;

/// <summary>
/// An office with a full inbox: <see cref="BenchOptions.InboxTasks"/> open SOP tasks across the 7 staff roles (one per
/// instance) with their history, then the latency of one role's first inbox page as a web request would fetch it
/// (a fresh scope, <c>TaskService.QueryAsync(new TaskQuery { Inbox = user, Max = 20 })</c>).
/// </summary>
/// <remarks>
/// Starting 100,000 instances through the engine would take too long, so the engine makes one real instance per
/// (role, claimed or not): it starts the SOP and drives it to that role's task. Their rows (instance, tokens, tasks,
/// timers, the inbox index, history) are read back as the store wrote them and cloned with new ids, a new business key
/// and applicant and all times shifted by up to 30 days. The clones go in batches of 2,000 instances, one transaction
/// each: by PostgreSQL binary COPY or prepared SQLite INSERTs with every column taken from the EF model
/// (<see cref="BulkWriter"/>; <c>--seed ef</c>: a fresh context per batch, AddRange, one SaveChanges). In memory they go
/// through the store's SaveAsync.
/// </remarks>
public sealed class InboxScenario(string xml, BenchOptions options)
{
    /// <summary>The SOP's staff roles, in the order its tasks reach them.</summary>
    public static readonly string[] Roles = ["fo-pendaftaran", "bo-analis", "kasi-perizinan", "kabid-perizinan", "kadis", "fo-pengambilan", "fo-pengaduan"];

    private const string InboxUserId = "clerk";
    private const int PageSize = 20;
    private const int BatchSize = 2_000;
    private const int WarmupQueriesPerUser = 5;
    private const double TargetP99Milliseconds = 10;

    /// <summary>One task in ten is claimed: by <see cref="InboxUserId"/> (one claimer in 20) or a colleague of the role.</summary>
    private const int ClaimedEvery = 10;

    private const int ClerksPerRole = 20;
    private const string TemplateClaimer = "template-claimer";

    private static readonly long NoDueDate = DateTimeOffset.MaxValue.UtcTicks;
    private static readonly TimeSpan Spread = TimeSpan.FromDays(30);

    private object? _emptyComments;

    // The happy path's tasks in the order they are completed to bring an instance to the task of Roles[r]; the
    // applicant's SKM is completed before Cetak SK, so that the fo-pengambilan instance has that one task open.
    private static readonly string[] Path = ["Task_VerifikasiKelengkapan", "Task_VerifikasiBerkas", "Task_ValidasiKasi", "Task_PersetujuanKabid", "Task_TandaTanganKadis", "Task_IsiSKM", "Task_CetakSK"];
    private static readonly int[] CompletionsBefore = [0, 1, 2, 3, 4, 6, 7];

    public async Task RunAsync()
    {
        Print($"");
        Print($"== inbox: {options.InboxTasks:N0} open tasks across {Roles.Length} roles, store {Program.StoreName(options.Store)}, {options.InboxQueries:N0} timed queries of {PageSize} tasks ==");

        var capture = new CommandCapture();
        await using var database = BenchDatabase.Create(options);
        await using var engine = await Engine.CreateAsync(database, services =>
        {
            Experiments.Apply(services, database, options.Experiments);
            database?.ConfigureContext(services, o => o.AddInterceptors(capture));
        });
        await engine.DeployAsync(xml);

        var clock = Stopwatch.StartNew();
        var templates = await MakeTemplatesAsync(engine);
        Print($"templates: {templates.Count} instances driven by the engine in {clock.Elapsed.TotalSeconds:N1} s; history rows each: {string.Join(", ", templates.Select(t => t.History.Count))}");

        clock.Restart();
        var seeded = engine.Database is null ? await SeedInMemoryAsync(engine, templates) : await SeedDatabaseAsync(engine, templates);
        var seconds = clock.Elapsed.TotalSeconds;
        Print($"seeded:    {(engine.Database is null ? "store.SaveAsync per instance" : options.Seed == "ef" ? "AddRange + SaveChanges per batch" : engine.Database.Store == StoreKind.PostgreSql ? "binary COPY per batch" : "prepared INSERTs, one transaction per batch")}: {seeded.Instances:N0} instances, {seeded.Rows:N0} rows ({seeded.History:N0} history) in {seconds:N1} s = {seeded.Rows / seconds:N0} rows/s, {seeded.Instances / seconds:N0} instances/s");

        if (engine.Database is { Store: StoreKind.PostgreSql })
        {
            clock.Restart();
            await ExecuteAsync(engine.Database, "ANALYZE");
            Print($"analyze:   {clock.Elapsed.TotalSeconds:N1} s (PostgreSQL's autovacuum would do it within a minute of the load)");
        }

        await VerifyCountsAsync(engine, seeded);

        var users = Roles.Select(r => new WorkflowUser(InboxUserId, r)).Append(new WorkflowUser(InboxUserId, "kasi-perizinan", "kabid-perizinan")).ToArray();
        foreach (var user in users)
        {
            await VerifyPageAsync(engine, user);
        }

        // The inbox page as a host asks for it (the store answers it from the indexes), and the same page through the
        // store's general query (any extra filter takes that path: here the definition key, which every task matches).
        static Task<IReadOnlyList<HumanTask>> Inbox(IServiceProvider services, WorkflowUser user) =>
            services.GetRequiredService<TaskService>().QueryAsync(new TaskQuery { Inbox = user, Max = PageSize });
        static Task<IReadOnlyList<HumanTask>> General(IServiceProvider services, WorkflowUser user) =>
            services.GetRequiredService<TaskService>().QueryAsync(new TaskQuery { Inbox = user, Max = PageSize, DefinitionKey = SopScenario.DefinitionKey });

        foreach (var user in users)
        {
            await using var scope = engine.Services.CreateAsyncScope();
            var page = await Inbox(scope.ServiceProvider, user);
            var general = await General(scope.ServiceProvider, user);
            if (!page.Select(t => t.Id).SequenceEqual(general.Select(t => t.Id)))
            {
                throw new InvalidOperationException($"The inbox page of {Describe(user)} differs from the general query's.");
            }
        }

        Print($"same page from the general query (Inbox + DefinitionKey) for all {users.Length} users: yes");
        if (engine.Database is not null)
        {
            await ExplainAsync(engine, capture, users[2], "inbox page (TaskService.QueryAsync, Inbox + Max)", Inbox);
            await ExplainAsync(engine, capture, users[^1], "inbox page (TaskService.QueryAsync, Inbox + Max)", Inbox);
            await ExplainAsync(engine, capture, users[2], "general query (Inbox + Max + DefinitionKey)", General);
        }

        var latencies = await TimeAsync(engine, users, "inbox   ", Inbox);
        var p99 = Percentile(latencies, 0.99);
        Print($"  target p99 under {TargetP99Milliseconds:N0} ms: {(p99 < TargetP99Milliseconds ? "met" : "NOT met")} (p99 {p99:N2} ms)");
        await TimeAsync(engine, users, "general ", General);

        await CheckThroughEngineAsync(engine, users[0]);
    }

    /// <summary>A seeded task completes through the engine, and its instance moves on: the clones are rows the engine can use.</summary>
    private static async Task CheckThroughEngineAsync(Engine engine, WorkflowUser user)
    {
        HumanTask task;
        await using (var scope = engine.Services.CreateAsyncScope())
        {
            var page = await scope.ServiceProvider.GetRequiredService<TaskService>().QueryAsync(new TaskQuery { AvailableTo = user, Max = 1 });
            task = page.Single();
        }

        await using (var scope = engine.Services.CreateAsyncScope())
        {
            var instance = await scope.ServiceProvider.GetRequiredService<RuntimeService>().GetAsync(task.InstanceId);
            var (officer, outcome) = SopScenario.Decide(task, new WorkflowUser(instance.StartedBy!));
            await scope.ServiceProvider.GetRequiredService<TaskService>().CompleteAsync(task.Id, officer, outcome);
        }

        await using (var scope = engine.Services.CreateAsyncScope())
        {
            var instance = await scope.ServiceProvider.GetRequiredService<RuntimeService>().GetAsync(task.InstanceId);
            var open = instance.Tasks.Where(t => t.IsOpen).Select(t => t.ElementId).ToList();
            var history = await scope.ServiceProvider.GetRequiredService<HistoryService>().GetAsync(task.InstanceId);
            Print($"");
            Print($"engine check: {task.ElementId} of {task.BusinessKey} (a seeded clone) completed through TaskService; the instance now waits at {string.Join(", ", open)}, history {history.Count} events: {(open.Count == 1 && open[0] != task.ElementId ? "ok" : "WRONG")}");
        }
    }

    // ---- templates: real instances made by the engine ----

    /// <summary>For each role, an instance waiting at its task, unclaimed and claimed; read back as the store wrote it.</summary>
    private async Task<List<Template>> MakeTemplatesAsync(Engine engine)
    {
        // In memory the templates are made on an engine of their own, so that the store under test holds only the clones.
        await using var scratch = engine.Database is null ? await Engine.CreateAsync(null) : null;
        var maker = scratch ?? engine;
        if (scratch is not null)
        {
            await scratch.DeployAsync(xml);
        }

        var templates = new List<Template>();
        for (var role = 0; role < Roles.Length; role++)
        {
            foreach (var claimed in new[] { false, true })
            {
                var index = 900_000 + (role * 2) + (claimed ? 1 : 0);
                var id = await DriveAsync(maker, index, role, claimed);
                templates.Add(await ReadAsync(maker, id, role, claimed));
            }
        }

        if (engine.Database is not null)
        {
            _emptyComments = await ReadEmptyCommentsAsync(engine.Database);
            await DeleteAsync(engine, templates.Select(t => t.Instance.Id).ToList());
        }

        return templates;
    }

    private static async Task<Guid> DriveAsync(Engine engine, int index, int role, bool claimed)
    {
        var request = SopScenario.Request(index);
        var applicant = new WorkflowUser(request.StartedBy!);
        Guid id;
        await using (var scope = engine.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<RuntimeService>().StartAsync(request)).Id;
        }

        for (var step = 0; step < CompletionsBefore[role]; step++)
        {
            await using var scope = engine.Services.CreateAsyncScope();
            var tasks = scope.ServiceProvider.GetRequiredService<TaskService>();
            var open = await tasks.QueryAsync(new TaskQuery { InstanceId = id });
            var task = open.FirstOrDefault(t => t.ElementId == Path[step])
                ?? throw new InvalidOperationException($"Template {request.BusinessKey}: {Path[step]} is not open ({string.Join(", ", open.Select(t => t.ElementId))}).");
            var (user, outcome) = SopScenario.Decide(task, applicant);
            await tasks.CompleteAsync(task.Id, user, outcome);
        }

        await using (var scope = engine.Services.CreateAsyncScope())
        {
            var tasks = scope.ServiceProvider.GetRequiredService<TaskService>();
            var open = await tasks.QueryAsync(new TaskQuery { InstanceId = id });
            if (open.Count != 1 || !open[0].CandidateGroups.Contains(Roles[role]))
            {
                throw new InvalidOperationException($"Template {request.BusinessKey} should wait at one task of {Roles[role]}, not at {string.Join(", ", open.Select(t => $"{t.ElementId} ({string.Join("/", t.CandidateGroups)})"))}.");
            }

            if (claimed)
            {
                await tasks.ClaimAsync(open[0].Id, new WorkflowUser(TemplateClaimer, Roles[role]));
            }
        }

        return id;
    }

    private static async Task<Template> ReadAsync(Engine engine, Guid id, int role, bool claimed)
    {
        await using var scope = engine.Services.CreateAsyncScope();
        if (engine.Database is null)
        {
            var instance = await scope.ServiceProvider.GetRequiredService<IInstanceStore>().LoadAsync(id) ?? throw new InvalidOperationException("Template lost.");
            var history = await scope.ServiceProvider.GetRequiredService<IHistoryStore>().GetAsync(id);
            return new Template(instance, [], [.. history], role, claimed);
        }

        var context = scope.ServiceProvider.GetRequiredService<SicantikDbContext>();
        var stored = await context.Set<ProcessInstance>().AsNoTracking()
            .Include(i => i.Tokens)
            .Include(i => i.Tasks)
            .Include(i => i.Timers)
            .Include(i => i.Subscriptions)
            .Include(i => i.Incidents)
            .AsSplitQuery()
            .SingleAsync(i => i.Id == id);
        var candidates = await context.Set<TaskCandidate>().AsNoTracking().Where(c => c.InstanceId == id).ToListAsync();
        var events = await context.Set<HistoryEvent>().AsNoTracking().Where(e => e.InstanceId == id).OrderBy(e => e.Sequence).ToListAsync();
        return new Template(stored, candidates, events, role, claimed);
    }

    /// <summary>What the store wrote to WorkflowTasks.Comments for tasks without comments (all the templates' tasks).</summary>
    private static async Task<object?> ReadEmptyCommentsAsync(BenchDatabase database)
    {
        await using var connection = database.OpenConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = database.Store == StoreKind.PostgreSql
            ? "SELECT DISTINCT \"Comments\"::text FROM \"WorkflowTasks\""
            : "SELECT DISTINCT \"Comments\" FROM \"WorkflowTasks\"";
        var values = new List<object?>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        }

        return values.Count == 1 ? values[0] : throw new InvalidOperationException($"The templates' tasks have {values.Count} different Comments values; seeding expects one.");
    }

    private static async Task DeleteAsync(Engine engine, List<Guid> ids)
    {
        await using var scope = engine.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<SicantikDbContext>();
        await context.Set<TaskCandidate>().Where(c => ids.Contains(c.InstanceId)).ExecuteDeleteAsync();
        await context.Set<HistoryEvent>().Where(e => ids.Contains(e.InstanceId)).ExecuteDeleteAsync();
        await context.Set<Token>().Where(t => ids.Contains(EF.Property<Guid>(t, "InstanceId"))).ExecuteDeleteAsync();
        await context.Set<HumanTask>().Where(t => ids.Contains(t.InstanceId)).ExecuteDeleteAsync();
        await context.Set<InstanceTimer>().Where(t => ids.Contains(t.InstanceId)).ExecuteDeleteAsync();
        await context.Set<MessageSubscription>().Where(s => ids.Contains(s.InstanceId)).ExecuteDeleteAsync();
        await context.Set<Incident>().Where(i => ids.Contains(i.InstanceId)).ExecuteDeleteAsync();
        await context.Set<ProcessInstance>().Where(i => ids.Contains(i.Id)).ExecuteDeleteAsync();
    }

    // ---- seeding: clones of the templates ----

    private static Template TemplateFor(List<Template> templates, int n, out string? claimer)
    {
        var role = n % Roles.Length;
        var claimed = n / Roles.Length % ClaimedEvery == 0;
        claimer = null;
        if (claimed)
        {
            var clerk = n / (Roles.Length * ClaimedEvery) % ClerksPerRole;
            claimer = clerk == 0 ? InboxUserId : string.Create(CultureInfo.InvariantCulture, $"{Roles[role]}-staf-{clerk}");
        }

        return templates[(role * 2) + (claimed ? 1 : 0)];
    }

    private async Task<Seeded> SeedDatabaseAsync(Engine engine, List<Template> templates) =>
        options.Seed == "ef" ? await SeedThroughContextAsync(engine, templates) : await SeedInBulkAsync(engine, templates);

    /// <summary>Batches of <see cref="BatchSize"/> instances, each one transaction of COPY (PostgreSQL) or prepared INSERTs (SQLite).</summary>
    private async Task<Seeded> SeedInBulkAsync(Engine engine, List<Template> templates)
    {
        BulkWriter writer;
        await using (var scope = engine.Services.CreateAsyncScope())
        {
            writer = new BulkWriter(engine.Database!, scope.ServiceProvider.GetRequiredService<SicantikDbContext>().Model, _emptyComments);
        }

        var seeded = new Seeded();
        var random = new Random(20261125);
        var reported = Stopwatch.StartNew();
        for (var start = 0; start < options.InboxTasks; start += BatchSize)
        {
            var instances = new List<ProcessInstance>(BatchSize);
            var candidates = new List<TaskCandidate>(BatchSize);
            var history = new List<HistoryEvent>(BatchSize * 16);
            for (var n = start; n < Math.Min(start + BatchSize, options.InboxTasks); n++)
            {
                var template = TemplateFor(templates, n, out var claimer);
                var clone = Clone(template, n, Shift(random), claimer);
                instances.Add(clone.Instance);
                candidates.AddRange(clone.Candidates);
                history.AddRange(clone.History);
                seeded.Add(clone);
            }

            await writer.WriteAsync(instances, candidates, history);
            if (reported.Elapsed > TimeSpan.FromSeconds(10))
            {
                Print($"  … {seeded.Instances:N0} instances, {seeded.Rows:N0} rows so far");
                reported.Restart();
            }
        }

        return seeded;
    }

    /// <summary>Batches of <see cref="BatchSize"/> instances, each a fresh context (no change detection) and one SaveChanges.</summary>
    private async Task<Seeded> SeedThroughContextAsync(Engine engine, List<Template> templates)
    {
        var seeded = new Seeded();
        var random = new Random(20261125);
        var reported = Stopwatch.StartNew();
        for (var start = 0; start < options.InboxTasks; start += BatchSize)
        {
            await using var scope = engine.Services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<SicantikDbContext>();
            context.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var n = start; n < Math.Min(start + BatchSize, options.InboxTasks); n++)
            {
                var template = TemplateFor(templates, n, out var claimer);
                var clone = Clone(template, n, Shift(random), claimer);
                context.Add(clone.Instance);
                context.AddRange(clone.Candidates);
                context.AddRange(clone.History);
                seeded.Add(clone);
            }

            await context.SaveChangesAsync();
            if (reported.Elapsed > TimeSpan.FromSeconds(10))
            {
                Print($"  … {seeded.Instances:N0} instances, {seeded.Rows:N0} rows so far");
                reported.Restart();
            }
        }

        return seeded;
    }

    private async Task<Seeded> SeedInMemoryAsync(Engine engine, List<Template> templates)
    {
        var seeded = new Seeded();
        var random = new Random(20261125);
        var store = engine.Services.GetRequiredService<IInstanceStore>();
        for (var n = 0; n < options.InboxTasks; n++)
        {
            var template = TemplateFor(templates, n, out var claimer);
            var clone = Clone(template, n, Shift(random), claimer);
            clone.Instance.Revision = 0;
            clone.Instance.PendingHistory.AddRange(clone.History);
            seeded.Add(clone);
            await store.SaveAsync(clone.Instance);
        }

        return seeded;
    }

    private static TimeSpan Shift(Random random) => -TimeSpan.FromTicks((long)(random.NextDouble() * Spread.Ticks));

    /// <summary>The template's rows with new ids, business key <c>APP-{n}</c>, applicant <c>pemohon-{n}</c>, all times shifted.</summary>
    private static Copy Clone(Template template, int n, TimeSpan shift, string? claimer)
    {
        var source = template.Instance;
        var ids = new Dictionary<Guid, Guid>();
        Guid Id(Guid id)
        {
            if (!ids.TryGetValue(id, out var mapped))
            {
                mapped = Guid.CreateVersion7();
                ids[id] = mapped;
            }

            return mapped;
        }

        Guid? IdOrNull(Guid? id) => id is { } value ? Id(value) : null;
        DateTimeOffset? At(DateTimeOffset? at) => at + shift;

        var request = SopScenario.Request(n);
        var key = request.BusinessKey!;
        var applicant = request.StartedBy!;
        string? User(string? user) => user == template.Applicant ? applicant : user == TemplateClaimer ? claimer : user;
        string? Text(string? text) => text?.Replace(template.BusinessKey, key, StringComparison.Ordinal);

        var instance = source.Clone();
        instance.Id = Id(source.Id);
        instance.Revision = source.Revision;
        instance.BusinessKey = key;
        instance.StartedBy = applicant;
        instance.StartedAt += shift;
        instance.EndedAt = At(instance.EndedAt);

        // The application's own variables, then what the handlers set (their numbers carry the business key).
        var variables = VariableValues.NormalizeAll(request.Variables);
        foreach (var (name, value) in source.Variables)
        {
            if (!variables.ContainsKey(name))
            {
                variables[name] = value switch
                {
                    string text => Text(text),
                    DateTimeOffset at => at + shift,
                    _ => value,
                };
            }
        }

        instance.Variables = variables;
        foreach (var token in instance.Tokens)
        {
            token.Id = Id(token.Id);
            token.ParentTokenId = IdOrNull(token.ParentTokenId);
            token.TaskId = IdOrNull(token.TaskId);
            token.EscalatedTaskId = IdOrNull(token.EscalatedTaskId);
            token.ArrivedAt += shift;
        }

        foreach (var task in instance.Tasks)
        {
            task.Id = Id(task.Id);
            task.InstanceId = instance.Id;
            task.TokenId = Id(task.TokenId);
            task.BusinessKey = key;
            task.Assignee = User(task.Assignee);
            task.Owner = User(task.Owner);
            task.CompletedBy = User(task.CompletedBy);
            task.CandidateUsers = task.CandidateUsers.ConvertAll(u => User(u)!);
            task.CreatedAt += shift;
            task.DueAt = At(task.DueAt);
            task.FollowUpAt = At(task.FollowUpAt);
            task.ClaimedAt = At(task.ClaimedAt);
            task.CompletedAt = At(task.CompletedAt);
            task.EscalatedAt = At(task.EscalatedAt);
        }

        foreach (var timer in instance.Timers)
        {
            timer.Id = Id(timer.Id);
            timer.InstanceId = instance.Id;
            timer.TokenId = Id(timer.TokenId);
            timer.DueAt += shift;
            timer.CreatedAt += shift;
        }

        foreach (var subscription in instance.Subscriptions)
        {
            subscription.Id = Id(subscription.Id);
            subscription.InstanceId = instance.Id;
            subscription.TokenId = Id(subscription.TokenId);
            subscription.BusinessKey = key;
            subscription.CreatedAt += shift;
        }

        foreach (var incident in instance.Incidents)
        {
            incident.Id = Id(incident.Id);
            incident.InstanceId = instance.Id;
            incident.TokenId = Id(incident.TokenId);
            incident.CreatedAt += shift;
            incident.ResolvedAt = At(incident.ResolvedAt);
        }

        var candidates = template.Candidates.ConvertAll(c => new TaskCandidate
        {
            TaskId = Id(c.TaskId),
            InstanceId = instance.Id,
            Candidate = c.Candidate,
            DueOrder = c.DueOrder == NoDueDate ? NoDueDate : c.DueOrder + shift.Ticks,
        });
        var history = template.History.ConvertAll(e => e with
        {
            Sequence = 0,
            InstanceId = instance.Id,
            TaskId = IdOrNull(e.TaskId),
            At = e.At + shift,
            UserId = User(e.UserId),
            Detail = Text(e.Detail),
        });
        return new Copy(instance, candidates, history);
    }

    // ---- checks ----

    private async Task VerifyCountsAsync(Engine engine, Seeded seeded)
    {
        long open, history, candidates = 0, instances;
        await using (var scope = engine.Services.CreateAsyncScope())
        {
            if (engine.Database is null)
            {
                open = (await scope.ServiceProvider.GetRequiredService<TaskService>().QueryAsync(new TaskQuery { Max = int.MaxValue })).Count;
                history = seeded.History;
                instances = (await scope.ServiceProvider.GetRequiredService<RuntimeService>().QueryAsync(new InstanceQuery { Max = int.MaxValue })).Count;
            }
            else
            {
                var context = scope.ServiceProvider.GetRequiredService<SicantikDbContext>();
                open = await context.Set<HumanTask>().LongCountAsync(t => t.State == HumanTaskState.Open);
                history = await context.Set<HistoryEvent>().LongCountAsync();
                candidates = await context.Set<TaskCandidate>().LongCountAsync();
                instances = await context.Set<ProcessInstance>().LongCountAsync();
            }
        }

        var unclaimed = seeded.Candidates;
        var ok = open == options.InboxTasks && instances == options.InboxTasks && history >= 10L * options.InboxTasks && (engine.Database is null || candidates == unclaimed);
        Print($"counts:    {instances:N0} instances, {open:N0} open tasks (want {options.InboxTasks:N0}), {history:N0} history rows (want ≥ {10L * options.InboxTasks:N0}){(engine.Database is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", {candidates:N0} inbox index rows (want {unclaimed:N0})"))}: {(ok ? "ok" : "WRONG")}");
        if (!ok)
        {
            throw new InvalidOperationException("The seeded counts are not what was meant.");
        }
    }

    /// <summary>A page has <see cref="PageSize"/> open tasks, each the user's or available to one of their roles, in due order.</summary>
    private static async Task VerifyPageAsync(Engine engine, WorkflowUser user)
    {
        await using var scope = engine.Services.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<TaskService>().QueryAsync(new TaskQuery { Inbox = user, Max = PageSize });
        if (page.Count != PageSize)
        {
            throw new InvalidOperationException($"The inbox of {Describe(user)} has {page.Count} tasks, not {PageSize}.");
        }

        foreach (var task in page)
        {
            var mine = task.Assignee == user.Id;
            var available = task.Assignee is null && task.CandidateGroups.Exists(user.Groups.Contains);
            if (task.State != HumanTaskState.Open || !(mine || available))
            {
                throw new InvalidOperationException($"The inbox of {Describe(user)} has task {task.ElementId} ({string.Join("/", task.CandidateGroups)}, assignee {task.Assignee ?? "none"}, {task.State}).");
            }
        }

        for (var i = 1; i < page.Count; i++)
        {
            if ((page[i - 1].DueAt ?? DateTimeOffset.MaxValue) > (page[i].DueAt ?? DateTimeOffset.MaxValue))
            {
                throw new InvalidOperationException($"The inbox of {Describe(user)} is not in due order at {i}.");
            }
        }

        Print($"page ok:   {Describe(user),-40} {page.Count} open tasks ({page.Count(t => t.Assignee == user.Id)} claimed by {user.Id}), due {page[0].DueAt:yyyy-MM-dd HH:mm} … {page[^1].DueAt:yyyy-MM-dd HH:mm}, elements {string.Join(",", page.Select(t => t.ElementId.Replace("Task_", string.Empty, StringComparison.Ordinal)).Distinct())}");
    }

    // ---- timing ----

    private async Task<double[]> TimeAsync(Engine engine, WorkflowUser[] users, string label, Func<IServiceProvider, WorkflowUser, Task<IReadOnlyList<HumanTask>>> query)
    {
        async Task<double> OnceAsync(WorkflowUser user)
        {
            var started = Stopwatch.GetTimestamp();
            await using (var scope = engine.Services.CreateAsyncScope())
            {
                var page = await query(scope.ServiceProvider, user);
                if (page.Count != PageSize)
                {
                    throw new InvalidOperationException($"The inbox of {Describe(user)} has {page.Count} tasks, not {PageSize}.");
                }
            }

            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        for (var i = 0; i < WarmupQueriesPerUser * users.Length; i++)
        {
            await OnceAsync(users[i % users.Length]);
        }

        // At most --queries, and no more than the time budget allows (a slow query would otherwise take many minutes).
        var measured = new List<double>(options.InboxQueries);
        var byUser = users.Select(_ => new List<double>()).ToArray();
        var budget = Stopwatch.StartNew();
        for (var i = 0; i < options.InboxQueries; i++)
        {
            if (budget.Elapsed > options.QueryBudget && i >= 10 * users.Length && i % users.Length == 0)
            {
                Print($"{label} time budget of {options.QueryBudget.TotalSeconds:N0} s spent after {i} queries (--query-seconds)");
                break;
            }

            var milliseconds = await OnceAsync(users[i % users.Length]);
            measured.Add(milliseconds);
            byUser[i % users.Length].Add(milliseconds);
        }

        var all = measured.ToArray();

        for (var u = 0; u < users.Length; u++)
        {
            var times = byUser[u].ToArray();
            Print($"{label} {Describe(users[u]),-40} n={times.Length,4}  median {Percentile(times, 0.5),7:N2} ms  p95 {Percentile(times, 0.95),7:N2} ms  max {times.Max(),7:N2} ms");
        }

        Print($"{label} {"all users",-40} n={all.Length,4}  median {Percentile(all, 0.5),7:N2} ms  p95 {Percentile(all, 0.95),7:N2} ms  p99 {Percentile(all, 0.99),7:N2} ms  max {all.Max(),7:N2} ms  (fresh scope per query)");
        return all;
    }

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    // ---- query plans ----

    private static async Task ExplainAsync(Engine engine, CommandCapture capture, WorkflowUser user, string what, Func<IServiceProvider, WorkflowUser, Task<IReadOnlyList<HumanTask>>> query)
    {
        capture.Arm();
        await using (var scope = engine.Services.CreateAsyncScope())
        {
            await query(scope.ServiceProvider, user);
        }

        var commands = capture.Take();
        if (commands.Count == 0)
        {
            throw new InvalidOperationException("The inbox query's commands were not captured.");
        }

        for (var i = 0; i < commands.Count; i++)
        {
            await ExplainAsync(engine.Database!, commands[i], $"{what}, {Describe(user)}{(commands.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $", statement {i + 1} of {commands.Count}") : string.Empty)}");
        }
    }

    private static async Task ExplainAsync(BenchDatabase database, CapturedCommand command, string title)
    {
        Print($"");
        Print($"-- {title}: the SQL EF Core sent --");
        Print($"{command.Text}");
        Print($"-- parameters: {string.Join(", ", command.Parameters.Select(p => $"{p.ParameterName}={Show(p.Value)}"))}");
        await using var connection = database.OpenConnection();
        await connection.OpenAsync();
        if (database.Store == StoreKind.Sqlite)
        {
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + command.Text;
            explain.Parameters.AddRange(command.Copy(explain));
            var depth = new Dictionary<long, int> { [0] = 0 };
            var lines = new List<string>();
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var id = reader.GetInt64(0);
                var parent = reader.GetInt64(1);
                var level = depth.GetValueOrDefault(parent) + 1;
                depth[id] = level;
                lines.Add(new string(' ', level * 2) + reader.GetString(3));
            }

            Print($"-- EXPLAIN QUERY PLAN --");
            foreach (var line in lines)
            {
                Print($"{line}");
            }
        }
        else
        {
            // Twice: the first run warms the caches; the second is what a busy office sees.
            List<string> lines = [];
            for (var run = 0; run < 2; run++)
            {
                lines.Clear();
                await using var explain = connection.CreateCommand();
                explain.CommandText = "EXPLAIN (ANALYZE, BUFFERS) " + command.Text;
                explain.Parameters.AddRange(command.Copy(explain));
                await using var reader = await explain.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    lines.Add(reader.GetString(0));
                }
            }

            Print($"-- EXPLAIN (ANALYZE, BUFFERS), second run --");
            foreach (var line in lines)
            {
                Print($"{line}");
            }
        }
    }

    private static string Show(object? value) => value switch
    {
        null or DBNull => "null",
        string text => $"'{text}'",
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Show)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static async Task ExecuteAsync(BenchDatabase database, string sql)
    {
        await using var connection = database.OpenConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    private static string Describe(WorkflowUser user) => $"{user.Id} ({string.Join(" + ", user.Groups)})";

    private static void Print(FormattableString text) => Console.WriteLine(text.ToString(CultureInfo.InvariantCulture));

    /// <summary>A real instance, as its store keeps it.</summary>
    private sealed class Template(ProcessInstance instance, List<TaskCandidate> candidates, List<HistoryEvent> history, int role, bool claimed)
    {
        public ProcessInstance Instance { get; } = instance;

        public List<TaskCandidate> Candidates { get; } = candidates;

        public List<HistoryEvent> History { get; } = history;

        public int Role { get; } = role;

        public bool Claimed { get; } = claimed;

        public string BusinessKey => Instance.BusinessKey!;

        public string Applicant => Instance.StartedBy!;
    }

    private sealed record Copy(ProcessInstance Instance, List<TaskCandidate> Candidates, List<HistoryEvent> History);

    private sealed class Seeded
    {
        public long Instances { get; private set; }

        public long Rows { get; private set; }

        public long History { get; private set; }

        public long Candidates { get; private set; }

        public void Add(Copy clone)
        {
            var instance = clone.Instance;
            Instances++;
            History += clone.History.Count;
            Candidates += clone.Candidates.Count;
            Rows += 1 + instance.Tokens.Count + instance.Tasks.Count + instance.Timers.Count + instance.Subscriptions.Count + instance.Incidents.Count + clone.Candidates.Count + clone.History.Count;
        }
    }
}
