namespace Sicantik.Workflows.EntityFrameworkCore;

/// <summary>
/// One row per candidate (a group, or <c>user:{id}</c>) of every open, unassigned task: the inbox's index. The store
/// keeps these rows in step with the tasks on every save; they hold the due date so that one role's first inbox page
/// is an index range scan.
/// </summary>
public sealed class TaskCandidate
{
    public Guid TaskId { get; set; }

    public Guid InstanceId { get; set; }

    /// <summary>A candidate group, or <c>user:</c> and a candidate user's id.</summary>
    public string Candidate { get; set; } = string.Empty;

    /// <summary>The task's due date, as ticks of UTC (far in the future when it has none), so that rows sort by it.</summary>
    public long DueOrder { get; set; }

    public static string ForUser(string userId) => "user:" + userId;
}
