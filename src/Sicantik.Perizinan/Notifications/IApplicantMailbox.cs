namespace Sicantik.Perizinan.Notifications;

/// <summary>
/// What the applicant's emails need from the host: the address of an account (Identity lives in the host) and the
/// site's public address for links.
/// </summary>
public interface IApplicantMailbox
{
    /// <summary>The account's confirmed address and name; <c>null</c> when the account is gone or has no confirmed address.</summary>
    Task<EmailRecipient?> FindAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>The absolute address of a page of the site (<c>/Pemohon/Lacak/...</c>).</summary>
    Uri PageUrl(string path);
}

public sealed record EmailRecipient(string Address, string Name);
