using System.Globalization;
using System.Resources;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Expressions;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Resources;
using Sicantik.Workflows.Stores;
using Sicantik.Workflows.Timers;

namespace Sicantik.Workflows.Runtime;

/// <summary>What migrating the running instances of one version to another would do.</summary>
/// <param name="Key">The process key.</param>
/// <param name="FromVersion">The version the instances run on.</param>
/// <param name="ToVersion">The version they would move to.</param>
/// <param name="Mapping">
/// Source element id to target element id: every element that has an element with the same id and kind in the target
/// version, overridden and extended by the explicit mapping (which may also map sequence flows).
/// </param>
/// <param name="Problems">Why the migration would be refused; empty when it can go ahead.</param>
/// <param name="InstanceCount">How many running (or faulted) instances are on <paramref name="FromVersion"/>.</param>
/// <param name="WaitingCounts">
/// For each source element where a token, task, timer or subscription of those instances is, how many instances are there.
/// </param>
public sealed record MigrationPlan(
    string Key,
    int FromVersion,
    int ToVersion,
    IReadOnlyDictionary<string, string> Mapping,
    IReadOnlyList<MigrationProblem> Problems,
    int InstanceCount,
    IReadOnlyDictionary<string, int> WaitingCounts)
{
    /// <summary>Whether <see cref="InstanceMigrationService.MigrateAsync"/> would go ahead.</summary>
    public bool CanMigrate => Problems.Count == 0;
}

/// <summary>One reason a migration is refused.</summary>
/// <param name="ElementId">The source element (or mapping entry) concerned.</param>
/// <param name="ElementType">The source element's BPMN type (<c>userTask</c>...), when it is known.</param>
/// <param name="Message">What is wrong and what to do, for a person (Bahasa Indonesia by default).</param>
public sealed record MigrationProblem(string ElementId, string? ElementType, string Message);

/// <summary>What a migration did.</summary>
/// <param name="Migrated">How many instances moved.</param>
/// <param name="InstanceIds">The instances that moved.</param>
public sealed record MigrationResult(int Migrated, IReadOnlyList<Guid> InstanceIds);

