using System.Resources;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Resources;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Workflows;

/// <summary>The engine's refusals, with their messages from resources.</summary>
internal static class WorkflowErrors
{
    private static readonly ResourceManager Texts = new("Sicantik.Workflows.Resources.EngineMessages", typeof(WorkflowErrors).Assembly);

    public static string Text(string key, params object?[] args) => LocalizedText.Format(Texts, key, args);

    public static WorkflowException ConcurrencyConflict(string what) =>
        new(WorkflowError.ConcurrencyConflict, Text("ConcurrencyConflict", what));

    public static WorkflowException DefinitionNotFound(string key, int? version) => version is null
        ? new(WorkflowError.DefinitionNotFound, Text("DefinitionKeyNotFound", key))
        : new(WorkflowError.DefinitionNotFound, Text("DefinitionNotFound", key, version));

    public static WorkflowException NoPublishedVersion(string key) =>
        new(WorkflowError.NoPublishedVersion, Text("NoPublishedVersion", key));

    public static WorkflowException DefinitionAlreadyInState(DefinitionRecord record) =>
        new(WorkflowError.DefinitionStateConflict, Text("DefinitionAlreadyInState", record.Key, record.Version, Describe(record.State)));

    public static WorkflowException InstanceNotFound(Guid id) => new(WorkflowError.InstanceNotFound, Text("InstanceNotFound", id));

    public static WorkflowException InstanceNotRunning(ProcessInstance instance) =>
        new(WorkflowError.InstanceNotRunning, Text("InstanceNotRunning", instance.Id, Describe(instance.State)));

    public static WorkflowException TaskNotFound(Guid id) => new(WorkflowError.TaskNotFound, Text("TaskNotFound", id));

    public static WorkflowException TaskNotOpen(HumanTask task) =>
        new(WorkflowError.TaskNotOpen, Text("TaskNotOpen", task.Name, Text(task.State == HumanTaskState.Completed ? "TaskStateCompleted" : "TaskStateCancelled")));

    public static TaskAlreadyClaimedException TaskAlreadyClaimed(HumanTask task) =>
        new(task.Id, task.Assignee!, Text("TaskAlreadyClaimed", task.Name, task.Assignee));

    public static WorkflowException TaskNotAssignedToUser(HumanTask task) =>
        new(WorkflowError.TaskNotAssignedToUser, Text("TaskNotAssignedToUser", task.Name, task.Assignee));

    public static WorkflowException TaskNotClaimed(HumanTask task) =>
        new(WorkflowError.TaskNotAssignedToUser, Text("TaskNotClaimed", task.Name));

    public static WorkflowException NotCandidate(HumanTask task) =>
        new(WorkflowError.NotCandidate, Text("NotCandidate", task.Name, Text("RolesList", string.Join(", ", task.CandidateGroups.Concat(task.CandidateUsers)))));

    public static InvalidOutcomeException OutcomeRequired(HumanTask task) =>
        new(null, task.AllowedOutcomes, Text("OutcomeRequired", task.Name, string.Join(", ", task.AllowedOutcomes)));

    public static InvalidOutcomeException OutcomeNotAllowed(HumanTask task, string outcome) =>
        new(outcome, task.AllowedOutcomes, Text("OutcomeNotAllowed", task.Name, outcome, string.Join(", ", task.AllowedOutcomes)));

    public static InvalidOutcomeException OutcomeNotExpected(HumanTask task, string outcome) =>
        new(outcome, [], Text("OutcomeNotExpected", task.Name, outcome));

    public static WorkflowException DelegationPending(HumanTask task) =>
        new(WorkflowError.DelegationPending, Text("DelegationPending", task.Name, task.Owner));

    public static WorkflowException NotDelegated(HumanTask task) => new(WorkflowError.NotDelegated, Text("NotDelegated", task.Name));

    public static WorkflowException DelegateTargetMissing(HumanTask task) =>
        new(WorkflowError.InvalidVariables, Text("DelegateTargetMissing", task.Name));

    public static WorkflowException MessageNotCorrelated(string messageName, string? businessKey) =>
        new(WorkflowError.MessageNotCorrelated, Text("MessageNotCorrelated", messageName, businessKey ?? "-"));

    public static WorkflowException MessageAmbiguous(string messageName, string? businessKey, int count) =>
        new(WorkflowError.MessageAmbiguous, Text("MessageAmbiguous", messageName, businessKey ?? "-", count));

    public static WorkflowException IncidentNotFound(Guid id) => new(WorkflowError.IncidentNotFound, Text("IncidentNotFound", id));

    public static WorkflowException InvalidVariable(string name, string reason) =>
        new(WorkflowError.InvalidVariables, Text("InvalidVariable", name, reason));

    public static string Describe(InstanceState state) => Text("State" + state);

    public static string Describe(DefinitionState state) => Text("DefinitionState" + state);
}
