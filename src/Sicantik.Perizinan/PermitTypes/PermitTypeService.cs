using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan.Documents;
using Sicantik.Perizinan.Resources;
using Sicantik.Workflows.Definitions;

namespace Sicantik.Perizinan.PermitTypes;

/// <summary>What an administrator edits of a permit type (its code is given on creation and never changes).</summary>
public sealed record PermitTypeInput
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public required string LegalBasis { get; init; }

    public string ProcessKey { get; init; } = PermitTypeDefaults.ProcessKey;

    public int? ValidityMonths { get; init; }

    public bool IsActive { get; init; } = true;

    public IReadOnlyList<FormField> FormFields { get; init; } = [];

    public IReadOnlyList<Requirement> Requirements { get; init; } = [];
}

/// <summary>The permit catalogue: what applicants choose from, and what administrators maintain.</summary>
public sealed partial class PermitTypeService(PerizinanDb db, DefinitionService definitions, TimeProvider time, IOptions<PerizinanOptions> options)
{
    internal const int MinRequirementSizeBytes = 10 * 1024;

    [GeneratedRegex("^[A-Z0-9]+(-[A-Z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[a-z][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    /// <summary>The types open for applications, by name.</summary>
    public async Task<IReadOnlyList<PermitType>> ListActiveAsync(CancellationToken cancellationToken = default) =>
        await db.Set<PermitType>().AsNoTracking().Where(t => t.IsActive).OrderBy(t => t.Name).ToListAsync(cancellationToken);

    /// <summary>Every type, closed ones too (for administrators).</summary>
    public async Task<IReadOnlyList<PermitType>> ListAllAsync(CancellationToken cancellationToken = default) =>
        await db.Set<PermitType>().AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken);

    /// <summary>The type with this code, or <c>null</c>.</summary>
    public Task<PermitType?> FindByCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        var normalized = NormalizeCode(code);
        return db.Set<PermitType>().AsNoTracking().SingleOrDefaultAsync(t => t.Code == normalized, cancellationToken);
    }

    /// <summary>The type with this code.</summary>
    /// <exception cref="PerizinanException"><see cref="PerizinanError.NotFound"/>.</exception>
    public async Task<PermitType> GetByCodeAsync(string code, CancellationToken cancellationToken = default) =>
        await FindByCodeAsync(code, cancellationToken) ?? throw NotFound(code);

    /// <summary>Adds a type to the catalogue after checking every rule (all broken rules are reported at once).</summary>
    /// <param name="code">The new, unique code (<c>SIP-PERAWAT</c>); upper-case letters, digits and hyphens.</param>
    /// <param name="input">What the type asks for.</param>
    /// <param name="adminId">The administrator, recorded as the last editor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="PerizinanException">
    /// <see cref="PerizinanError.PermitTypeInvalid"/> with every broken rule, or <see cref="PerizinanError.PermitTypeCodeTaken"/>.
    /// </exception>
    public async Task<PermitType> CreateAsync(string code, PermitTypeInput input, string adminId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var normalizedCode = NormalizeCode(code);
        var issues = new List<PerizinanIssue>();
        CheckCode(normalizedCode, issues);
        var type = new PermitType { Id = Guid.CreateVersion7(time.GetUtcNow()), Code = normalizedCode, CreatedAt = time.GetUtcNow(), Revision = 1 };
        Apply(type, input, adminId, issues);
        await CheckProcessKeyAsync(type.ProcessKey, issues, cancellationToken);
        ThrowIfInvalid(issues);
        if (await db.Set<PermitType>().AnyAsync(t => t.Code == normalizedCode, cancellationToken))
        {
            throw CodeTaken(normalizedCode);
        }

        db.Context.Add(type);
        try
        {
            await db.Context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // The unique index on Code: another administrator added the same code meanwhile.
            db.Discard(type);
            throw new PerizinanException(PerizinanError.PermitTypeCodeTaken, PerizinanText.Message("PermitTypeCodeTaken", normalizedCode), null, ex);
        }

        db.Discard(type);
        return type;
    }

    /// <summary>Changes a type. Running applications keep the values they were made with; new ones use these.</summary>
    /// <param name="code">The type to change.</param>
    /// <param name="input">The new definition.</param>
    /// <param name="expectedRevision">The revision the administrator edited; a newer one stored means someone else saved first.</param>
    /// <param name="adminId">The administrator.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="PerizinanException">
    /// <see cref="PerizinanError.NotFound"/>, <see cref="PerizinanError.PermitTypeInvalid"/> or <see cref="PerizinanError.ConcurrencyConflict"/>.
    /// </exception>
    public async Task<PermitType> UpdateAsync(string code, PermitTypeInput input, int? expectedRevision, string adminId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var normalizedCode = NormalizeCode(code);
        db.Forget<PermitType>(t => t.Code == normalizedCode);
        var type = await db.Set<PermitType>().SingleOrDefaultAsync(t => t.Code == normalizedCode, cancellationToken) ?? throw NotFound(normalizedCode);
        if (expectedRevision is { } expected && expected != type.Revision)
        {
            db.Discard(type);
            throw Conflict(normalizedCode);
        }

        var issues = new List<PerizinanIssue>();
        Apply(type, input, adminId, issues);
        await CheckProcessKeyAsync(type.ProcessKey, issues, cancellationToken);
        if (issues.Count > 0)
        {
            db.Discard(type);
            ThrowIfInvalid(issues);
        }

        var entry = db.Context.Entry(type);
        entry.Property(t => t.Revision).OriginalValue = type.Revision;
        type.Revision++;
        type.UpdatedAt = time.GetUtcNow();
        try
        {
            await db.Context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            db.Discard(type);
            throw new PerizinanException(PerizinanError.ConcurrencyConflict, PerizinanText.Message("PermitTypeConflict", normalizedCode), null, ex);
        }

        db.Discard(type);
        return type;
    }

