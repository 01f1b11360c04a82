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

    /// <summary>The changes that concern <paramref name="user"/> from now until the caller stops listening.</summary>
    public async IAsyncEnumerable<InboxChange> ListenAsync(WorkflowUser user, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<InboxChange>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _subscribers[id] = channel;
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

        static async IAsyncEnumerable<SseItem<InboxChange>> Events(IAsyncEnumerable<InboxChange> changes, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var change in changes.WithCancellation(cancellationToken))
            {
                yield return new SseItem<InboxChange>(change, "inbox");
            }
        }
    }
}
