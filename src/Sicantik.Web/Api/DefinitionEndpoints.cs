using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Sicantik.Data;
using Sicantik.Perizinan;
using Sicantik.Web.Identity;
using Sicantik.Web.ProcessAdmin;
using Sicantik.Workflows.Definitions;

namespace Sicantik.Web.Api;

/// <summary>A process definition (a key) with its newest and its published version.</summary>
public sealed record DefinitionSummaryDto(string Key, string? Name, int LatestVersion, int? PublishedVersion, int VersionCount);

/// <summary>One version of a definition: its life cycle and how many instances still run on it.</summary>
public sealed record DefinitionVersionDto(
    string Key,
    int Version,
    string? Name,
    DefinitionState State,
    string Hash,
    string? DeployedBy,
    DateTimeOffset DeployedAt,
    string? PublishedBy,
    DateTimeOffset? PublishedAt,
    string? RetiredBy,
    DateTimeOffset? RetiredAt,
    int RunningInstances)
{
    public static DefinitionVersionDto From(DefinitionRecord record, int runningInstances)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new DefinitionVersionDto(
            record.Key, record.Version, record.Name, record.State, record.Hash, record.DeployedBy, record.DeployedAt,
            record.PublishedBy, record.PublishedAt, record.RetiredBy, record.RetiredAt, runningInstances);
    }
}

/// <summary>A broken rule of a definition, on the element it concerns (null for the document as a whole).</summary>
public sealed record DefinitionErrorDto(string? ElementId, string? ElementType, string Rule, string Message)
{
    public static DefinitionErrorDto From(ValidationError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new DefinitionErrorDto(error.ElementId, error.ElementType, error.Rule, error.Message);
    }
}

/// <summary>The answer of the validator when the XML would deploy, with what it would deploy with but ignore or doubt.</summary>
public sealed record DefinitionValidationDto(bool Valid, IReadOnlyList<DefinitionErrorDto> Errors, IReadOnlyList<DefinitionErrorDto> Warnings);

/// <summary>What a deployment did: the version the XML lives in, whether it is a new one, and the XML's warnings.</summary>
public sealed record DeploymentDto(string Key, int Version, DefinitionState State, bool IsNew, string? Name, IReadOnlyList<DefinitionErrorDto> Warnings);

/// <summary>
/// Process definitions for administrators (<c>/api/admin/definitions</c>): list, versions, XML download, validation with
/// the engine's own validator, deployment (raw XML or an uploaded <c>.bpmn</c>), publication and retirement. A definition
/// the engine refuses answers 422 <c>definition-invalid</c> with <c>errors</c>: one
/// <c>{elementId, elementType, rule, message}</c> per broken rule; nothing is stored. Validation and deployment also answer
/// <c>warnings</c> in the same shape (a Camunda attribute the engine ignores, a candidate group naming no role): they do
/// not stop a deployment.
/// </summary>
public static class DefinitionEndpoints
{
    /// <summary>The largest BPMN document taken, raw or uploaded.</summary>
    public const long MaxDefinitionBytes = 2L * 1024 * 1024;

    private static readonly string[] XmlMediaTypes = ["application/xml", "text/xml", "application/bpmn+xml"];
    private static readonly string[] FileExtensions = [".bpmn", ".xml"];

    public static RouteGroupBuilder MapDefinitionApi(this RouteGroupBuilder api)
    {
        var definitions = api.MapGroup("/admin/definitions").WithTags("Definisi proses").RequireAuthorization(SicantikPolicies.Admin);
        definitions.MapGet("/", ListAsync);
        definitions.MapPost("/", DeployAsync);
        definitions.MapPost("/validate", ValidateAsync);
        definitions.MapGet("/{key}/versions", VersionsAsync);
        definitions.MapGet("/{key}/versions/{version:int}", VersionAsync);
        definitions.MapGet("/{key}/versions/{version:int}/xml", XmlAsync);
        definitions.MapPost("/{key}/versions/{version:int}/publish", PublishAsync);
        definitions.MapPost("/{key}/versions/{version:int}/retire", RetireAsync);
        return api;
    }

    private static async Task<Ok<List<DefinitionSummaryDto>>> ListAsync(SicantikDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await SummariesAsync(db, cancellationToken));

    /// <summary>Every definition key with its newest and its published version, by name.</summary>
    public static async Task<List<DefinitionSummaryDto>> SummariesAsync(SicantikDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);

