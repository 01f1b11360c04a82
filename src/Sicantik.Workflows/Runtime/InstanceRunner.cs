using System.Globalization;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Expressions;
using Sicantik.Workflows.History;
using Sicantik.Workflows.ServiceTasks;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Timers;

namespace Sicantik.Workflows.Runtime;

/// <summary>
/// Moves one instance's tokens through its model until every token waits or ends. One runner serves one command;
/// everything it changes is saved together by the caller.
/// </summary>
internal sealed class InstanceRunner(ProcessModel model, ProcessInstance instance, RunnerServices services, DateTimeOffset now)
{
    private int _steps;

    public ProcessModel Model => model;

    /// <summary>Runs on from here on another version's model (after the instance was migrated to it).</summary>
    internal void UseModel(ProcessModel target) => model = target;

    public ProcessInstance Instance => instance;

    public DateTimeOffset Now => now;

    /// <summary>Creates the first token at the start event and records the start.</summary>
    public void Start()
    {
        Record(HistoryEventType.InstanceStarted, model.StartEvent, userId: instance.StartedBy, detail: instance.BusinessKey);
        instance.Tokens.Add(NewToken(model.StartEvent.Id, parent: null, arrivedVia: null));
    }

    /// <summary>Runs ready tokens until none is left, then activates inclusive joins that nothing else can reach.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Token? token;
            while ((token = instance.Tokens.Find(t => t.State == TokenState.Ready)) is not null)
            {
                if (++_steps > services.Options.MaxStepsPerCommand)
                {
                    Fault(token, IncidentKind.StepLimitExceeded, WorkflowErrors.Text("IncidentStepLimit", services.Options.MaxStepsPerCommand, token.ElementId));
                    continue;
                }

                await ExecuteAsync(token, cancellationToken);
            }

