namespace Sicantik.Perizinan.PermitTypes;

/// <summary>
/// A kind of permit the office issues (SIP Perawat, Izin Reklame, Izin Apotek...): what the applicant fills in, what
/// they must upload, and the process definition its applications run on.
/// </summary>
public sealed class PermitType
{
    public Guid Id { get; set; }

    /// <summary>Stable, upper-case code (<c>SIP-PERAWAT</c>); applications refer to it.</summary>
    public string Code { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>A short description for the catalogue.</summary>
    public string? Description { get; set; }

    /// <summary>Dasar hukum: the laws and regulations the permit rests on, as printed on the SK.</summary>
    public string LegalBasis { get; set; } = string.Empty;

    /// <summary>The process definition key its applications start on.</summary>
    public string ProcessKey { get; set; } = PermitTypeDefaults.ProcessKey;

    /// <summary>How long an issued permit is valid; <c>null</c> when it does not expire.</summary>
    public int? ValidityMonths { get; set; }

    /// <summary>Whether new applications may be made.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>The application form, in display order.</summary>
    public List<FormField> FormFields { get; set; } = [];

    /// <summary>The documents to upload, in checklist order.</summary>
    public List<Requirement> Requirements { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }

    /// <summary>Optimistic concurrency token.</summary>
    public int Revision { get; set; }
}

/// <summary>The kinds of form input a permit type can ask for.</summary>
public enum FormFieldType
{
    Text,
    Number,
    Date,
    Textarea,
    Select,
}

/// <summary>One input of an application form.</summary>
public sealed record FormField
{
    /// <summary>The value's key in <see cref="Applications.PermitApplication.FormValues"/> (<c>nomor_str</c>).</summary>
    public required string Key { get; init; }

    public required string Label { get; init; }

    public FormFieldType Type { get; init; } = FormFieldType.Text;

    public bool Required { get; init; }

    /// <summary>The choices of a <see cref="FormFieldType.Select"/>.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>A hint shown under the input.</summary>
    public string? Help { get; init; }
}

/// <summary>One document the applicant uploads (persyaratan).</summary>
public sealed record Requirement
{
    public required string Key { get; init; }

    public required string Name { get; init; }

    /// <summary>What exactly is expected (legalised, colour, size...).</summary>
    public string? Description { get; init; }

    /// <summary>Whether submission waits for it.</summary>
    public bool Mandatory { get; init; } = true;

    /// <summary>File types accepted, by extension: <c>pdf</c>, <c>jpg</c>, <c>png</c>. Content is checked too.</summary>
    public IReadOnlyList<string> AcceptedTypes { get; init; } = ["pdf"];

    public long MaxSizeBytes { get; init; } = 2L * 1024 * 1024;
}

/// <summary>Defaults shared by the catalogue and the seeder.</summary>
public static class PermitTypeDefaults
{
    /// <summary>The SOP's process (<c>workflows/penerbitan-izin.bpmn</c>).</summary>
    public const string ProcessKey = "penerbitan-izin";
}
