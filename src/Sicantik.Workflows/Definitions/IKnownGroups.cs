namespace Sicantik.Workflows.Definitions;

/// <summary>
/// The groups (roles) the host knows. The engine knows no roles; when the host registers this, a candidate group
/// that names none of them is a warning at validation and deploy.
/// </summary>
public interface IKnownGroups
{
    /// <summary>Whether <paramref name="group"/> names a known role.</summary>
    bool IsKnown(string group);
}
