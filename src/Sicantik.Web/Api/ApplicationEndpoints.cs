using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Sicantik.Data.Identity;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Perizinan.Survey;
using Sicantik.Perizinan.Tracking;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Api;

/// <summary>The applicant's side (SOP steps 1 to 4, then tracking): drafts, uploads, submission, tracking, survey.</summary>
public static class ApplicationEndpoints
{
    public static RouteGroupBuilder MapApplicationApi(this RouteGroupBuilder api)
    {
        var types = api.MapGroup("/permit-types").WithTags("Jenis izin");
        types.MapGet("/", ListTypesAsync).AllowAnonymous();
        types.MapGet("/{code}", GetTypeAsync).AllowAnonymous();
        types.MapPost("/", CreateTypeAsync).RequireAuthorization(SicantikPolicies.Admin);
        types.MapPut("/{code}", UpdateTypeAsync).RequireAuthorization(SicantikPolicies.Admin);

        var applications = api.MapGroup("/applications").WithTags("Permohonan").RequireAuthorization(SicantikPolicies.Applicant);
        applications.MapGet("/", ListAsync);
        applications.MapPost("/", CreateAsync);
        applications.MapGet("/{id:guid}", GetAsync);
        applications.MapPut("/{id:guid}", UpdateAsync);
        applications.MapPost("/{id:guid}/documents/{requirementKey}", UploadAsync).DisableAntiforgery();
        applications.MapGet("/{id:guid}/documents/{documentId:guid}", DownloadAsync);
        applications.MapDelete("/{id:guid}/documents/{documentId:guid}", RemoveDocumentAsync);
        applications.MapPost("/{id:guid}/submit", SubmitAsync);
        applications.MapPost("/{id:guid}/resubmit", ResubmitAsync);
        applications.MapPost("/{id:guid}/withdraw", WithdrawAsync);
        applications.MapGet("/{id:guid}/tracking", TrackAsync);
        applications.MapPost("/{id:guid}/survey", SurveyAsync);
        return api;
    }

    private static async Task<IResult> ListTypesAsync(PermitTypeService types, ClaimsPrincipal principal, bool? all, CancellationToken cancellationToken)
    {
        var list = all == true && principal.IsInRole(SopRoles.Admin) ? await types.ListAllAsync(cancellationToken) : await types.ListActiveAsync(cancellationToken);
        return TypedResults.Ok(list.Select(PermitTypeDto.From).ToList());
    }

    private static async Task<IResult> GetTypeAsync(string code, PermitTypeService types, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var type = await types.FindByCodeAsync(code, cancellationToken);
        return type is null || (!type.IsActive && !principal.IsInRole(SopRoles.Admin))
            ? throw new PerizinanException(PerizinanError.NotFound, WebText.Get("PermitTypeNotFound", code))
            : TypedResults.Ok(PermitTypeDto.From(type));
    }

    private static async Task<IResult> CreateTypeAsync(PermitTypeCreateRequest request, PermitTypeService types, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var type = await types.CreateAsync(request.Code, request.Type, principal.UserId(), cancellationToken);
        return TypedResults.Created($"/api/permit-types/{type.Code}", PermitTypeDto.From(type));
    }

    private static async Task<IResult> UpdateTypeAsync(string code, PermitTypeUpdateRequest request, PermitTypeService types, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var type = await types.UpdateAsync(code, request.Type, request.Revision, principal.UserId(), cancellationToken);
        return TypedResults.Ok(PermitTypeDto.From(type));
    }

