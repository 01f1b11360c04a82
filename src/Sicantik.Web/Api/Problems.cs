using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Sicantik.Perizinan;
using Sicantik.Workflows;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Forms;

namespace Sicantik.Web.Api;

/// <summary>
/// RFC 7807 problem details: a stable <c>code</c> (kebab case), a <c>type</c> URI built from it, a title and a detail a
/// person can act on (Bahasa Indonesia by default), and <c>errors</c> when several things are wrong.
/// </summary>
public static partial class Problems
{
    public const string TypeBase = "https://sicantik.id/problems/";

    /// <summary>Fills what every problem carries: the type and title for its status or code, the code, the trace id.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (!problem.Extensions.TryGetValue("code", out var code) || code is not string)
        {
            code = StatusCode(status);
            problem.Extensions["code"] = code;
        }

        problem.Type = TypeBase + code;
        problem.Title = WebText.Find("Problem_" + code) ?? WebText.Find("Problem_" + StatusCode(status)) ?? problem.Title;
        problem.Detail ??= WebText.Find("ProblemDetail_" + code);
        problem.Extensions["traceId"] = context.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity.Id ?? context.HttpContext.TraceIdentifier;
    }

    /// <summary>A problem result with a code from this host (for refusals that are not a domain exception).</summary>
    public static IResult Result(int status, string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = code };
        if (errors is not null)
        {
            extensions["errors"] = errors;
        }

        return TypedResults.Problem(detail: detail, statusCode: status, extensions: extensions);
    }

    /// <summary>The status and code of an exception the domain or the engine throws on purpose; null for the rest.</summary>
    public static (int Status, string Code, IReadOnlyDictionary<string, string[]>? Errors)? Describe(Exception exception) => exception switch
    {
        AccountException e => (e.Status, e.Code, e.Errors),
        PerizinanException e => (Status(e.Code), Kebab(e.Code.ToString()), Group(e.Errors.Select(i => (i.Key, i.Message)))),
        DefinitionValidationException e => (StatusCodes.Status422UnprocessableEntity, "definition-invalid", Group(e.Errors.Select(v => (v.ElementId ?? "definition", v.Message)))),
        FormInvalidException e => (StatusCodes.Status422UnprocessableEntity, "form-invalid", e.FieldErrors),
        WorkflowException e => (Status(e.Error), Kebab(e.Error.ToString()), null),
        BadHttpRequestException e => (e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "request-too-large" : "bad-request", null),
        _ => null,
    };

    private static int Status(PerizinanError error) => error switch
    {
        PerizinanError.NotFound => StatusCodes.Status404NotFound,
        PerizinanError.PermitTypeCodeTaken or PerizinanError.PermitTypeInactive or PerizinanError.InvalidState
            or PerizinanError.ConcurrencyConflict or PerizinanError.SurveyAlreadyFilled or PerizinanError.HolidayDuplicate => StatusCodes.Status409Conflict,
        PerizinanError.IkmPeriodRequired or PerizinanError.IkmDateInvalid or PerizinanError.IkmPeriodInvalid or PerizinanError.IkmPeriodTooLong
            or PerizinanError.IkmPermitTypeUnknown => StatusCodes.Status400BadRequest,
        PerizinanError.SlaPeriodRequired or PerizinanError.SlaDateInvalid or PerizinanError.SlaPeriodInvalid or PerizinanError.SlaPeriodTooLong
            or PerizinanError.SlaPermitTypeUnknown => StatusCodes.Status400BadRequest,
        PerizinanError.DocumentTooLarge => StatusCodes.Status413PayloadTooLarge,
        PerizinanError.DocumentTypeRefused => StatusCodes.Status415UnsupportedMediaType,
        PerizinanError.ProcessUnavailable or PerizinanError.PdfCheckBusy => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    private static int Status(WorkflowError error) => error switch
    {
        WorkflowError.DefinitionNotFound or WorkflowError.InstanceNotFound or WorkflowError.TaskNotFound
            or WorkflowError.IncidentNotFound or WorkflowError.MessageNotCorrelated => StatusCodes.Status404NotFound,
        WorkflowError.TaskNotAssignedToUser or WorkflowError.NotCandidate => StatusCodes.Status403Forbidden,
        WorkflowError.DefinitionInvalid or WorkflowError.InvalidOutcome or WorkflowError.InvalidVariables
            or WorkflowError.MigrationRefused => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status409Conflict,
    };

    private static Dictionary<string, string[]>? Group(IEnumerable<(string Key, string Message)> issues)
    {
        var grouped = issues.GroupBy(i => i.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(i => i.Message).ToArray(), StringComparer.Ordinal);
        return grouped.Count == 0 ? null : grouped;
    }

    private static string StatusCode(int status) => status switch
    {
        400 => "bad-request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        409 => "conflict",
        413 => "request-too-large",
        415 => "unsupported-media-type",
        422 => "unprocessable",
        429 => "too-many-requests",
        _ => status >= 500 ? "server-error" : "error",
    };

    /// <summary><c>TaskAlreadyClaimed</c> → <c>task-already-claimed</c>.</summary>
    public static string Kebab(string name) => KebabBoundary().Replace(name, "$1-$2").ToLowerInvariant();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex KebabBoundary();
}

/// <summary>Turns the domain's and the engine's refusals into problem details; anything else is a 500 without internals.</summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var described = Problems.Describe(exception);
        if (described is null)
        {
            LogUnhandled(logger, exception);
            if (Hosting.ErrorPages.WantsPage(httpContext.Request))
            {
                // A browser's page request: the exception handler re-executes the error page instead.
                return false;
            }

            httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails = new ProblemDetails { Status = 500, Detail = WebText.Get("ProblemDetail_server-error") },
            });
        }

        var (status, code, errors) = described.Value;
        httpContext.Response.StatusCode = status;
        var details = new ProblemDetails { Status = status, Detail = exception is BadHttpRequestException ? null : exception.Message };
        details.Extensions["code"] = code;
        if (errors is not null)
        {
            details.Extensions["errors"] = errors;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = details });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
