using Microsoft.Net.Http.Headers;

namespace Sicantik.Web.Hosting;

/// <summary>
/// Response headers that keep the browser from running, framing or sniffing what it should not (OWASP Secure Headers):
/// a Content-Security-Policy, <c>X-Content-Type-Options: nosniff</c>, <c>X-Frame-Options: DENY</c> and a Referrer-Policy,
/// on every response, pages, API and static files alike.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The pages' policy. Scripts only from this site, so an injected <c>&lt;script&gt;</c> or <c>onclick=</c> does not
    /// run; data reaches page scripts in <c>&lt;script type="application/json"&gt;</c> islands, which are not executed.
    /// Styles allow <c>'unsafe-inline'</c>: diagram-js (under the designer and the instance views) builds its canvas,
    /// overlays and tooltips from markup with <c>style</c> attributes, htmx adds its indicator style, and a few pages
    /// size an icon inline. Inline CSS cannot run script; what it could leak (CSS selectors reading attribute values) is
    /// held back by <c>connect-src</c>/<c>img-src</c> to this site. Fonts and icons are bundled as <c>data:</c> URLs.
    /// </summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The API's JSON and CSV are data, never a document to render scripts or styles for.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// A document from the API (an uploaded PDF or scan, a signed SK) opens in the clerk's task page, in a frame of this
    /// site; the browser's PDF viewer runs under the document's own policy, so only the framing is restricted.
    /// </summary>
    public const string DocumentPolicy = "frame-ancestors 'self'";

    /// <summary>
    /// The Hangfire dashboard (admins) and the Swagger UI (Development only) are third-party pages with inline script;
    /// they keep everything else of the pages' policy.
    /// </summary>
    public const string ToolPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Paths served by third-party UIs with inline script (see <see cref="ToolPolicy"/>).</summary>
    public static readonly PathString[] ToolPaths = ["/admin/hangfire", "/api/docs"];

    /// <summary>Adds the headers to every response when it starts (so that error handlers, which clear headers, keep them).</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // The path as asked: Hangfire's dashboard moves it into PathBase, and an error page re-executes another.
        var path = context.Request.PathBase.Add(context.Request.Path);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var policy = PolicyFor(path, context.Response.ContentType);
            headers[HeaderNames.ContentSecurityPolicy] = policy;
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            headers[HeaderNames.XFrameOptions] = policy == DocumentPolicy ? "SAMEORIGIN" : "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>Whether the path is one of the third-party tools' (<see cref="ToolPaths"/>).</summary>
    public static bool IsTool(PathString path) => ToolPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the path is the API's or its OpenAPI document's.</summary>
    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);

    /// <summary>The policy for a response: by the request's path, and for the API by what it answers with.</summary>
    public static string PolicyFor(PathString path, string? contentType)
    {
        if (IsTool(path))
        {
            return ToolPolicy;
        }

        if (!IsApi(path))
        {
            return PagePolicy;
        }

        var data = contentType is null || contentType.Contains("json", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase);
        return data ? ApiPolicy : DocumentPolicy;
    }
}