    private static async Task<IResult> ListAsync(ApplicationService applications, ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        TypedResults.Ok((await applications.ListAsync(principal.UserId(), cancellationToken)).Select(a => ApplicationDto.From(a)).ToList());

    private static async Task<IResult> CreateAsync(NewApplicationRequest request, ApplicationService applications, UserManager<SicantikUser> users, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(principal.UserId()) ?? throw new PerizinanException(PerizinanError.NotFound, WebText.Get("AccountNotFound"));
        var application = await applications.CreateDraftAsync(
            new NewApplication
            {
                PermitTypeCode = request.PermitTypeCode ?? string.Empty,
                ApplicantId = user.Id,
                ApplicantName = user.FullName,
                ApplicantNik = user.Nik,
                ApplicantNib = user.Nib,
                FormValues = request.FormValues ?? [],
            },
            cancellationToken);
        var checklist = await applications.GetChecklistAsync(application.Id, user.Id, cancellationToken);
        return TypedResults.Created($"/api/applications/{application.Id}", ApplicationDto.From(application, checklist));
    }

    private static async Task<IResult> GetAsync(Guid id, ApplicationService applications, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var application = await applications.FindAsync(id, principal.UserId(), cancellationToken) ?? throw NotFound();
        var checklist = await applications.GetChecklistAsync(id, principal.UserId(), cancellationToken);
        return TypedResults.Ok(ApplicationDto.From(application, checklist));
    }

    private static async Task<IResult> UpdateAsync(Guid id, FormValuesRequest request, ApplicationService applications, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var application = await applications.UpdateDraftAsync(id, principal.UserId(), request.FormValues ?? [], cancellationToken);
        return TypedResults.Ok(ApplicationDto.From(application, await applications.GetChecklistAsync(id, principal.UserId(), cancellationToken)));
    }

    /// <summary>
    /// Streams one file (multipart part <c>file</c>) straight into the file store: nothing is buffered, and a body larger
    /// than the largest requirement limit is cut off at that limit.
    /// </summary>
    private static async Task<IResult> UploadAsync(
        Guid id,
        string requirementKey,
        HttpRequest request,
        ApplicationService applications,
        IOptions<PerizinanOptions> options,
        ClaimsPrincipal principal,
        CancellationToken cancellationToken)
    {
        var document = await MultipartUpload.ReadFileAsync(
            request,
            options.Value.MaxRequirementSizeBytes,
            (fileName, content) => applications.UploadDocumentAsync(id, principal.UserId(), new DocumentUpload(requirementKey, fileName, content), cancellationToken),
            cancellationToken);
        return TypedResults.Created($"/api/applications/{id}/documents/{document.Id}", DocumentDto.From(document));
    }

    private static async Task<IResult> DownloadAsync(Guid id, Guid documentId, ApplicationService applications, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var content = await applications.OpenDocumentAsync(id, principal.UserId(), documentId, cancellationToken)
            ?? throw new PerizinanException(PerizinanError.NotFound, WebText.Get("DocumentNotFound"));
        return DocumentResults.Inline(content);
    }

    private static async Task<IResult> RemoveDocumentAsync(Guid id, Guid documentId, ApplicationService applications, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        await applications.RemoveDocumentAsync(id, principal.UserId(), documentId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SubmitAsync(Guid id, ApplicationService applications, ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        TypedResults.Ok(ApplicationDto.From(await applications.SubmitAsync(id, principal.UserId(), cancellationToken)));

    private static async Task<IResult> ResubmitAsync(Guid id, ApplicationService applications, ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        TypedResults.Ok(ApplicationDto.From(await applications.ResubmitAsync(id, principal.UserId(), cancellationToken)));

    private static async Task<IResult> WithdrawAsync(Guid id, ApplicationService applications, ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        TypedResults.Ok(ApplicationDto.From(await applications.WithdrawAsync(id, principal.UserId(), cancellationToken)));

    private static async Task<IResult> TrackAsync(Guid id, TrackingService tracking, ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tracking.GetAsync(id, principal.UserId(), cancellationToken) ?? throw NotFound());

    private static async Task<IResult> SurveyAsync(Guid id, SurveyRequest request, SurveyService survey, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        await survey.SubmitAsync(id, principal.UserId(), request.Answers ?? [], request.Suggestion, cancellationToken);
        return TypedResults.NoContent();
    }

    private static PerizinanException NotFound() => new(PerizinanError.NotFound, WebText.Get("ApplicationNotFound"));
}

public sealed record PermitTypeCreateRequest(string Code, PermitTypeInput Type);

public sealed record PermitTypeUpdateRequest(PermitTypeInput Type, int? Revision);

/// <summary>Serves a stored document inline (the browser's viewer), with its stored type and a safe file name.</summary>
public static class DocumentResults
{
    public static IResult Inline(DocumentContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(content.Document.FileName);
        return new InlineFileResult(content, disposition.ToString());
    }

    private sealed class InlineFileResult(DocumentContent content, string disposition) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            await using (content)
            {
                httpContext.Response.ContentType = content.Document.ContentType;
                httpContext.Response.ContentLength = content.Document.SizeBytes;
                httpContext.Response.Headers.ContentDisposition = disposition;
                httpContext.Response.Headers.XContentTypeOptions = "nosniff";
                httpContext.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
                await content.Content.CopyToAsync(httpContext.Response.Body, httpContext.RequestAborted);
            }
        }
    }
}

/// <summary>Reads one file part of a multipart request as a stream.</summary>
public static class MultipartUpload
{
    /// <summary>
    /// Finds the first file part and hands its stream to <paramref name="consume"/>. The request body is capped at
    /// <paramref name="maxFileBytes"/> plus room for the part headers.
    /// </summary>
    public static async Task<T> ReadFileAsync<T>(HttpRequest request, long maxFileBytes, Func<string, Stream, Task<T>> consume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(consume);
        const long envelope = 64 * 1024;
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = maxFileBytes + envelope;
        }

        if (request.ContentLength > maxFileBytes + envelope)
        {
            throw TooLarge(maxFileBytes);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw new PerizinanException(PerizinanError.DocumentEmpty, WebText.Get("UploadNotMultipart"));
        }

        // The server's own limit (above) is not there on every server, nor settable once the body was touched: the cap is
        // also kept here, so that no part of the body (a file, or anything sent ahead of it) streams in past it.
        var reader = new MultipartReader(boundary, new CappedBody(request.Body, maxFileBytes + envelope));
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && disposition.IsFileDisposition())
                {
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "berkas";
                    return await consume(Path.GetFileName(fileName), section.Body);
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(maxFileBytes);
        }

        throw new PerizinanException(PerizinanError.DocumentEmpty, WebText.Get("UploadNoFile"));
    }

    private static PerizinanException TooLarge(long maxFileBytes) =>
        new(PerizinanError.DocumentTooLarge, WebText.Get("UploadTooLarge", maxFileBytes / (1024 * 1024)));

    /// <summary>A request body that fails, as Kestrel's limit does, once more than <c>limit</c> bytes were read from it.</summary>
    private sealed class CappedBody(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, (int)Math.Min(count, Room())));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, Room())], cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        // One byte past the limit is enough to know the body is too large.
        private long Room() => Math.Max(1, limit + 1 - _read);

        private int Count(int read)
        {
            _read += read;
            return _read > limit
                ? throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge)
                : read;
        }
    }
}
