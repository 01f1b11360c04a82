using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Sicantik.Workflows.Definitions;

/// <summary>
/// An immutable, validated executable process parsed from BPMN 2.0 XML.
/// </summary>
public sealed class ProcessModel
{
    private readonly ConcurrentDictionary<(string From, string To), bool> _reachable = new();

    internal ProcessModel(
        string key,
        string? name,
        string? documentation,
        string calendar,
        IEnumerable<FlowNode> nodes,
        IEnumerable<SequenceFlow> flows,
        IEnumerable<Lane> lanes)
    {
        Key = key;
        Name = name;
        Documentation = documentation;
        Calendar = calendar;
        Nodes = nodes.ToFrozenDictionary(n => n.Id, StringComparer.Ordinal);
        Flows = flows.ToFrozenDictionary(f => f.Id, StringComparer.Ordinal);
        Lanes = lanes.ToArray();
        StartEvent = Nodes.Values.OfType<StartEvent>().Single(s => s.ScopeId is null);
    }

    /// <summary>The process id in the XML; the definition's key.</summary>
    public string Key { get; }

    /// <summary>The process name, if any.</summary>
    public string? Name { get; }

    /// <summary>The process documentation, if any.</summary>
    public string? Documentation { get; }

    /// <summary>The calendar durations count in unless an element says otherwise (<c>sicantik:calendar</c>).</summary>
    public string Calendar { get; }

    /// <summary>Every flow node by id, including boundary events and nodes inside sub-processes.</summary>
    public FrozenDictionary<string, FlowNode> Nodes { get; }

    /// <summary>Every sequence flow by id.</summary>
    public FrozenDictionary<string, SequenceFlow> Flows { get; }

    /// <summary>The lanes, flattened (nested lanes included).</summary>
    public IReadOnlyList<Lane> Lanes { get; }

    /// <summary>The process's none start event.</summary>
    public StartEvent StartEvent { get; }

    /// <summary>The node with <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such node.</exception>
    public FlowNode Node(string id) => Nodes[id];

    /// <summary>The node with <paramref name="id"/> as <typeparamref name="T"/>.</summary>
    public T Node<T>(string id)
        where T : FlowNode => (T)Nodes[id];

    /// <summary>Whether a token at <paramref name="fromId"/> can still arrive at <paramref name="toId"/> (inclusive joins wait for such tokens).</summary>
    internal bool CanReach(string fromId, string toId) => _reachable.GetOrAdd((fromId, toId), static (pair, model) => model.Search(pair.From, pair.To), this);

    private bool Search(string fromId, string toId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { fromId };
        var queue = new Queue<FlowNode>();
        queue.Enqueue(Nodes[fromId]);
        while (queue.TryDequeue(out var node))
        {
            var next = node.Outgoing.Select(f => f.Target).Concat(node.BoundaryEvents);
            foreach (var target in next)
            {
                if (target.Id == toId)
                {
                    return true;
                }

                if (seen.Add(target.Id))
                {
                    queue.Enqueue(target);
                }
            }
        }

        return false;
    }
}

/// <summary>A lane: one actor's column in the SOP.</summary>
/// <param name="Id">The lane id.</param>
/// <param name="Name">The lane's name.</param>
/// <param name="CandidateGroups">The roles its user tasks go to when they name none (<c>sicantik:candidateGroups</c>).</param>
public sealed record Lane(string Id, string? Name, IReadOnlyList<string> CandidateGroups);

/// <summary>A sequence flow between two nodes of the same scope.</summary>
public sealed class SequenceFlow
{
    internal SequenceFlow(string id, string? name, string sourceId, string targetId, string? condition)
    {
        Id = id;
        Name = name;
        SourceId = sourceId;
        TargetId = targetId;
        Condition = condition;
    }

    public string Id { get; }

    public string? Name { get; }

    public string SourceId { get; }

    public string TargetId { get; }

    /// <summary>The <c>${...}</c> condition, if any.</summary>
    public string? Condition { get; }

    /// <summary>The source node (set when the model is linked).</summary>
    public FlowNode Source { get; internal set; } = null!;

    /// <summary>The target node (set when the model is linked).</summary>
    public FlowNode Target { get; internal set; } = null!;
}
