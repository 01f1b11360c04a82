using Sicantik.Workflows.Expressions;
using Sicantik.Workflows.ServiceTasks;
using Sicantik.Workflows.Timers;

namespace Sicantik.Workflows.Runtime;

/// <summary>What a runner needs from outside the instance, resolved once per command.</summary>
internal sealed class RunnerServices(
    IExpressionEvaluator expressions,
    IReadOnlyDictionary<string, IBusinessCalendar> calendars,
    IReadOnlyDictionary<string, IServiceTaskHandler> handlers,
    WorkflowOptions options)
{
    public IExpressionEvaluator Expressions { get; } = expressions;

    public IReadOnlyDictionary<string, IServiceTaskHandler> Handlers { get; } = handlers;

    public WorkflowOptions Options { get; } = options;

    public IBusinessCalendar Calendar(string name) =>
        calendars.TryGetValue(name, out var calendar) ? calendar : calendars[CalendarNames.WallClock];
}
