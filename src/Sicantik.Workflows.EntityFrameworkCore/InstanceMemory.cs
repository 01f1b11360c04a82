using Microsoft.Extensions.Options;
using Sicantik.Workflows.Runtime;

namespace Sicantik.Workflows.EntityFrameworkCore;

/// <summary>
/// The last saved state of the instances this process moved most recently (<see cref="WorkflowOptions.RememberedInstances"/>),
/// as the database holds it, so that a command on one of their tasks reads no rows: in the SOP a completion's two load
/// statements were a quarter of its time. One per service provider (one database); shared by its scopes.
/// </summary>
/// <remarks>
/// A remembered state is never handed out: callers get a deep copy. It can fall behind the database only through another
/// process's save (this process's own saves replace or drop it). A save from a copy that is behind fails its revision
/// check, and a command that ends without saving is run again from the database (see
/// <see cref="Stores.IInstanceStore.IsRemembered"/>), so nothing is decided on it for good.
/// </remarks>
public sealed class InstanceMemory(IOptions<WorkflowOptions> options)
{
    private readonly int _capacity = options.Value.RememberedInstances;
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, LinkedListNode<ProcessInstance>> _instances = [];
    private readonly Dictionary<Guid, Guid> _instanceOfTask = [];

    // Least recently remembered first.
    private readonly LinkedList<ProcessInstance> _order = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _instances.Count;
            }
        }
    }

    /// <summary>The remembered instance that holds <paramref name="taskId"/>, not to be changed; <c>null</c> when none does.</summary>
    public ProcessInstance? Recall(Guid taskId)
    {
        lock (_lock)
        {
            return _instanceOfTask.TryGetValue(taskId, out var instanceId) && _instances.TryGetValue(instanceId, out var node)
                ? node.Value
                : null;
        }
    }

    /// <summary>
    /// Keeps <paramref name="stored"/>, which nobody may change from now on, unless a later revision of it is already kept.
    /// The least recently remembered instance goes when there are more than the configured number.
    /// </summary>
    public void Remember(ProcessInstance stored)
    {
        if (_capacity == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_instances.TryGetValue(stored.Id, out var node))
            {
                if (node.Value.Revision >= stored.Revision)
                {
                    return;
                }

                Remove(node);
            }

            _instances[stored.Id] = _order.AddLast(stored);
            foreach (var task in stored.Tasks)
            {
                _instanceOfTask[task.Id] = stored.Id;
            }

            if (_instances.Count > _capacity)
            {
                Remove(_order.First!);
            }
        }
    }

    public void Forget(Guid instanceId)
    {
        lock (_lock)
        {
            if (_instances.TryGetValue(instanceId, out var node))
            {
                Remove(node);
            }
        }
    }

    private void Remove(LinkedListNode<ProcessInstance> node)
    {
        var instance = node.Value;
        _order.Remove(node);
        _instances.Remove(instance.Id);
        foreach (var task in instance.Tasks)
        {
            if (_instanceOfTask.TryGetValue(task.Id, out var owner) && owner == instance.Id)
            {
                _instanceOfTask.Remove(task.Id);
            }
        }
    }
}
