using System.Net;
using System.Text.RegularExpressions;
using Sicantik.Web.Hosting;
using Sicantik.Web.Tests.Deployment;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Tests.Security;

/// <summary>Pages, the API and static files carry the security headers.</summary>
public sealed partial class SecurityHeaderTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    [Theory]
    [InlineData("/", SecurityHeaders.PagePolicy, "DENY")]
    [InlineData("/Akun/Masuk", SecurityHeaders.PagePolicy, "DENY")]
    [InlineData("/js/site.js", SecurityHeaders.PagePolicy, "DENY")]
    [InlineData("/api/permit-types", SecurityHeaders.ApiPolicy, "DENY")]
    [InlineData("/openapi/v1.json", SecurityHeaders.ApiPolicy, "DENY")]
    [InlineData("/api/docs/index.html", SecurityHeaders.ToolPolicy, "DENY")]
    public async Task Response_CarriesThePolicy_NoSniff_NoFraming_AndAReferrerPolicy(string path, string policy, string frameOptions)
    {
        using var client = host.Anonymous();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(policy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(frameOptions, Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task ApiProblem_CarriesTheApiPolicy()
    {
        using var client = host.Anonymous();

        using var response = await client.GetAsync("/api/tasks");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(SecurityHeaders.ApiPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public void PagePolicy_AllowsNoInlineScript_AndNoFraming()
    {
        var directives = SecurityHeaders.PagePolicy.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);

        Assert.Equal("script-src 'self'", directives["script-src"]);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("object-src 'none'", directives["object-src"]);
        Assert.DoesNotContain("unsafe-eval", SecurityHeaders.PagePolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HangfireDashboard_ForAnAdmin_CarriesTheToolPolicy()
    {
        using var admin = await host.AdminAsync();

        using var response = await admin.GetAsync("/admin/hangfire");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SecurityHeaders.ToolPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    /// <summary>The pages' policy runs no inline script, so no page may rely on one (JSON islands are data, not script).</summary>
    [Fact]
    public void Pages_HaveNoInlineScript_NorEventHandlerAttributes()
    {
        var pages = Path.GetDirectoryName(ComposeConfigurationTests.RepositoryFile("src/Sicantik.Web/Pages/_ViewStart.cshtml"))!;

        var offenders = Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (File: Path.GetRelativePath(pages, file), Line: index + 1, Text: line)))
            .Where(l => InlineScript().IsMatch(l.Text) || EventHandlerAttribute().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(pages.Length > 0 && Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories).Count() > 20);
        Assert.Empty(offenders);
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)(?![^>]*type=\"application/json\")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InlineScript();

    [GeneratedRegex("\\son[a-z]+\\s*=\\s*[\"']", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EventHandlerAttribute();

    [Theory]
    [InlineData("/api/tasks/1/documents/2", "application/pdf", SecurityHeaders.DocumentPolicy)]
    [InlineData("/api/tasks/1/documents/2", "image/jpeg", SecurityHeaders.DocumentPolicy)]
    [InlineData("/api/reports/sla/csv", "text/csv; charset=utf-8", SecurityHeaders.ApiPolicy)]
    [InlineData("/api/reports/sla", "application/json; charset=utf-8", SecurityHeaders.ApiPolicy)]
    [InlineData("/Pemohon", "text/html; charset=utf-8", SecurityHeaders.PagePolicy)]
    [InlineData("/admin/hangfire/jobs", "text/html", SecurityHeaders.ToolPolicy)]
    public void PolicyFor_ChoosesByPathAndContent(string path, string contentType, string policy) =>
        Assert.Equal(policy, SecurityHeaders.PolicyFor(path, contentType));
}
