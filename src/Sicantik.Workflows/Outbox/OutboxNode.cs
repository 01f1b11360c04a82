namespace Sicantik.Workflows.Outbox;

/// <summary>
/// This process as a holder of outbox leases: the node's name, which stays the same across its restarts
/// (<see cref="WorkflowOptions.NodeName"/>), and this start's incarnation, new at every start. A claimed message records
/// <see cref="Holder"/>; after a crash the restarted node recognises the leases of its previous incarnation by the name
/// and releases them (<see cref="OutboxService.ResumeInFlightAsync"/>), while other nodes' leases are left to run out.
/// </summary>
public sealed class OutboxNode(string name, Guid incarnation)
{
    public string Name { get; } = !string.IsNullOrWhiteSpace(name) && !name.Contains('/', StringComparison.Ordinal)
        ? name
        : throw new ArgumentException("A node name is not empty and has no '/'.", nameof(name));

    public Guid Incarnation { get; } = incarnation;

    /// <summary>What a message claimed by this process records: <c>name/incarnation</c>.</summary>
    public string Holder => $"{Name}/{Incarnation:N}";

    /// <summary>Whether a lease was taken by this node, in this or an earlier incarnation.</summary>
    public bool IsThisNode(string? holder) => holder is not null && holder.StartsWith(Name + "/", StringComparison.Ordinal);
}
