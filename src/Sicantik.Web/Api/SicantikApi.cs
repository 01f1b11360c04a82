using Microsoft.AspNetCore.Antiforgery;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Api;

/// <summary>Maps <c>/api</c>.</summary>
public static class SicantikApi
{
    public static IEndpointRouteBuilder MapSicantikApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").DisableAntiforgery().AddEndpointFilter(CookieCallersNeedAntiforgeryAsync);
        api.MapAccountApi();
        api.MapApplicationApi();
        api.MapTaskApi();
        api.MapOutboxApi();
        api.MapHolidayApi();
        api.MapEmailTemplateApi();
        api.MapKioskApi();
        api.MapReportApi();
        api.MapIssuedDocumentApi();
        api.MapVerificationApi();
        api.MapDefinitionApi();
        api.MapProcessAdminApi();
        api.MapGet("/tasks/events", InboxNotifier.Stream).RequireAuthorization(SicantikPolicies.Clerk).WithTags("Tugas").ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>
    /// The API takes bearer tokens and, for the pages' own scripts, the sign-in cookie. A browser sends the cookie with
    /// any cross-site form too, so a cookie caller that changes something must also send the antiforgery token in the
    /// <c>RequestVerificationToken</c> header (the pages put it in a meta tag). Bearer callers are not exposed to that.
    /// </summary>
    private static async ValueTask<object?> CookieCallersNeedAntiforgeryAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var safe = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method);
        // The sign-in scheme picks the bearer handler exactly when this header is there; otherwise the cookie signed in.
        var byCookie = http.User.Identity?.IsAuthenticated == true
            && !http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        if (!safe && byCookie)
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Problems.Result(StatusCodes.Status400BadRequest, "antiforgery-invalid", WebText.Get("AntiforgeryInvalid"));
            }
        }

        return await next(context);
    }
}
