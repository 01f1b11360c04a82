using Microsoft.AspNetCore.Diagnostics;

namespace Sicantik.Web.Hosting;

/// <summary>
/// Errors as the asker reads them: a browser asking for a page gets an Indonesian page in the site's layout
/// (<c>/Galat/{status}</c>, re-executed in place so the address and the status stay); API clients (<c>/api/…</c>, or
/// not asking for HTML) keep RFC 7807 problem details.
/// </summary>
public static class ErrorPages
{
    /// <summary>The error page, with the status code in place of <c>{0}</c>.</summary>
    public const string PathFormat = "/Galat/{0}";

    /// <summary>Whether the request is a browser's for a page: it accepts HTML and is not for the API or a tool.</summary>
    public static bool WantsPage(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return !SecurityHeaders.IsApi(request.Path) && !SecurityHeaders.IsTool(request.Path)
            && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Exceptions and error status codes: pages for browsers, problem details for everyone else.</summary>
    public static IApplicationBuilder UseErrorPages(this IApplicationBuilder app)
    {
        // The problem-details handler declines unexpected exceptions on page requests; the page is re-executed then.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/Galat/500" });
        app.UseWhen(c => WantsPage(c.Request), page => page.UseStatusCodePagesWithReExecute(PathFormat));
        app.UseWhen(c => !WantsPage(c.Request), api => api.UseStatusCodePages());
        return app;
    }
}
