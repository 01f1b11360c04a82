using Sicantik.Perizinan.Notifications;

namespace Sicantik.Perizinan.Escalation;

/// <summary>
/// What escalation notices need from the host, where the accounts live: the active staff of a role with a confirmed
/// address, and the site's public address for the link to the task.
/// </summary>
public interface IStaffDirectory
{
    /// <summary>Every active (not disabled) staff account holding <paramref name="role"/> with a confirmed address, ordered by address.</summary>
    Task<IReadOnlyList<StaffRecipient>> ActiveInRoleAsync(string role, CancellationToken cancellationToken = default);

    /// <summary>The absolute address of a page of the site (<c>/Petugas/Tugas/...</c>).</summary>
    Uri PageUrl(string path);
}

/// <summary>A staff member an escalation is sent to.</summary>
public sealed record StaffRecipient(string UserId, string Address, string Name)
{
    public EmailRecipient ToEmailRecipient() => new(Address, Name);
}

/// <summary>A directory that knows nobody: escalations are then marked on the task and in the history, and emailed to no one.</summary>
internal sealed class NoStaffDirectory : IStaffDirectory
{
    public Task<IReadOnlyList<StaffRecipient>> ActiveInRoleAsync(string role, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StaffRecipient>>([]);

    public Uri PageUrl(string path) => new(path, UriKind.Relative);
}