    /// <summary>Every structural rule <paramref name="type"/> breaks (not the process key, which needs the engine).</summary>
    internal static List<PerizinanIssue> Check(PermitType type, long maxRequirementSizeBytes)
    {
        var issues = new List<PerizinanIssue>();
        CheckCode(type.Code, issues);
        var input = new PermitTypeInput
        {
            Name = type.Name,
            Description = type.Description,
            LegalBasis = type.LegalBasis,
            ProcessKey = type.ProcessKey,
            ValidityMonths = type.ValidityMonths,
            IsActive = type.IsActive,
            FormFields = type.FormFields,
            Requirements = type.Requirements,
        };
        Apply(new PermitType(), input, null, issues, maxRequirementSizeBytes);
        return issues;
    }

    private void Apply(PermitType type, PermitTypeInput input, string? adminId, List<PerizinanIssue> issues) =>
        Apply(type, input, adminId, issues, options.Value.MaxRequirementSizeBytes);

    private static void Apply(PermitType type, PermitTypeInput input, string? adminId, List<PerizinanIssue> issues, long maxSize)
    {
        type.Name = input.Name?.Trim() ?? string.Empty;
        type.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        type.LegalBasis = input.LegalBasis?.Trim() ?? string.Empty;
        type.ProcessKey = input.ProcessKey?.Trim() ?? string.Empty;
        type.ValidityMonths = input.ValidityMonths;
        type.IsActive = input.IsActive;
        type.UpdatedBy = adminId;

        Require(type.Name, "name", "PermitTypeNameRequired", 300, issues);
        Require(type.LegalBasis, "legalBasis", "PermitTypeLegalBasisRequired", 4000, issues);
        Require(type.ProcessKey, "processKey", "PermitTypeProcessKeyRequired", 200, issues);
        if (type.ValidityMonths is { } months && (months < 1 || months > 1200))
        {
            issues.Add(new PerizinanIssue("validityMonths", PerizinanText.Message("PermitTypeValidityRange", months)));
        }

        type.FormFields = NormalizeFields(input.FormFields ?? [], issues);
        type.Requirements = NormalizeRequirements(input.Requirements ?? [], maxSize, issues);
    }

    private static List<FormField> NormalizeFields(IReadOnlyList<FormField> fields, List<PerizinanIssue> issues)
    {
        var result = new List<FormField>(fields.Count);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var key = field.Key?.Trim() ?? string.Empty;
            var label = field.Label?.Trim() ?? string.Empty;
            var where = $"formFields[{i}]";
            if (!KeyPattern().IsMatch(key) || key.Length > 64)
            {
                issues.Add(new PerizinanIssue(where + ".key", PerizinanText.Message("FieldKeyInvalid", i + 1, key)));
            }
            else if (!keys.Add(key))
            {
                issues.Add(new PerizinanIssue(where + ".key", PerizinanText.Message("FieldKeyDuplicate", key)));
            }

            if (label.Length == 0 || label.Length > 200)
            {
                issues.Add(new PerizinanIssue(where + ".label", PerizinanText.Message("FieldLabelRequired", key)));
            }

            var options = (field.Options ?? []).Select(o => o?.Trim() ?? string.Empty).ToList();
            if (field.Type == FormFieldType.Select)
            {
                if (options.Count == 0 || options.Exists(o => o.Length == 0))
                {
                    issues.Add(new PerizinanIssue(where + ".options", PerizinanText.Message("FieldOptionsRequired", label.Length > 0 ? label : key)));
                }
                else if (options.Distinct(StringComparer.Ordinal).Count() != options.Count)
                {
                    issues.Add(new PerizinanIssue(where + ".options", PerizinanText.Message("FieldOptionsDuplicate", label)));
                }
            }
            else if (options.Count > 0)
            {
                issues.Add(new PerizinanIssue(where + ".options", PerizinanText.Message("FieldOptionsOnlyForSelect", label)));
            }

            if (!Enum.IsDefined(field.Type))
            {
                issues.Add(new PerizinanIssue(where + ".type", PerizinanText.Message("FieldTypeUnknown", label)));
            }

            result.Add(field with { Key = key, Label = label, Options = options, Help = string.IsNullOrWhiteSpace(field.Help) ? null : field.Help.Trim() });
        }

