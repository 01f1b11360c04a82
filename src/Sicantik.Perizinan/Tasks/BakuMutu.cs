using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Tasks;
using Sicantik.Workflows.Timers;

namespace Sicantik.Perizinan.Tasks;

/// <summary>A step's service standard (baku mutu), as the process definition states it.</summary>
public static class BakuMutu
{
    /// <summary>
    /// The duration of the step's escalation timer in minutes, as the definition states it (office hours do not
    /// stretch it), else the span from the task's creation to its due date; <c>null</c> when the step has neither.
    /// </summary>
    public static int? Minutes(ProcessModel model, HumanTask task)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(task);
        if (model.Nodes.TryGetValue(task.ElementId, out var node))
        {
            var timer = node.BoundaryEvents.FirstOrDefault(b => b.EscalateTo is not null && b.Timer.Spec is { Kind: TimerKind.Duration or TimerKind.Cycle, Duration: { HasCalendarPart: false } });
            if (timer?.Timer.Spec?.Duration is { } duration)
            {
                return (int)Math.Round(duration.Time.TotalMinutes);
            }
        }

        return task.DueAt is { } due ? (int)Math.Round((due - task.CreatedAt).TotalMinutes) : null;
    }
}
