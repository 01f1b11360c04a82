using Sicantik.Workflows.Expressions;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Workflows.EntityFrameworkCore;

/// <summary>
/// An instance as the store loaded it: the rows as they are stored, kept so that a save writes only the difference.
/// The store loads without change tracking (EF Core's snapshots of every loaded row, and <c>DetectChanges</c> comparing
/// every property of every row on save, were most of a step's CPU) and compares the step's result with this copy itself:
/// a step changes a handful of the instance's rows, and knows it.
/// </summary>
internal sealed class LoadedInstance
{
    private LoadedInstance(ProcessInstance stored, bool remembered)
    {
        Stored = stored;
        IsRemembered = remembered;
    }

    /// <summary>A deep copy of the loaded instance; the engine changes the original, never this.</summary>
    public ProcessInstance Stored { get; }

    /// <summary>Whether the load answered from <see cref="InstanceMemory"/> instead of the database.</summary>
    public bool IsRemembered { get; }

    /// <summary>An instance answered from <see cref="InstanceMemory"/>: <paramref name="stored"/> is never changed, so it is not copied.</summary>
    public static LoadedInstance Remembered(ProcessInstance stored) => new(stored, remembered: true);

    public static LoadedInstance Of(ProcessInstance instance)
    {
        var copy = instance.Clone();

        // Clone copies the dictionary, not the lists and maps inside it, which a step may change in place.
        copy.Variables = (Dictionary<string, object?>)VariableValues.Normalize(instance.Variables)!;
        return new LoadedInstance(copy, remembered: false);
    }

    /// <summary>Whether the instance's own row (not its children) differs from the stored one, apart from the revision and the variables.</summary>
    public static bool SameRow(ProcessInstance a, ProcessInstance b) =>
        a.DefinitionKey == b.DefinitionKey
        && a.DefinitionVersion == b.DefinitionVersion
        && a.BusinessKey == b.BusinessKey
        && a.State == b.State
        && a.StartedAt == b.StartedAt
        && a.StartedBy == b.StartedBy
        && a.EndedAt == b.EndedAt
        && a.EndedWith == b.EndedWith;

    public static bool Same(Token a, Token b) =>
        a.ElementId == b.ElementId
        && a.State == b.State
        && a.Wait == b.Wait
        && a.ParentTokenId == b.ParentTokenId
        && a.ArrivedVia == b.ArrivedVia
        && a.ArrivedAt == b.ArrivedAt
        && a.TaskId == b.TaskId
        && a.Attempts == b.Attempts
        && a.EscalateTo == b.EscalateTo
        && a.EscalatedTaskId == b.EscalatedTaskId;

    public static bool Same(InstanceTimer a, InstanceTimer b) =>
        a.InstanceId == b.InstanceId
        && a.TokenId == b.TokenId
        && a.ElementId == b.ElementId
        && a.Purpose == b.Purpose
        && a.DueAt == b.DueAt
        && a.CreatedAt == b.CreatedAt
        && a.TimesFired == b.TimesFired;

    public static bool Same(MessageSubscription a, MessageSubscription b) =>
        a.InstanceId == b.InstanceId
        && a.TokenId == b.TokenId
        && a.ElementId == b.ElementId
        && a.MessageName == b.MessageName
        && a.BusinessKey == b.BusinessKey
        && a.CreatedAt == b.CreatedAt;

    public static bool Same(Incident a, Incident b) =>
        a.InstanceId == b.InstanceId
        && a.TokenId == b.TokenId
        && a.ElementId == b.ElementId
        && a.Kind == b.Kind
        && a.Message == b.Message
        && a.CreatedAt == b.CreatedAt
        && a.ResolvedAt == b.ResolvedAt
        && a.ResolvedBy == b.ResolvedBy;

    /// <summary>Whether the task's own columns are the same; its comments are compared by <see cref="SameComments"/>.</summary>
    public static bool Same(HumanTask a, HumanTask b) =>
        a.InstanceId == b.InstanceId
        && a.TokenId == b.TokenId
        && a.DefinitionKey == b.DefinitionKey
        && a.DefinitionVersion == b.DefinitionVersion
        && a.BusinessKey == b.BusinessKey
        && a.ElementId == b.ElementId
        && a.Name == b.Name
        && a.Documentation == b.Documentation
        && a.FormKey == b.FormKey
        && SameList(a.CandidateGroups, b.CandidateGroups)
        && SameList(a.CandidateUsers, b.CandidateUsers)
        && a.Assignee == b.Assignee
        && a.Owner == b.Owner
        && a.Delegation == b.Delegation
        && a.Priority == b.Priority
        && SameList(a.AllowedOutcomes, b.AllowedOutcomes)
        && a.State == b.State
        && a.CreatedAt == b.CreatedAt
        && a.DueAt == b.DueAt
        && a.FollowUpAt == b.FollowUpAt
        && a.ClaimedAt == b.ClaimedAt
        && a.CompletedAt == b.CompletedAt
        && a.CompletedBy == b.CompletedBy
        && a.Outcome == b.Outcome
        && a.EscalatedAt == b.EscalatedAt
        && SameList(a.EscalatedTo, b.EscalatedTo);

    /// <summary>Comments are records: equal when every field is.</summary>
    public static bool SameComments(HumanTask a, HumanTask b) => a.Comments.SequenceEqual(b.Comments);

    private static bool SameList(List<string> a, List<string> b) => a.SequenceEqual(b, StringComparer.Ordinal);
}
