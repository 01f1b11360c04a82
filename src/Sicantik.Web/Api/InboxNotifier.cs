using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Threading.Channels;
using Sicantik.Web.Identity;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Web.Api;

/// <summary>A task changed hands or state: who may care (its candidate groups and the people who held it).</summary>
public sealed record InboxChange(Guid TaskId, IReadOnlyList<string> Groups, string? Assignee, string State);

/// <summary>
/// Tells open inboxes in this process that a task changed (claimed, released, completed), so that lists refresh without
/// a reload. In-process: with several web nodes behind a balancer, pages still refresh on their periodic fallback.
/// </summary>
public sealed class InboxNotifier
{
    private readonly ConcurrentDictionary<Guid, Channel<InboxChange>> _subscribers = new();

    public void Changed(HumanTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var change = new InboxChange(task.Id, [.. task.CandidateGroups], task.Assignee, task.State.ToString());
        foreach (var channel in _subscribers.Values)
        {
            channel.Writer.TryWrite(change);
        }
    }

    /// <summary>
    /// The changes that concern <paramref name="user"/> from now until the caller stops listening. The subscription is
    /// taken at this call, not at the first read, so nothing that happens in between is missed; enumerate the result.
    /// </summary>
    public IAsyncEnumerable<InboxChange> ListenAsync(WorkflowUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<InboxChange>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _subscribers[id] = channel;
        return ReadAsync(id, channel, user, cancellationToken);
    }

    private async IAsyncEnumerable<InboxChange> ReadAsync(Guid id, Channel<InboxChange> channel, WorkflowUser user, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken))
            {
                if (change.Assignee == user.Id || change.Groups.Any(user.Groups.Contains))
                {
                    yield return change;
                }
            }
        }
        finally
        {
            _subscribers.TryRemove(id, out _);
        }
    }

    /// <summary>The server-sent event stream of <c>GET /api/tasks/events</c>.</summary>
    public static IResult Stream(InboxNotifier notifier, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        var user = principal.ToWorkflowUser();
        return TypedResults.ServerSentEvents(Events(notifier.ListenAsync(user, cancellationToken), cancellationToken));

        // A "ready" event first: the response's headers go out only with the first event, and until they do the page's
        // EventSource is not open. It is sent once the subscription exists, so an open stream misses no change.
        static async IAsyncEnumerable<SseItem<InboxChange?>> Events(IAsyncEnumerable<InboxChange> changes, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return new SseItem<InboxChange?>(null, "ready");
            await foreach (var change in changes.WithCancellation(cancellationToken))
            {
                yield return new SseItem<InboxChange?>(change, "inbox");
            }
        }
    }
}
