using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sicantik.Workflows.Outbox;

namespace Sicantik.Workflows.Hangfire;

/// <summary>Enqueues one <see cref="WorkflowJobs.DeliverOutboxAsync"/> job per message a step wrote.</summary>
/// <remarks>
/// The step has committed when this runs, so a job that cannot be created (Hangfire's storage unreachable) is logged, not
/// thrown: the message is stored as pending and the outbox sweep delivers it.
/// </remarks>
public sealed partial class HangfireOutboxDispatcher(IBackgroundJobClient client, ILogger<HangfireOutboxDispatcher>? logger = null) : IOutboxDispatcher
{
    private readonly ILogger _logger = logger ?? NullLogger<HangfireOutboxDispatcher>.Instance;

    /// <inheritdoc />
    public Task MessagesWrittenAsync(IReadOnlyList<Guid> messageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        foreach (var messageId in messageIds)
        {
            try
            {
                client.Enqueue<WorkflowJobs>(j => j.DeliverOutboxAsync(messageId, CancellationToken.None));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogEnqueueFailed(ex, messageId);
            }
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} could not be enqueued on Hangfire; the outbox sweep delivers it.")]
    private partial void LogEnqueueFailed(Exception exception, Guid messageId);
}
