using System.Net;
using Sicantik.Web.Hosting;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Tests.Security;

/// <summary>Pages, the API and static files carry the security headers.</summary>
public sealed class SecurityHeaderTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
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