            if (!ActivateInclusiveJoin())
            {
                break;
            }
        }
    }

    public void CompleteTask(HumanTask task, string userId, string? outcome, IReadOnlyDictionary<string, object?> variables)
    {
        SetVariables(variables);
        if (outcome is not null)
        {
            instance.Variables["outcome"] = outcome;
        }

        task.State = HumanTaskState.Completed;
        task.CompletedAt = now;
        task.CompletedBy = userId;
        task.Outcome = outcome;
        Record(HistoryEventType.TaskCompleted, model.Node(task.ElementId), task.Id, userId, outcome);
        var token = instance.Tokens.Find(t => t.Id == task.TokenId)!;
        try
        {
            Leave(token, model.Node(token.ElementId));
        }
        catch (ExpressionException ex)
        {
            // An output mapping that cannot be evaluated refuses the completion, as in Camunda 7; nothing is kept.
            throw new WorkflowException(WorkflowError.InvalidVariables, WorkflowErrors.Text("IncidentExpression", task.ElementId, ex.Reason), ex);
        }
    }

    public void FireTimer(InstanceTimer timer)
    {
        var token = instance.Tokens.Find(t => t.Id == timer.TokenId);
        var element = model.Node(timer.ElementId);
        if (token is null)
        {
            // Nothing waits on it any more: record the firing so that the removal is saved.
            instance.Timers.Remove(timer);
            Record(HistoryEventType.TimerFired, element);
            return;
        }

        Record(HistoryEventType.TimerFired, element, detail: timer.Purpose == TimerPurpose.Retry ? null : timer.DueAt.ToString("O", CultureInfo.InvariantCulture));
        switch (timer.Purpose)
        {
            case TimerPurpose.Intermediate:
                instance.Timers.Remove(timer);
                Leave(token, element);
                break;
            case TimerPurpose.Retry:
                instance.Timers.Remove(timer);
                token.State = TokenState.Ready;
                token.Wait = WaitKind.None;
                break;
            case TimerPurpose.Boundary:
                FireBoundary(timer, token, (BoundaryTimerEvent)element);
                break;
        }
    }

    public void CorrelateMessage(MessageSubscription subscription, IReadOnlyDictionary<string, object?> variables)
    {
        instance.Subscriptions.Remove(subscription);
        SetVariables(variables);
        var token = instance.Tokens.Find(t => t.Id == subscription.TokenId)!;
        var element = model.Node(subscription.ElementId);
        Record(HistoryEventType.MessageCorrelated, element, detail: subscription.MessageName);
        Leave(token, element);
    }

    public void RetryIncident(Incident incident, string? userId)
    {
        incident.ResolvedAt = now;
        incident.ResolvedBy = userId;
        Record(HistoryEventType.IncidentResolved, model.Nodes.GetValueOrDefault(incident.ElementId), userId: userId, detail: incident.Message);
        var token = instance.Tokens.Find(t => t.Id == incident.TokenId);
        if (token is not null && token.State == TokenState.Failed)
        {
            token.State = TokenState.Ready;
            token.Attempts = 0;
        }

        if (!instance.Incidents.Exists(i => i.IsOpen))
        {
            instance.State = InstanceState.Running;
        }
    }

    public void Terminate(string? userId, string? reason)
    {
        foreach (var incident in instance.Incidents.Where(i => i.IsOpen))
        {
            incident.ResolvedAt = now;
            incident.ResolvedBy = userId;
        }

        // Cancelling a sub-process's token has already cancelled the tokens inside it.
        foreach (var token in instance.Tokens.ToList().Where(instance.Tokens.Contains))
        {
            CancelToken(token);
        }

        instance.State = InstanceState.Terminated;
        instance.EndedAt = now;
        instance.EndedWith = reason;
        Record(HistoryEventType.InstanceTerminated, null, userId: userId, detail: reason);
    }

    public void SetVariables(IReadOnlyDictionary<string, object?> variables)
    {
        foreach (var (name, value) in variables)
        {
            instance.Variables[name] = value;
        }
    }

    public void Record(HistoryEventType type, FlowNode? element, Guid? taskId = null, string? userId = null, string? outcome = null, string? flowId = null, string? detail = null) =>
        instance.PendingHistory.Add(new HistoryEvent
        {
            InstanceId = instance.Id,
            At = now,
            Type = type,
            ElementId = element?.Id,
            ElementName = element?.Name,
            TaskId = taskId,
            UserId = userId,
            Outcome = outcome,
            FlowId = flowId,
            Detail = detail,
        });

    private async Task ExecuteAsync(Token token, CancellationToken cancellationToken)
    {
        var node = model.Node(token.ElementId);
        try
        {
            Map(node.InputParameters);
            switch (node)
            {
                case StartEvent or BoundaryTimerEvent:
                    Leave(token, node);
                    break;
                case EndEvent end:
                    End(token, end);
                    break;
                case UserTask userTask:
                    CreateUserTask(token, userTask);
                    break;
                case ServiceTask serviceTask:
                    await RunServiceTaskAsync(token, serviceTask, cancellationToken);
                    break;
                case ScriptTask scriptTask:
                    RunScript(token, scriptTask);
                    break;
                case PassThroughTask:
                    Record(HistoryEventType.ActivityPassed, node);
                    Leave(token, node);
                    break;
                case MessageWait wait:
                    Subscribe(token, wait);
                    break;
                case IntermediateTimerEvent timerEvent:
                    Wait(token, WaitKind.Timer);
                    AddTimer(token, timerEvent, timerEvent.Timer, TimerPurpose.Intermediate);
                    break;
                case Gateway gateway:
                    PassGateway(token, gateway);
                    break;
                case SubProcess subProcess:
                    Wait(token, WaitKind.SubProcess);
                    AddBoundaryTimers(token, subProcess);
                    Record(HistoryEventType.SubProcessStarted, subProcess);
                    instance.Tokens.Add(NewToken(subProcess.StartEvent.Id, token.Id, arrivedVia: null));
                    break;
            }
        }
        catch (ExpressionException ex)
        {
            Fault(token, IncidentKind.ExpressionFailed, WorkflowErrors.Text("IncidentExpression", node.Id, ex.Reason));
        }
    }

    private void CreateUserTask(Token token, UserTask node)
    {
        var task = new HumanTask
        {
            Id = Guid.CreateVersion7(now),
            InstanceId = instance.Id,
            TokenId = token.Id,
            DefinitionKey = instance.DefinitionKey,
            DefinitionVersion = instance.DefinitionVersion,
            BusinessKey = instance.BusinessKey,
            ElementId = node.Id,
            Name = node.DisplayName,
            Documentation = node.Documentation,
            FormKey = node.FormKey,
            CandidateGroups = ResolveList(node.EffectiveCandidateGroups),
            CandidateUsers = ResolveList(node.CandidateUsers),
            Assignee = node.Assignee is null ? null : ResolveString(node.Assignee),
            Priority = node.Priority is null ? 50 : ResolveInt(node, "camunda:priority", node.Priority),
            AllowedOutcomes = [.. node.Outcomes],
            CreatedAt = now,
            State = HumanTaskState.Open,
        };
        task.ClaimedAt = task.Assignee is null ? null : now;
        task.FollowUpAt = node.FollowUpDate is null ? null : ResolveInstant(node, "camunda:followUpDate", node.FollowUpDate);

        Wait(token, WaitKind.UserTask);
        token.TaskId = task.Id;
        var timers = AddBoundaryTimers(token, node);

        // The baku mutu is the task's due date unless the definition gives one.
        task.DueAt = node.DueDate is not null
            ? ResolveInstant(node, "camunda:dueDate", node.DueDate)
            : timers.Count > 0 ? timers.Min(t => t.DueAt) : null;

        instance.Tasks.Add(task);
        // Who the task went to: its roles, or the person it is assigned to.
        Record(HistoryEventType.TaskCreated, node, task.Id, detail: task.CandidateGroups.Count > 0 ? string.Join(",", task.CandidateGroups) : task.Assignee);
    }

    private async Task RunServiceTaskAsync(Token token, ServiceTask node, CancellationToken cancellationToken)
    {
        if (!services.Handlers.TryGetValue(node.Topic, out var handler))
        {
            Fault(token, IncidentKind.NoHandler, WorkflowErrors.Text("IncidentNoHandler", node.Topic, node.Id));
            return;
        }

        var escalation = token.EscalateTo is null
            ? null
            : new EscalationInfo(token.EscalateTo, token.EscalatedTaskId, instance.Tasks.Find(t => t.Id == token.EscalatedTaskId)?.ElementId);
        var variables = new Dictionary<string, object?>(instance.Variables, StringComparer.Ordinal);
        var context = new ServiceTaskContext(instance.Id, instance.DefinitionKey, instance.BusinessKey, node.Id, node.Name, node.Topic, token.Attempts + 1, now, variables, escalation);
        try
        {
            await handler.ExecuteAsync(context, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            token.Attempts++;
            var attempts = node.Retries ?? services.Options.ServiceTaskAttempts;
            if (token.Attempts < attempts)
            {
                Record(HistoryEventType.ServiceTaskFailed, node, detail: ex.Message);
                Wait(token, WaitKind.Retry);

                // While it waits for its next attempt, the task is an activity like any other: its boundary timers run,
                // armed once when it first fails (a retried incident starts over at attempt 1).
                if (token.Attempts == 1)
                {
                    AddBoundaryTimers(token, node);
                }

                instance.Timers.Add(NewTimer(token, node.Id, TimerPurpose.Retry, now + RetryWait(node, token.Attempts)));
            }
            else
            {
                Fault(token, IncidentKind.HandlerFailed, WorkflowErrors.Text("IncidentHandlerFailed", node.Id, token.Attempts, ex.Message));
            }

            return;
        }

        SetVariables(context.SetVariables);
        instance.PendingOutbox.AddRange(context.Outbox);
        token.Attempts = 0;
        Record(HistoryEventType.ServiceTaskCompleted, node, detail: escalation?.Target);
        Leave(token, node);
    }

    /// <summary>
    /// The wait before the next attempt: the task's own retry interval (<c>R5/PT1M</c>: every minute, as Camunda), else the
    /// engine's back-off doubling per attempt up to its cap.
    /// </summary>
    private TimeSpan RetryWait(ServiceTask node, int failedAttempts)
    {
        if (node.RetryInterval is { } interval)
        {
            return interval;
        }

        var options = services.Options;
        var factor = Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        var wait = options.RetryBackoff.TotalMilliseconds * factor;
        return wait >= options.MaxRetryBackoff.TotalMilliseconds ? options.MaxRetryBackoff : TimeSpan.FromMilliseconds(wait);
    }

    private void RunScript(Token token, ScriptTask node)
    {
        var result = services.Expressions.RunScript(node.Script, instance.Variables);
        SetVariables(result.SetVariables);
        if (node.ResultVariable is not null)
        {
            instance.Variables[node.ResultVariable] = result.Value;
        }

        Record(HistoryEventType.ScriptExecuted, node);
        Leave(token, node);
    }

    private void Subscribe(Token token, MessageWait node)
    {
        Wait(token, WaitKind.Message);
        AddBoundaryTimers(token, node);
        instance.Subscriptions.Add(new MessageSubscription
        {
            Id = Guid.CreateVersion7(now),
            InstanceId = instance.Id,
            TokenId = token.Id,
            ElementId = node.Id,
            MessageName = node.MessageName,
            BusinessKey = instance.BusinessKey,
            CreatedAt = now,
        });
    }

    private void PassGateway(Token token, Gateway gateway)
    {
        switch (gateway.Kind)
        {
            case FlowNodeKind.ExclusiveGateway:
                var chosen = ChooseExclusive(gateway);
                if (chosen is null)
                {
                    Fault(token, IncidentKind.NoFlowMatched, WorkflowErrors.Text("IncidentNoFlow", gateway.Id));
                    return;
                }

                Take(token, gateway, [chosen]);
                break;

            case FlowNodeKind.ParallelGateway:
                if (gateway.IsJoin && !JoinParallel(token, gateway))
                {
                    return;
                }

                Take(token, gateway, gateway.Outgoing);
                break;

            case FlowNodeKind.InclusiveGateway:
                if (gateway.IsJoin && token.Wait != WaitKind.Join)
                {
                    // Waits until no other token of its scope can still arrive (checked when the run goes quiet).
                    Wait(token, WaitKind.Join);
                    return;
                }

                var flows = ChooseInclusive(gateway);
                if (flows.Count == 0)
                {
                    Fault(token, IncidentKind.NoFlowMatched, WorkflowErrors.Text("IncidentNoFlow", gateway.Id));
                    return;
                }

                Take(token, gateway, flows);
                break;
        }
    }

    private SequenceFlow? ChooseExclusive(Gateway gateway)
    {
        if (gateway.Outgoing.Count == 1 && gateway.Outgoing[0].Condition is null)
        {
            return gateway.Outgoing[0];
        }

        foreach (var flow in gateway.Outgoing)
        {
            if (flow.Id != gateway.DefaultFlowId && flow.Condition is not null
                && services.Expressions.EvaluateCondition(flow.Condition, instance.Variables))
            {
                return flow;
            }
        }

        return gateway.DefaultFlowId is null ? null : model.Flows[gateway.DefaultFlowId];
    }

    private List<SequenceFlow> ChooseInclusive(Gateway gateway)
    {
        var chosen = gateway.Outgoing
            .Where(f => f.Id != gateway.DefaultFlowId && (f.Condition is null || services.Expressions.EvaluateCondition(f.Condition, instance.Variables)))
            .ToList();
        if (chosen.Count == 0 && gateway.DefaultFlowId is not null)
        {
            chosen.Add(model.Flows[gateway.DefaultFlowId]);
        }

        return chosen;
    }

    private void Take(Token token, Gateway gateway, IReadOnlyList<SequenceFlow> flows)
    {
        foreach (var flow in flows)
        {
            Record(HistoryEventType.GatewayTaken, gateway, flowId: flow.Id, detail: flow.Name);
        }

        Move(token, flows);
    }

    /// <summary>A parallel join fires when a token has arrived by every incoming flow.</summary>
    private bool JoinParallel(Token token, Gateway gateway)
    {
        Wait(token, WaitKind.Join);
        var waiting = instance.Tokens.Where(t => t.ElementId == gateway.Id && t.Wait == WaitKind.Join && t.ParentTokenId == token.ParentTokenId).ToList();
        var byFlow = new Dictionary<string, Token>(StringComparer.Ordinal);
        foreach (var arrived in waiting)
        {
            if (arrived.ArrivedVia is not null)
            {
                byFlow.TryAdd(arrived.ArrivedVia, arrived);
            }
        }

        if (!gateway.Incoming.All(f => byFlow.ContainsKey(f.Id)))
        {
            return false;
        }

        // The arriving token goes on; one earlier arrival per other flow is consumed.
        byFlow[token.ArrivedVia!] = token;
        foreach (var consumed in byFlow.Values.Where(t => t.Id != token.Id))
        {
            instance.Tokens.Remove(consumed);
        }

        return true;
    }

    /// <summary>Fires one inclusive join that no other token of its scope can still reach.</summary>
    private bool ActivateInclusiveJoin()
    {
        foreach (var waiting in instance.Tokens.Where(t => t.Wait == WaitKind.Join && model.Node(t.ElementId).Kind == FlowNodeKind.InclusiveGateway).ToList())
        {
            var gateway = (Gateway)model.Node(waiting.ElementId);
            var others = instance.Tokens.Where(t => t.ParentTokenId == waiting.ParentTokenId && !(t.ElementId == gateway.Id && t.Wait == WaitKind.Join));
            if (others.Any(t => model.CanReach(t.ElementId, gateway.Id)))
            {
                continue;
            }

            foreach (var merged in instance.Tokens.Where(t => t.Id != waiting.Id && t.ElementId == gateway.Id && t.Wait == WaitKind.Join && t.ParentTokenId == waiting.ParentTokenId).ToList())
            {
                instance.Tokens.Remove(merged);
            }

            // Ready again, marked as joined: the gateway now forks.
            waiting.State = TokenState.Ready;
            return true;
        }

        return false;
    }

    private void End(Token token, EndEvent end)
    {
        Record(HistoryEventType.EndEventReached, end);
        instance.Tokens.Remove(token);
        if (end.Terminate)
        {
            foreach (var other in instance.Tokens.Where(t => t.ParentTokenId == token.ParentTokenId).ToList())
            {
                CancelToken(other);
            }
        }

        CompleteScopeIfEmpty(token.ParentTokenId, end);
    }

    private void CompleteScopeIfEmpty(Guid? scopeTokenId, EndEvent lastEnd)
    {
        if (instance.Tokens.Exists(t => t.ParentTokenId == scopeTokenId))
        {
            return;
        }

        if (scopeTokenId is { } parentId)
        {
            var parent = instance.Tokens.Find(t => t.Id == parentId);
            if (parent is not null)
            {
                var scope = model.Node(parent.ElementId);
                Record(HistoryEventType.SubProcessCompleted, scope);
                Leave(parent, scope);
            }

            return;
        }

        foreach (var incident in instance.Incidents.Where(i => i.IsOpen))
        {
            incident.ResolvedAt = now;
        }

        instance.State = InstanceState.Completed;
        instance.EndedAt = now;
        instance.EndedWith = lastEnd.Id;
        Record(HistoryEventType.InstanceCompleted, lastEnd);
    }

    private void FireBoundary(InstanceTimer timer, Token attached, BoundaryTimerEvent boundary)
    {
        var task = attached.TaskId is { } taskId ? instance.Tasks.Find(t => t.Id == taskId) : null;
        if (boundary.EscalateTo is not null)
        {
            if (task is not null)
            {
                task.EscalatedAt ??= now;
                task.EscalatedTo.Add(boundary.EscalateTo);
            }

            Record(HistoryEventType.Escalated, boundary.AttachedTo, task?.Id, detail: boundary.EscalateTo);
        }

        var next = boundary.CancelActivity ? null : NextCycleDue(timer, boundary);
        if (next is { } dueAt)
        {
            timer.TimesFired++;
            timer.DueAt = dueAt;
        }
        else
        {
            instance.Timers.Remove(timer);
        }

        var path = NewToken(boundary.Id, attached.ParentTokenId, arrivedVia: null);
        if (boundary.EscalateTo is not null)
        {
            path.EscalateTo = boundary.EscalateTo;
            path.EscalatedTaskId = task?.Id;
        }

        if (boundary.CancelActivity)
        {
            CancelToken(attached);
        }

        instance.Tokens.Add(path);
    }

    /// <summary>
    /// When a repeating timer fires next; <c>null</c> after its last repetition. A cycle given as an expression is read
    /// again; if its value has become invalid, the cycle ends here rather than failing the firing.
    /// </summary>
    private DateTimeOffset? NextCycleDue(InstanceTimer timer, BoundaryTimerEvent boundary)
    {
        if (boundary.Timer.Kind != TimerKind.Cycle)
        {
            return null;
        }

        TimerSpec spec;
        try
        {
            spec = boundary.Timer.Spec ?? ResolveTimer(boundary, boundary.Timer);
        }
        catch (ExpressionException ex)
        {
            Record(HistoryEventType.TimerFired, boundary, detail: ex.Reason);
            return null;
        }

        return spec.NextDue(timer.DueAt, timer.TimesFired + 1, services.Calendar(boundary.Timer.Calendar));
    }

    /// <summary>Removes a token with everything that waits on it: its task, timers, subscription and sub-process tokens.</summary>
    private void CancelToken(Token token)
    {
        foreach (var child in instance.Tokens.Where(t => t.ParentTokenId == token.Id).ToList())
        {
            CancelToken(child);
        }

        if (token is { State: TokenState.Waiting, Wait: WaitKind.SubProcess })
        {
            Record(HistoryEventType.SubProcessCancelled, model.Node(token.ElementId));
        }

        if (token.TaskId is { } taskId && instance.Tasks.Find(t => t.Id == taskId) is { IsOpen: true } task)
        {
            task.State = HumanTaskState.Cancelled;
            task.CompletedAt = now;
            Record(HistoryEventType.TaskCancelled, model.Node(task.ElementId), task.Id);
        }

        // An incident holding a cancelled token has nothing left to retry.
        foreach (var incident in instance.Incidents.Where(i => i.IsOpen && i.TokenId == token.Id))
        {
            incident.ResolvedAt = now;
            Record(HistoryEventType.IncidentResolved, model.Nodes.GetValueOrDefault(incident.ElementId), detail: incident.Message);
        }

        if (instance.State == InstanceState.Faulted && !instance.Incidents.Exists(i => i.IsOpen))
        {
            instance.State = InstanceState.Running;
        }

        instance.Timers.RemoveAll(t => t.TokenId == token.Id);
        instance.Subscriptions.RemoveAll(s => s.TokenId == token.Id);
        instance.Tokens.Remove(token);
    }

    /// <summary>Leaves <paramref name="node"/> by all its outgoing flows (a split when there are several).</summary>
    private void Leave(Token token, FlowNode node)
    {
        instance.Timers.RemoveAll(t => t.TokenId == token.Id);
        Map(node.OutputParameters);
        Move(token, node.Outgoing);
    }

    private void Move(Token token, IReadOnlyList<SequenceFlow> flows)
    {
        for (var i = 1; i < flows.Count; i++)
        {
            var split = NewToken(flows[i].TargetId, token.ParentTokenId, flows[i].Id);
            split.EscalateTo = token.EscalateTo;
            split.EscalatedTaskId = token.EscalatedTaskId;
            instance.Tokens.Add(split);
        }

        token.ElementId = flows[0].TargetId;
        token.ArrivedVia = flows[0].Id;
        token.ArrivedAt = now;
        token.State = TokenState.Ready;
        token.Wait = WaitKind.None;
        token.TaskId = null;
        token.Attempts = 0;
    }

    private List<InstanceTimer> AddBoundaryTimers(Token token, FlowNode activity)
    {
        var added = new List<InstanceTimer>(activity.BoundaryEvents.Count);
        foreach (var boundary in activity.BoundaryEvents)
        {
            added.Add(AddTimer(token, boundary, boundary.Timer, TimerPurpose.Boundary));
        }

        return added;
    }

    private InstanceTimer AddTimer(Token token, FlowNode element, TimerDefinition definition, TimerPurpose purpose)
    {
        var spec = definition.Spec ?? ResolveTimer(element, definition);
        var timer = NewTimer(token, element.Id, purpose, spec.FirstDue(now, services.Calendar(definition.Calendar)));
        instance.Timers.Add(timer);
        return timer;
    }

    private TimerSpec ResolveTimer(FlowNode element, TimerDefinition definition)
    {
        var text = Convert.ToString(services.Expressions.Evaluate(definition.Text, instance.Variables), CultureInfo.InvariantCulture) ?? string.Empty;
        return TimerSpec.TryParse(definition.Kind, text, out var spec, out var error)
            ? spec!
            : throw new ExpressionException(definition.Text, WorkflowErrors.Text("InvalidTimerValue", element.Id, text, error));
    }

    private InstanceTimer NewTimer(Token token, string elementId, TimerPurpose purpose, DateTimeOffset dueAt) => new()
    {
        Id = Guid.CreateVersion7(now),
        InstanceId = instance.Id,
        TokenId = token.Id,
        ElementId = elementId,
        Purpose = purpose,
        DueAt = dueAt,
        CreatedAt = now,
    };

    private Token NewToken(string elementId, Guid? parent, string? arrivedVia) => new()
    {
        Id = Guid.CreateVersion7(now),
        ElementId = elementId,
        ParentTokenId = parent,
        ArrivedVia = arrivedVia,
        ArrivedAt = now,
        State = TokenState.Ready,
    };

    private static void Wait(Token token, WaitKind kind)
    {
        token.State = TokenState.Waiting;
        token.Wait = kind;
    }

    private void Fault(Token token, IncidentKind kind, string message)
    {
        // A half-entered activity leaves nothing behind: a retry enters it afresh.
        instance.Timers.RemoveAll(t => t.TokenId == token.Id);
        token.TaskId = null;
        token.State = TokenState.Failed;
        var incident = new Incident
        {
            Id = Guid.CreateVersion7(now),
            InstanceId = instance.Id,
            TokenId = token.Id,
            ElementId = token.ElementId,
            Kind = kind,
            Message = message,
            CreatedAt = now,
        };
        instance.Incidents.Add(incident);
        instance.State = InstanceState.Faulted;
        var node = model.Nodes.GetValueOrDefault(token.ElementId);
        Record(HistoryEventType.IncidentCreated, node, detail: message);
        Record(HistoryEventType.InstanceFaulted, node, detail: kind.ToString());
    }

    /// <summary>
    /// Sets a task's <c>camunda:inputOutput</c> parameters, in order. The engine has one variable scope per instance, so
    /// an input parameter is visible after the task as well (Camunda keeps it local to the task).
    /// </summary>
    private void Map(IReadOnlyList<IoParameter> parameters)
    {
        foreach (var parameter in parameters)
        {
            instance.Variables[parameter.Name] = parameter.Value is { } value && BpmnReader.IsExpression(value)
                ? services.Expressions.Evaluate(value, instance.Variables)
                : parameter.Value;
        }
    }

    private List<string> ResolveList(IReadOnlyList<string> values)
    {
        var result = new List<string>(values.Count);
        foreach (var value in values)
        {
            if (!BpmnReader.IsExpression(value))
            {
                result.Add(value);
                continue;
            }

            switch (services.Expressions.Evaluate(value, instance.Variables))
            {
                case null:
                    break;
                case string text:
                    result.AddRange(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case IEnumerable<object?> items:
                    result.AddRange(items.Select(i => Convert.ToString(i, CultureInfo.InvariantCulture)).OfType<string>());
                    break;
                case var other:
                    result.Add(Convert.ToString(other, CultureInfo.InvariantCulture)!);
                    break;
            }
        }

        return result;
    }

    private string? ResolveString(string value) => BpmnReader.IsExpression(value)
        ? Convert.ToString(services.Expressions.Evaluate(value, instance.Variables), CultureInfo.InvariantCulture)
        : value;

    private int ResolveInt(FlowNode node, string attribute, string value)
    {
        var resolved = ResolveString(value);
        return int.TryParse(resolved, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ExpressionException(value, WorkflowErrors.Text("InvalidTaskAttribute", node.Id, attribute, resolved));
    }

    private DateTimeOffset ResolveInstant(FlowNode node, string attribute, string value)
    {
        var resolved = ResolveString(value) ?? string.Empty;
        if (TimerSpec.TryParse(TimerKind.Duration, resolved, out var duration, out _))
        {
            return duration!.FirstDue(now, services.Calendar(model.Calendar));
        }

        if (TimerSpec.TryParse(TimerKind.Date, resolved, out var date, out _))
        {
            return date!.Date!.Value;
        }

        throw new ExpressionException(value, WorkflowErrors.Text("InvalidTaskAttribute", node.Id, attribute, resolved));
    }
}