        // Only the columns the list needs: the XML of every version stays in the database.
        var versions = await db.Set<DefinitionRecord>().AsNoTracking()
            .Select(d => new { d.Key, d.Version, d.Name, d.State })
            .ToListAsync(cancellationToken);
        return versions
            .GroupBy(v => v.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var latest = g.MaxBy(v => v.Version)!;
                var published = g.FirstOrDefault(v => v.State == DefinitionState.Published);
                return new DefinitionSummaryDto(g.Key, published?.Name ?? latest.Name, latest.Version, published?.Version, g.Count());
            })
            .OrderBy(s => s.Name ?? s.Key, StringComparer.CurrentCulture)
            .ToList();
    }

    private static async Task<Ok<List<DefinitionVersionDto>>> VersionsAsync(string key, DefinitionService definitions, DefinitionOverview overview, CancellationToken cancellationToken)
    {
        var records = await definitions.ListAsync(key, cancellationToken);
        if (records.Count == 0)
        {
            // No version at all: the engine answers with its own "definition not found" for the key.
            await definitions.GetPublishedAsync(key, cancellationToken);
        }

        var running = await overview.RunningCountsAsync(key, cancellationToken);
        return TypedResults.Ok(records
            .OrderByDescending(r => r.Version)
            .Select(r => DefinitionVersionDto.From(r, running.GetValueOrDefault(r.Version)))
            .ToList());
    }

    private static async Task<Ok<DefinitionVersionDto>> VersionAsync(string key, int version, DefinitionService definitions, DefinitionOverview overview, CancellationToken cancellationToken)
    {
        var record = await definitions.GetAsync(key, version, cancellationToken);
        var running = await overview.RunningCountsAsync(key, cancellationToken);
        return TypedResults.Ok(DefinitionVersionDto.From(record, running.GetValueOrDefault(version)));
    }

    /// <summary>The version's BPMN as a download (<c>{key}-v{version}.bpmn</c>), exactly as it was deployed.</summary>
    private static async Task<FileContentHttpResult> XmlAsync(string key, int version, DefinitionService definitions, CancellationToken cancellationToken)
    {
        var record = await definitions.GetAsync(key, version, cancellationToken);
        return TypedResults.File(Encoding.UTF8.GetBytes(record.Xml), "application/xml", $"{record.Key}-v{record.Version}.bpmn");
    }

    /// <summary>
    /// Runs the engine's validator: 200 <c>{valid: true, errors: [], warnings: [...]}</c>, or 422 with every broken rule
    /// (and the warnings). Warnings (an ignored Camunda attribute, a candidate group naming no role) do not stop a deploy.
    /// </summary>
    private static async Task<IResult> ValidateAsync(HttpRequest request, DefinitionService definitions, CancellationToken cancellationToken)
    {
        var xml = await ReadRawXmlAsync(request, cancellationToken);
        var check = definitions.Check(xml);
        return check.Errors.Count == 0
            ? TypedResults.Ok(new DefinitionValidationDto(true, [], [.. check.Warnings.Select(DefinitionErrorDto.From)]))
            : Invalid(check.Errors, check.Warnings);
    }

    /// <summary>
    /// Deploys the XML (the raw body, or the <c>file</c> of a multipart form) as a new draft version: 201 with the new
    /// version, or 200 with <c>isNew: false</c> when it is the same as the latest version (nothing new is stored).
    /// </summary>
    private static async Task<IResult> DeployAsync(HttpRequest request, DefinitionService definitions, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var xml = IsMultipart(request)
            ? await ReadUploadAsync(request, cancellationToken)
            : await ReadRawXmlAsync(request, cancellationToken);

        // Validated first so that the refusal carries every rule on its element; DeployAsync validates again and stores
        // nothing unless the XML is valid.
        var check = definitions.Check(xml);
        if (check.Errors.Count > 0)
        {
            return Invalid(check.Errors, check.Warnings);
        }

        DeploymentResult result;
        try
        {
            result = await definitions.DeployAsync(xml, Who(principal), publish: false, cancellationToken);
        }
        catch (DefinitionValidationException ex)
        {
            return Invalid(ex.Errors, []);
        }

        var record = result.Definition;
        var dto = new DeploymentDto(record.Key, record.Version, record.State, result.IsNew, record.Name, [.. result.Warnings.Select(DefinitionErrorDto.From)]);
        return result.IsNew
            ? TypedResults.Created($"/api/admin/definitions/{Uri.EscapeDataString(record.Key)}/versions/{record.Version}", dto)
            : TypedResults.Ok(dto);
    }

    /// <summary>Makes the version the one new applications start on; the version published before it is retired.</summary>
    private static async Task<Ok<DefinitionVersionDto>> PublishAsync(string key, int version, DefinitionService definitions, DefinitionOverview overview, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var record = await definitions.PublishAsync(key, version, Who(principal), cancellationToken);
        var running = await overview.RunningCountsAsync(key, cancellationToken);
        return TypedResults.Ok(DefinitionVersionDto.From(record, running.GetValueOrDefault(version)));
    }

    /// <summary>
    /// Stops new instances from starting on the version; its running instances go on. The published version is not
    /// retired on its own: new applications would then have no process to start on. Publishing another version
    /// retires it.
    /// </summary>
    private static async Task<Ok<DefinitionVersionDto>> RetireAsync(string key, int version, DefinitionService definitions, DefinitionOverview overview, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var current = await definitions.GetAsync(key, version, cancellationToken);
        if (current.State == DefinitionState.Published)
        {
            throw new AccountException(StatusCodes.Status409Conflict, "definition-published", WebText.Get("DefinitionRetirePublished", key, version));
        }

        var record = await definitions.RetireAsync(key, version, Who(principal), cancellationToken);
        var running = await overview.RunningCountsAsync(key, cancellationToken);
        return TypedResults.Ok(DefinitionVersionDto.From(record, running.GetValueOrDefault(version)));
    }

    private static ProblemHttpResult Invalid(IReadOnlyList<ValidationError> errors, IReadOnlyList<ValidationError> warnings) =>
        TypedResults.Problem(
            detail: WebText.Get("DefinitionInvalid", errors.Count),
            statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["code"] = "definition-invalid",
                ["errors"] = errors.Select(DefinitionErrorDto.From).ToList(),
                ["warnings"] = warnings.Select(DefinitionErrorDto.From).ToList(),
            });

    private static string Who(ClaimsPrincipal principal) => principal.Identity?.Name ?? principal.UserId();

    private static bool IsMultipart(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    /// <summary>The body as XML text: an XML media type, at most <see cref="MaxDefinitionBytes"/>, not empty.</summary>
    private static async Task<string> ReadRawXmlAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !XmlMediaTypes.Any(t => type.MediaType.Equals(t, StringComparison.OrdinalIgnoreCase)))
        {
            throw new AccountException(StatusCodes.Status415UnsupportedMediaType, "definition-media-type", WebText.Get("DefinitionMediaType", request.ContentType ?? "-"));
        }

        if (request.ContentLength > MaxDefinitionBytes)
        {
            throw TooLarge();
        }

        return await ReadLimitedAsync(request.Body, cancellationToken);
    }

    /// <summary>The <c>file</c> of a multipart form: a <c>.bpmn</c> or <c>.xml</c> file of at most <see cref="MaxDefinitionBytes"/>.</summary>
    private static async Task<string> ReadUploadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await MultipartUpload.ReadFileAsync(
                request,
                MaxDefinitionBytes,
                async (fileName, content) =>
                {
                    if (!FileExtensions.Any(e => fileName.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                    {
                        throw new AccountException(StatusCodes.Status415UnsupportedMediaType, "definition-file-type", WebText.Get("DefinitionFileType", fileName));
                    }

                    return await ReadLimitedAsync(content, cancellationToken);
                },
                cancellationToken);
        }
        catch (PerizinanException ex) when (ex.Code == PerizinanError.DocumentTooLarge)
        {
            throw TooLarge();
        }
        catch (PerizinanException ex) when (ex.Code == PerizinanError.DocumentEmpty)
        {
            throw new AccountException(StatusCodes.Status400BadRequest, "definition-empty", WebText.Get("DefinitionNoFile"));
        }
    }

    private static async Task<string> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxDefinitionBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw new AccountException(StatusCodes.Status400BadRequest, "definition-empty", WebText.Get("DefinitionEmpty"));
        }

        // UTF-8 (a BOM, if any, is dropped): the engine hashes the text, so the same file gives the same version.
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static AccountException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, "definition-too-large", WebText.Get("DefinitionTooLarge", MaxDefinitionBytes / (1024 * 1024)));
}
