namespace Sicantik.Workflows.Definitions;

/// <summary>Where a definition version stands.</summary>
public enum DefinitionState
{
    /// <summary>Deployed, not yet started by anyone.</summary>
    Draft,

    /// <summary>The version new instances start on (one per key).</summary>
    Published,

    /// <summary>No new instances; running ones go on.</summary>
    Retired,
}

/// <summary>One version of a process definition: the BPMN XML and its life cycle.</summary>
public sealed class DefinitionRecord
{
    /// <summary>The process id.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>1, 2, 3... per key.</summary>
    public int Version { get; set; }

    public string? Name { get; set; }

    public DefinitionState State { get; set; }

    public string Xml { get; set; } = string.Empty;

    /// <summary>SHA-256 of the XML, hex: the same XML deployed again makes no new version.</summary>
    public string Hash { get; set; } = string.Empty;

    public DateTimeOffset DeployedAt { get; set; }

    public string? DeployedBy { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    public string? PublishedBy { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }

    public string? RetiredBy { get; set; }

    /// <summary>Optimistic concurrency token.</summary>
    public int Revision { get; set; }

    public DefinitionRecord Clone() => (DefinitionRecord)MemberwiseClone();

    public override string ToString() => $"{Key}:{Version} ({State})";
}
