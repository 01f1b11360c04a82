using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Forms;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Stores;

namespace Sicantik.Workflows.Tasks;

/// <summary>
/// Human tasks, as Camunda's TaskService: query, claim, unclaim, delegate and resolve, complete, comment.
/// Every change is a command on the task's instance, so two concurrent claims cannot both win.
/// </summary>
public sealed class TaskService(InstanceCommands commands, IInstanceStore store)
{
    public Task<IReadOnlyList<HumanTask>> QueryAsync(TaskQuery query, CancellationToken cancellationToken = default) =>
        store.QueryTasksAsync(query, cancellationToken);

    /// <exception cref="WorkflowException">Unknown task.</exception>
    public async Task<HumanTask> GetAsync(Guid taskId, CancellationToken cancellationToken = default) =>
        await store.FindTaskAsync(taskId, cancellationToken) ?? throw WorkflowErrors.TaskNotFound(taskId);

    /// <summary>Takes an unassigned task; claiming one's own task again changes nothing.</summary>
    /// <exception cref="TaskAlreadyClaimedException">Someone else holds it.</exception>
    /// <exception cref="WorkflowException">Not a candidate, or the task is not open.</exception>
    public Task<HumanTask> ClaimAsync(Guid taskId, WorkflowUser user, CancellationToken cancellationToken = default) =>
        OnTaskAsync(taskId, (runner, task) =>
        {
            if (task.Assignee == user.Id)
            {
                return;
            }

            if (task.Assignee is not null)
            {
                throw WorkflowErrors.TaskAlreadyClaimed(task);
            }

            EnsureCandidate(task, user);
            Claim(runner, task, user.Id);
        }, cancellationToken);

    /// <summary>Gives a claimed task back to its candidates.</summary>
    public Task<HumanTask> UnclaimAsync(Guid taskId, WorkflowUser user, CancellationToken cancellationToken = default) =>
        OnTaskAsync(taskId, (runner, task) =>
        {
            EnsureAssignee(task, user);
            if (task.Delegation == DelegationState.Pending)
            {
                throw WorkflowErrors.DelegationPending(task);
            }

            task.Assignee = null;
            task.ClaimedAt = null;
            task.Owner = null;
            task.Delegation = DelegationState.None;
            runner.Record(HistoryEventType.TaskUnclaimed, runner.Model.Node(task.ElementId), task.Id, user.Id);
        }, cancellationToken);

    /// <summary>Hands the task to <paramref name="toUserId"/>, who resolves it back to the delegating user.</summary>
    public Task<HumanTask> DelegateAsync(Guid taskId, WorkflowUser user, string toUserId, CancellationToken cancellationToken = default) =>
        OnTaskAsync(taskId, (runner, task) =>
        {
            if (string.IsNullOrWhiteSpace(toUserId))
            {
                throw WorkflowErrors.DelegateTargetMissing(task);
            }

            if (task.Assignee is null)
            {
                EnsureCandidate(task, user);
                Claim(runner, task, user.Id);
            }

            EnsureAssignee(task, user);
            // Passing a pending delegation on keeps its owner; a fresh delegation belongs to whoever delegates now.
            if (task.Delegation != DelegationState.Pending)
            {
                task.Owner = user.Id;
            }

            task.Assignee = toUserId;
            task.Delegation = DelegationState.Pending;
            runner.Record(HistoryEventType.TaskDelegated, runner.Model.Node(task.ElementId), task.Id, user.Id, detail: toUserId);
        }, cancellationToken);

    /// <summary>The delegate hands the task back to its owner, with what they found.</summary>
    public Task<HumanTask> ResolveAsync(Guid taskId, WorkflowUser user, IReadOnlyDictionary<string, object?>? variables = null, CancellationToken cancellationToken = default)
    {
        var normalized = RuntimeService.Normalize(variables);
        return OnTaskAsync(taskId, (runner, task) =>
        {
            EnsureAssignee(task, user);
            if (task.Delegation != DelegationState.Pending)
            {
                throw WorkflowErrors.NotDelegated(task);
            }

            runner.SetVariables(normalized);
            task.Assignee = task.Owner;
            task.Delegation = DelegationState.Resolved;
            runner.Record(HistoryEventType.TaskResolved, runner.Model.Node(task.ElementId), task.Id, user.Id, detail: task.Owner);
        }, cancellationToken);
    }

