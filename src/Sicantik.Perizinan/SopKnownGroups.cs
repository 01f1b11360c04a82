using Sicantik.Workflows.Definitions;

namespace Sicantik.Perizinan;

/// <summary>The office's roles as the engine's known candidate groups: a definition naming another group deploys with a warning.</summary>
public sealed class SopKnownGroups : IKnownGroups
{
    public bool IsKnown(string group) => SopRoles.All.Contains(group, StringComparer.Ordinal);
}