/// <summary>
/// Moves running instances from one version of a process to another, with an explicit element mapping where ids
/// changed. Where an instance waits (its tokens, tasks, timers and subscriptions) each element must have a counterpart
/// of the same kind; otherwise nothing is moved and every problem is reported.
/// </summary>
/// <remarks>
/// The target version may be in any state (draft, published or retired): moving instances is independent of where new
/// instances start. Migration changes data only; it runs nothing. A migrated instance continues on the target version
/// at its next command (a task completion, a timer, a message).
/// </remarks>
public sealed class InstanceMigrationService(
    InstanceCommands commands,
    IInstanceStore instances,
    DefinitionService definitions,
    IExpressionEvaluator expressions,
    IEnumerable<IBusinessCalendar> calendars,
    TimeProvider time)
{
    private static readonly ResourceManager Texts = new("Sicantik.Workflows.Resources.MigrationMessages", typeof(InstanceMigrationService).Assembly);

    private readonly Dictionary<string, IBusinessCalendar> _calendars = calendars.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>
    /// Proposes a mapping and checks it against where the running instances of <paramref name="fromVersion"/> wait.
    /// Changes nothing.
    /// </summary>
    /// <param name="key">The process key.</param>
    /// <param name="fromVersion">The version the instances run on.</param>
    /// <param name="toVersion">The version to move them to.</param>
    /// <param name="mapping">Source id to target id, for elements (or sequence flows) whose id changed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="WorkflowException">
    /// A version is unknown (<see cref="WorkflowError.DefinitionNotFound"/>), or both are the same
    /// (<see cref="WorkflowError.MigrationRefused"/>).
    /// </exception>
    public async Task<MigrationPlan> PlanAsync(string key, int fromVersion, int toVersion, IReadOnlyDictionary<string, string>? mapping = null, CancellationToken cancellationToken = default) =>
        (await AnalyzeAsync(key, fromVersion, toVersion, mapping, cancellationToken)).Plan;

    /// <summary>
    /// Moves every running instance of <paramref name="fromVersion"/> to <paramref name="toVersion"/>, each in its own
    /// unit of work: token, task, timer, subscription and incident element ids are rewritten through the mapping, boundary
    /// timers follow the target activity's boundary events, and <see cref="HistoryEventType.InstanceMigrated"/> is recorded.
    /// </summary>
    /// <param name="key">The process key.</param>
    /// <param name="fromVersion">The version the instances run on.</param>
    /// <param name="toVersion">The version to move them to.</param>
    /// <param name="mapping">Source id to target id, for elements (or sequence flows) whose id changed.</param>
    /// <param name="userId">Who migrates, for the history.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="WorkflowException">
    /// The plan has problems (<see cref="WorkflowError.MigrationRefused"/>, listing each; nothing is changed), a version
    /// is unknown (<see cref="WorkflowError.DefinitionNotFound"/>), or both are the same. When an instance changes between
    /// planning and its move so that it can no longer move, the instances already moved stay moved and the refusal says so.
    /// </exception>
    public async Task<MigrationResult> MigrateAsync(string key, int fromVersion, int toVersion, IReadOnlyDictionary<string, string>? mapping, string? userId, CancellationToken cancellationToken = default)
    {
        var analysis = await AnalyzeAsync(key, fromVersion, toVersion, mapping, cancellationToken);
        if (!analysis.Plan.CanMigrate)
        {
            throw Refused(analysis.Plan);
        }

        var migrated = new List<Guid>(analysis.InstanceIds.Count);
        var detail = string.Create(CultureInfo.InvariantCulture, $"v{fromVersion} -> v{toVersion}");
        foreach (var instanceId in analysis.InstanceIds)
        {
            var moved = await commands.ExecuteAsync(
                instanceId,
                runner =>
                {
                    var instance = runner.Instance;
                    if (instance.IsEnded || instance.DefinitionKey != analysis.Key || instance.DefinitionVersion != fromVersion)
                    {
                        // Ended or moved meanwhile: nothing to do, nothing saved.
                        return ValueTask.FromResult(false);
                    }

                    var issues = analysis.Apply(instance, runner.Now);
                    if (issues.Count > 0)
                    {
                        var problems = analysis.Describe(issues.Select(i => (i, 1)));
                        throw new WorkflowException(
                            WorkflowError.MigrationRefused,
                            Text("InstanceChanged", instance.Id, string.Join(" ", problems.Select(p => p.Message)), migrated.Count));
                    }

                    // What runs after the command (a join the target version considers complete) runs on the target model.
                    runner.UseModel(analysis.Target);
                    runner.Record(HistoryEventType.InstanceMigrated, null, userId: userId, detail: detail);
                    return ValueTask.FromResult(true);
                },
                cancellationToken);
            if (moved)
            {
                migrated.Add(instanceId);
            }
        }

        return new MigrationResult(migrated.Count, migrated);
    }

    private static string Text(string key, params object?[] args) => LocalizedText.Format(Texts, key, args);

    private static WorkflowException Refused(MigrationPlan plan) => new(
        WorkflowError.MigrationRefused,
        Text("Refused", plan.Key, plan.FromVersion, plan.ToVersion)
            + string.Concat(plan.Problems.Select(p => Environment.NewLine + "- " + p.Message)));

    private async Task<Analysis> AnalyzeAsync(string key, int fromVersion, int toVersion, IReadOnlyDictionary<string, string>? mapping, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (fromVersion == toVersion)
        {
            throw new WorkflowException(WorkflowError.MigrationRefused, Text("SameVersion", key, fromVersion));
        }

        var source = await definitions.GetModelAsync(key, fromVersion, cancellationToken);
        var target = await definitions.GetModelAsync(key, toVersion, cancellationToken);
        var analysis = new Analysis(key, fromVersion, toVersion, source, target, mapping, this);

        var running = new List<ProcessInstance>();
        foreach (var state in (InstanceState[])[InstanceState.Running, InstanceState.Faulted])
        {
            var query = new InstanceQuery { DefinitionKey = key, DefinitionVersion = fromVersion, State = state, Max = int.MaxValue };
            running.AddRange(await instances.QueryInstancesAsync(query, cancellationToken));
        }

        running = [.. running.OrderBy(i => i.StartedAt)];

        // The store's instances are copies: the plan tries the move on them to find what would go wrong.
        var waiting = new Dictionary<string, HashSet<Guid>>(StringComparer.Ordinal);
        var tokenElements = new HashSet<string>(StringComparer.Ordinal);
        var issues = new Dictionary<Issue, HashSet<Guid>>();
        var now = time.GetUtcNow();
        foreach (var instance in running)
        {
            tokenElements.UnionWith(instance.Tokens.Select(t => t.ElementId));
            foreach (var elementId in instance.Tokens.Select(t => t.ElementId).Concat(instance.Timers.Where(t => t.Purpose == TimerPurpose.Boundary).Select(t => t.ElementId)))
            {
                Add(waiting, elementId, instance.Id);
            }

            foreach (var issue in analysis.Apply(instance, now))
            {
                Add(issues, issue, instance.Id);
            }
        }

        var problems = analysis.Describe(issues.Select(p => (p.Key, p.Value.Count))).ToList();
        problems.AddRange(analysis.CheckMapping(tokenElements));
        var plan = new MigrationPlan(
            key,
            fromVersion,
            toVersion,
            analysis.Mapping,
            problems,
            running.Count,
            new SortedDictionary<string, int>(waiting.ToDictionary(w => w.Key, w => w.Value.Count, StringComparer.Ordinal), StringComparer.Ordinal));
        analysis.Plan = plan;
        analysis.InstanceIds = [.. running.Select(i => i.Id)];
        return analysis;
    }

    private static void Add<TKey>(Dictionary<TKey, HashSet<Guid>> sets, TKey key, Guid instanceId)
        where TKey : notnull
    {
        if (!sets.TryGetValue(key, out var set))
        {
            set = [];
            sets[key] = set;
        }

        set.Add(instanceId);
    }

    private IBusinessCalendar Calendar(string name) =>
        _calendars.TryGetValue(name, out var calendar) ? calendar : _calendars[CalendarNames.WallClock];

    /// <summary>
    /// Why one element of one instance cannot move; instances with the same issue are counted together.
    /// <paramref name="Key"/> names the resource; the message's arguments are the element id, its name, the number of
    /// instances, the target version, <paramref name="TargetId"/>, <paramref name="Extra1"/> and <paramref name="Extra2"/>.
    /// </summary>
    private sealed record Issue(string ElementId, string Key, string? TargetId = null, string? Extra1 = null, string? Extra2 = null);

    /// <summary>One migration's versions and mapping, and how it moves one instance.</summary>
    private sealed class Analysis
    {
        private readonly ProcessModel _source;
        private readonly ProcessModel _target;

        public ProcessModel Target => _target;
        private readonly Dictionary<string, string> _explicit;
        private readonly InstanceMigrationService _service;

        public Analysis(string key, int fromVersion, int toVersion, ProcessModel source, ProcessModel target, IReadOnlyDictionary<string, string>? mapping, InstanceMigrationService service)
        {
            Key = key;
            FromVersion = fromVersion;
            ToVersion = toVersion;
            _source = source;
            _target = target;
            _service = service;
            _explicit = mapping?.ToDictionary(m => m.Key, m => m.Value ?? string.Empty, StringComparer.Ordinal) ?? new Dictionary<string, string>(StringComparer.Ordinal);

            var proposed = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var node in source.Nodes.Values)
            {
                if (target.Nodes.TryGetValue(node.Id, out var same) && same.Kind == node.Kind)
                {
                    proposed[node.Id] = node.Id;
                }
            }

            foreach (var (from, to) in _explicit)
            {
                proposed[from] = to;
            }

            Mapping = proposed;
        }

        public string Key { get; }

        public int FromVersion { get; }

        public int ToVersion { get; }

        public IReadOnlyDictionary<string, string> Mapping { get; }

        public MigrationPlan Plan { get; set; } = null!;

        public IReadOnlyList<Guid> InstanceIds { get; set; } = [];

        /// <summary>
        /// Moves <paramref name="instance"/> to the target version in place and returns what prevents it; when something
        /// does, the instance is left half-moved and must be discarded (a plan's copy, or a command that then throws).
        /// </summary>
        public List<Issue> Apply(ProcessInstance instance, DateTimeOffset now)
        {
            var issues = new List<Issue>();
            var targets = new Dictionary<Guid, FlowNode>();
            foreach (var token in instance.Tokens)
            {
                if (Resolve(token, issues) is { } target)
                {
                    targets[token.Id] = target;
                }
            }

            CheckScopes(instance, targets, issues);
            var arrivals = ResolveArrivals(instance, targets, issues);
            if (issues.Count > 0)
            {
                return issues;
            }

            var sourceIds = instance.Tokens.ToDictionary(t => t.Id, t => t.ElementId);
            foreach (var token in instance.Tokens)
            {
                Move(instance, token, targets[token.Id], arrivals.GetValueOrDefault(token.Id), now, issues);
            }

            // Nothing waits on these any more; firing them would only remove them.
            instance.Timers.RemoveAll(t => !targets.ContainsKey(t.TokenId));
            instance.Subscriptions.RemoveAll(s => !targets.ContainsKey(s.TokenId));
            instance.DefinitionVersion = ToVersion;

            return issues;
        }

        /// <summary>The problems' messages, with the number of instances each concerns.</summary>
        public IEnumerable<MigrationProblem> Describe(IEnumerable<(Issue Issue, int Count)> issues) =>
            issues
                .OrderBy(i => i.Issue.ElementId, StringComparer.Ordinal)
                .ThenBy(i => i.Issue.Key, StringComparer.Ordinal)
                .Select(i =>
                {
                    var node = _source.Nodes.GetValueOrDefault(i.Issue.ElementId);
                    var message = Text(i.Issue.Key, i.Issue.ElementId, node?.DisplayName ?? i.Issue.ElementId, i.Count, ToVersion, i.Issue.TargetId, i.Issue.Extra1, i.Issue.Extra2);
                    return new MigrationProblem(i.Issue.ElementId, node?.ElementType, message);
                });

        /// <summary>
        /// Explicit entries for elements no token is at (those are checked per instance): each must name a source element or
        /// flow and a target of the same kind.
        /// </summary>
        public IEnumerable<MigrationProblem> CheckMapping(HashSet<string> tokenElements)
        {
            foreach (var (from, to) in _explicit.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                if (tokenElements.Contains(from))
                {
                    continue;
                }

                if (_source.Nodes.TryGetValue(from, out var node))
                {
                    if (!_target.Nodes.TryGetValue(to, out var target))
                    {
                        yield return new MigrationProblem(from, node.ElementType, Text("MappingTargetUnknown", from, to, FromVersion, ToVersion));
                    }
                    else if (target.Kind != node.Kind)
                    {
                        yield return new MigrationProblem(from, node.ElementType, Text("MappingKindMismatch", from, to, FromVersion, ToVersion, node.Kind, target.Kind));
                    }
                }
                else if (_source.Flows.ContainsKey(from))
                {
                    if (!_target.Flows.ContainsKey(to))
                    {
                        yield return new MigrationProblem(from, "sequenceFlow", Text("MappingTargetUnknown", from, to, FromVersion, ToVersion));
                    }
                }
                else
                {
                    yield return new MigrationProblem(from, null, Text("MappingSourceUnknown", from, to, FromVersion, ToVersion));
                }
            }
        }

        /// <summary>The target element an element maps to: the explicit entry, else the element with the same id.</summary>
        private string? TargetId(string sourceId) =>
            _explicit.TryGetValue(sourceId, out var mapped) ? mapped : _target.Nodes.ContainsKey(sourceId) ? sourceId : null;

        /// <summary>The target flow a sequence flow maps to: the explicit entry, else the flow with the same id.</summary>
        private string? TargetFlowId(string sourceId) =>
            _explicit.TryGetValue(sourceId, out var mapped) ? mapped : _target.Flows.ContainsKey(sourceId) ? sourceId : null;

        /// <summary>The token's target element, or <c>null</c> with the reason added to <paramref name="issues"/>.</summary>
        private FlowNode? Resolve(Token token, List<Issue> issues)
        {
            var elementId = token.ElementId;
            if (!_source.Nodes.TryGetValue(elementId, out var source))
            {
                issues.Add(new Issue(elementId, "ElementUnknown"));
                return null;
            }

            if (token.State == TokenState.Ready)
            {
                // Only a command in progress has a ready token; the runner after this one would run it on the old model.
                issues.Add(new Issue(elementId, "ElementBusy"));
                return null;
            }

            var targetId = TargetId(elementId);
            if (targetId is null)
            {
                issues.Add(new Issue(elementId, "NoTarget"));
                return null;
            }

            if (!_target.Nodes.TryGetValue(targetId, out var target))
            {
                issues.Add(new Issue(elementId, "TargetMissing", targetId));
                return null;
            }

            if (target.Kind != source.Kind)
            {
                issues.Add(new Issue(elementId, "KindMismatch", targetId, source.Kind.ToString(), target.Kind.ToString()));
                return null;
            }

            if (token.State == TokenState.Waiting && token.Wait == WaitKind.Message
                && source is MessageWait sourceWait && target is MessageWait targetWait
                && !string.Equals(sourceWait.MessageName, targetWait.MessageName, StringComparison.Ordinal))
            {
                issues.Add(new Issue(elementId, "MessageMismatch", targetId, sourceWait.MessageName, targetWait.MessageName));
                return null;
            }

            return target;
        }

        /// <summary>A token must land in the scope its parent lands in: the process, or the parent's sub-process.</summary>
        private static void CheckScopes(ProcessInstance instance, Dictionary<Guid, FlowNode> targets, List<Issue> issues)
        {
            foreach (var token in instance.Tokens)
            {
                if (!targets.TryGetValue(token.Id, out var target))
                {
                    continue;
                }

                string? scope = null;
                if (token.ParentTokenId is { } parentId)
                {
                    if (!targets.TryGetValue(parentId, out var parent))
                    {
                        // The parent's own problem is reported (or the parent is missing, which no command leaves behind).
                        continue;
                    }

                    scope = parent.Id;
                }

                if (!string.Equals(target.ScopeId, scope, StringComparison.Ordinal))
                {
                    issues.Add(new Issue(token.ElementId, "ScopeMismatch", target.Id, scope ?? Text("ScopeProcess")));
                }
            }
        }

        /// <summary>
        /// The flow each token arrived by, in the target. A parallel join counts arrivals per incoming flow, so a token
        /// waiting there needs its flow's counterpart; elsewhere the flow is informational and dropped when it has none.
        /// </summary>
        private Dictionary<Guid, string?> ResolveArrivals(ProcessInstance instance, Dictionary<Guid, FlowNode> targets, List<Issue> issues)
        {
            var arrivals = new Dictionary<Guid, string?>();
            foreach (var token in instance.Tokens)
            {
                if (!targets.TryGetValue(token.Id, out var target))
                {
                    continue;
                }

                var flowId = token.ArrivedVia is null ? null : TargetFlowId(token.ArrivedVia);
                var flow = flowId is null ? null : _target.Flows.GetValueOrDefault(flowId);
                var parallelJoin = token.State == TokenState.Waiting && token.Wait == WaitKind.Join && target.Kind == FlowNodeKind.ParallelGateway;
                if (parallelJoin && (flow is null || !string.Equals(flow.TargetId, target.Id, StringComparison.Ordinal)))
                {
                    issues.Add(new Issue(token.ElementId, "JoinArrival", target.Id, token.ArrivedVia ?? "-"));
                    continue;
                }

                arrivals[token.Id] = flow?.Id;
            }

            return arrivals;
        }

        private void Move(ProcessInstance instance, Token token, FlowNode target, string? arrivedVia, DateTimeOffset now, List<Issue> issues)
        {
            var source = _source.Node(token.ElementId);
            token.ElementId = target.Id;
            token.ArrivedVia = arrivedVia;

            foreach (var subscription in instance.Subscriptions.Where(s => s.TokenId == token.Id))
            {
                subscription.ElementId = target.Id;
            }

            foreach (var incident in instance.Incidents.Where(i => i.IsOpen && i.TokenId == token.Id))
            {
                incident.ElementId = target.Id;
            }

            // Intermediate and retry timers sit at the token's element; boundary timers at their boundary event.
            foreach (var timer in instance.Timers.Where(t => t.TokenId == token.Id && t.Purpose != TimerPurpose.Boundary))
            {
                timer.ElementId = target.Id;
            }

            var boundaryChanged = token.State == TokenState.Waiting && MoveBoundaryTimers(instance, token, source, target, now, issues);

            if (token.TaskId is { } taskId && instance.Tasks.Find(t => t.Id == taskId) is { IsOpen: true } task && target is UserTask userTask)
            {
                // Who holds the task and who may take it stay as they are; what the definition says of the step follows it.
                task.ElementId = userTask.Id;
                task.Name = userTask.DisplayName;
                task.Documentation = userTask.Documentation;
                task.FormKey = userTask.FormKey;
                task.AllowedOutcomes = [.. userTask.Outcomes];
                task.DefinitionVersion = ToVersion;
                if (boundaryChanged && source is UserTask { DueDate: null } && userTask.DueDate is null)
                {
                    // The baku mutu is the earliest boundary timer, as when the task is created.
                    var timers = instance.Timers.Where(t => t.TokenId == token.Id && t.Purpose == TimerPurpose.Boundary).ToList();
                    task.DueAt = timers.Count > 0 ? timers.Min(t => t.DueAt) : null;
                }
            }
        }

        /// <summary>
        /// Keeps a boundary timer whose event maps to a boundary event of the target activity, drops the others, and arms
        /// the target's boundary events that no source boundary event maps to (those that do have run or are running).
        /// </summary>
        /// <returns>Whether a timer was dropped or armed.</returns>
        private bool MoveBoundaryTimers(ProcessInstance instance, Token token, FlowNode source, FlowNode target, DateTimeOffset now, List<Issue> issues)
        {
            var targetBoundaries = target.BoundaryEvents.ToDictionary(b => b.Id, StringComparer.Ordinal);
            var covered = source.BoundaryEvents
                .Select(b => TargetId(b.Id))
                .OfType<string>()
                .Where(targetBoundaries.ContainsKey)
                .ToHashSet(StringComparer.Ordinal);

            var changed = false;
            foreach (var timer in instance.Timers.Where(t => t.TokenId == token.Id && t.Purpose == TimerPurpose.Boundary).ToList())
            {
                if (TargetId(timer.ElementId) is { } boundaryId && targetBoundaries.ContainsKey(boundaryId))
                {
                    timer.ElementId = boundaryId;
                }
                else
                {
                    instance.Timers.Remove(timer);
                    changed = true;
                }
            }

            foreach (var boundary in target.BoundaryEvents.Where(b => !covered.Contains(b.Id)))
            {
                if (_service.FirstDue(boundary, instance, now, out var dueAt, out var error))
                {
                    instance.Timers.Add(new InstanceTimer
                    {
                        Id = Guid.CreateVersion7(now),
                        InstanceId = instance.Id,
                        TokenId = token.Id,
                        ElementId = boundary.Id,
                        Purpose = TimerPurpose.Boundary,
                        DueAt = dueAt,
                        CreatedAt = now,
                    });
                    changed = true;
                }
                else
                {
                    issues.Add(new Issue(source.Id, "TimerInvalid", boundary.Id, error));
                }
            }

            return changed;
        }

    }

    /// <summary>When a boundary timer armed now is due, as the runner computes it; <c>false</c> with the reason when its value is invalid.</summary>
    private bool FirstDue(BoundaryTimerEvent boundary, ProcessInstance instance, DateTimeOffset now, out DateTimeOffset dueAt, out string? error)
    {
        dueAt = default;
        var definition = boundary.Timer;
        var spec = definition.Spec;
        if (spec is null)
        {
            string text;
            try
            {
                text = Convert.ToString(expressions.Evaluate(definition.Text, instance.Variables), CultureInfo.InvariantCulture) ?? string.Empty;
            }
            catch (ExpressionException ex)
            {
                error = ex.Reason;
                return false;
            }

            if (!TimerSpec.TryParse(definition.Kind, text, out spec, out error))
            {
                return false;
            }
        }

        dueAt = spec.FirstDue(now, Calendar(definition.Calendar));
        error = null;
        return true;
    }
}