    /// <summary>
    /// Completes a task with an outcome the task accepts, and runs the instance on. An unassigned task is claimed by its
    /// candidate on the way.
    /// </summary>
    /// <exception cref="InvalidOutcomeException">The task needs an outcome, or not this one.</exception>
    /// <exception cref="WorkflowException">Someone else holds it, the user is no candidate, or it is delegated.</exception>
    public Task<HumanTask> CompleteAsync(Guid taskId, WorkflowUser user, string? outcome = null, IReadOnlyDictionary<string, object?>? variables = null, CancellationToken cancellationToken = default)
    {
        var normalized = RuntimeService.Normalize(variables);
        outcome = string.IsNullOrWhiteSpace(outcome) ? null : outcome.Trim();
        return OnTaskAsync(taskId, (runner, task) =>
        {
            if (task.Assignee is null)
            {
                EnsureCandidate(task, user);
            }
            else
            {
                EnsureAssignee(task, user);
            }

            if (task.Delegation == DelegationState.Pending)
            {
                throw WorkflowErrors.DelegationPending(task);
            }

            EnsureOutcome(task, outcome);
            var values = runner.Model.Node(task.ElementId) is UserTask { Form: { } form }
                ? FormValues.Submit(form, task.Name, normalized, runner.Instance.Variables)
                : normalized;
            if (task.Assignee is null)
            {
                Claim(runner, task, user.Id);
            }

            runner.CompleteTask(task, user.Id, outcome, values);
        }, cancellationToken);
    }

    /// <summary>Adds a note to a task (open or not); anyone who can see the task may comment.</summary>
    public Task<HumanTask> AddCommentAsync(Guid taskId, WorkflowUser user, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return OnTaskAsync(
            taskId,
            (runner, task) =>
            {
                task.Comments.Add(new TaskComment(Guid.CreateVersion7(runner.Now), user.Id, text.Trim(), runner.Now));
                runner.Record(HistoryEventType.CommentAdded, runner.Model.Node(task.ElementId), task.Id, user.Id, detail: text.Trim());
            },
            cancellationToken,
            requireOpen: false);
    }

    private Task<HumanTask> OnTaskAsync(Guid taskId, Action<InstanceRunner, HumanTask> change, CancellationToken cancellationToken, bool requireOpen = true) =>
        commands.ExecuteOnTaskAsync(
            taskId,
            runner =>
            {
                var task = runner.Instance.Tasks.Find(t => t.Id == taskId) ?? throw WorkflowErrors.TaskNotFound(taskId);
                if (requireOpen && !task.IsOpen)
                {
                    throw WorkflowErrors.TaskNotOpen(task);
                }

                change(runner, task);
                return ValueTask.FromResult(task.Clone());
            },
            cancellationToken);

    private static void Claim(InstanceRunner runner, HumanTask task, string userId)
    {
        task.Assignee = userId;
        task.ClaimedAt = runner.Now;
        runner.Record(HistoryEventType.TaskClaimed, runner.Model.Node(task.ElementId), task.Id, userId);
    }

    private static void EnsureCandidate(HumanTask task, WorkflowUser user)
    {
        if (!task.IsCandidate(user))
        {
            throw WorkflowErrors.NotCandidate(task);
        }
    }

    private static void EnsureAssignee(HumanTask task, WorkflowUser user)
    {
        if (task.Assignee is null)
        {
            throw WorkflowErrors.TaskNotClaimed(task);
        }

        if (task.Assignee != user.Id)
        {
            throw WorkflowErrors.TaskNotAssignedToUser(task);
        }
    }

    private static void EnsureOutcome(HumanTask task, string? outcome)
    {
        if (task.AllowedOutcomes.Count == 0)
        {
            if (outcome is not null)
            {
                throw WorkflowErrors.OutcomeNotExpected(task, outcome);
            }

            return;
        }

        if (outcome is null)
        {
            throw WorkflowErrors.OutcomeRequired(task);
        }

        if (!task.AllowedOutcomes.Contains(outcome, StringComparer.Ordinal))
        {
            throw WorkflowErrors.OutcomeNotAllowed(task, outcome);
        }
    }
}