        return result;
    }

    private static List<Requirement> NormalizeRequirements(IReadOnlyList<Requirement> requirements, long maxSize, List<PerizinanIssue> issues)
    {
        if (requirements.Count == 0)
        {
            issues.Add(new PerizinanIssue("requirements", PerizinanText.Message("RequirementsEmpty")));
        }

        var result = new List<Requirement>(requirements.Count);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requirements.Count; i++)
        {
            var requirement = requirements[i];
            var key = requirement.Key?.Trim() ?? string.Empty;
            var name = requirement.Name?.Trim() ?? string.Empty;
            var where = $"requirements[{i}]";
            if (!KeyPattern().IsMatch(key) || key.Length > 64)
            {
                issues.Add(new PerizinanIssue(where + ".key", PerizinanText.Message("RequirementKeyInvalid", i + 1, key)));
            }
            else if (!keys.Add(key))
            {
                issues.Add(new PerizinanIssue(where + ".key", PerizinanText.Message("RequirementKeyDuplicate", key)));
            }

            if (name.Length == 0 || name.Length > 300)
            {
                issues.Add(new PerizinanIssue(where + ".name", PerizinanText.Message("RequirementNameRequired", key)));
            }

            var types = new List<string>();
            foreach (var accepted in requirement.AcceptedTypes ?? [])
            {
                if (FileKinds.Normalize(accepted) is { } known)
                {
                    if (!types.Contains(known, StringComparer.Ordinal))
                    {
                        types.Add(known);
                    }
                }
                else
                {
                    issues.Add(new PerizinanIssue(where + ".acceptedTypes", PerizinanText.Message("RequirementTypeUnknown", name, accepted, string.Join(", ", FileKinds.Names))));
                }
            }

            if ((requirement.AcceptedTypes ?? []).Count == 0)
            {
                issues.Add(new PerizinanIssue(where + ".acceptedTypes", PerizinanText.Message("RequirementTypesEmpty", name)));
            }

            if (requirement.MaxSizeBytes < MinRequirementSizeBytes || requirement.MaxSizeBytes > maxSize)
            {
                issues.Add(new PerizinanIssue(
                    where + ".maxSizeBytes",
                    PerizinanText.Message("RequirementSizeRange", name, PerizinanText.Size(MinRequirementSizeBytes), PerizinanText.Size(maxSize))));
            }

            result.Add(requirement with
            {
                Key = key,
                Name = name,
                Description = string.IsNullOrWhiteSpace(requirement.Description) ? null : requirement.Description.Trim(),
                AcceptedTypes = types,
            });
        }

        return result;
    }

    private async Task CheckProcessKeyAsync(string processKey, List<PerizinanIssue> issues, CancellationToken cancellationToken)
    {
        if (processKey.Length == 0)
        {
            return;
        }

        if ((await definitions.ListAsync(processKey, cancellationToken)).Count == 0)
        {
            issues.Add(new PerizinanIssue("processKey", PerizinanText.Message("PermitTypeProcessUnknown", processKey)));
        }
    }

    private static void CheckCode(string code, List<PerizinanIssue> issues)
    {
        if (code.Length == 0)
        {
            issues.Add(new PerizinanIssue("code", PerizinanText.Message("PermitTypeCodeRequired")));
        }
        else if (code.Length > 50 || !CodePattern().IsMatch(code))
        {
            issues.Add(new PerizinanIssue("code", PerizinanText.Message("PermitTypeCodeInvalid", code)));
        }
    }

    private static void Require(string value, string key, string message, int maxLength, List<PerizinanIssue> issues)
    {
        if (value.Length == 0)
        {
            issues.Add(new PerizinanIssue(key, PerizinanText.Message(message)));
        }
        else if (value.Length > maxLength)
        {
            issues.Add(new PerizinanIssue(key, PerizinanText.Message("TextTooLong", key, maxLength)));
        }
    }

    private static void ThrowIfInvalid(List<PerizinanIssue> issues)
    {
        if (issues.Count > 0)
        {
            throw new PerizinanException(
                PerizinanError.PermitTypeInvalid,
                PerizinanText.Message("PermitTypeInvalid", issues.Count, string.Join(" ", issues.Select(i => i.Message))),
                issues);
        }
    }

    internal static string NormalizeCode(string? code) => code?.Trim().ToUpperInvariant() ?? string.Empty;

    private static PerizinanException NotFound(string code) =>
        new(PerizinanError.NotFound, PerizinanText.Message("PermitTypeNotFound", code));

    private static PerizinanException CodeTaken(string code) =>
        new(PerizinanError.PermitTypeCodeTaken, PerizinanText.Message("PermitTypeCodeTaken", code), [new PerizinanIssue("code", PerizinanText.Message("PermitTypeCodeTaken", code))]);

    private static PerizinanException Conflict(string code) =>
        new(PerizinanError.ConcurrencyConflict, PerizinanText.Message("PermitTypeConflict", code));
}
