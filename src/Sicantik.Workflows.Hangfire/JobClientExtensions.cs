using System.Linq.Expressions;
using Hangfire;

namespace Sicantik.Workflows.Hangfire;

internal static class JobClientExtensions
{
    /// <summary>
    /// Schedules <paramref name="job"/> at <paramref name="at"/>, or enqueues it now when that is not in the future by the
    /// engine's clock: Hangfire would otherwise hold a past-due job until its next poll of the schedule.
    /// </summary>
    public static string ScheduleOrEnqueue(this IBackgroundJobClient client, TimeProvider time, Expression<Func<WorkflowJobs, Task>> job, DateTimeOffset at) =>
        at <= time.GetUtcNow() ? client.Enqueue(job) : client.Schedule(job, at);
}
