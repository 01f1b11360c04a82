using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Web.Hosting;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Tests.Security;

/// <summary>A browser gets an Indonesian page in the site's layout for an error; an API client keeps problem details.</summary>
public sealed class ErrorPageTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    internal const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    [Fact]
    public async Task UnknownPage_AskedByABrowser_IsTheIndonesianNotFoundPage_InTheLayout()
    {
        using var client = host.Anonymous();

        using var response = await SendAsync(client, HttpMethod.Get, "/halaman/yang-tidak-ada", BrowserAccept);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"error-page\" data-status=\"404\"", html, StringComparison.Ordinal);
        Assert.Contains("Halaman tidak ditemukan", html, StringComparison.Ordinal);
        Assert.Contains("<nav", html, StringComparison.Ordinal);
        Assert.Contains(SecurityHeaders.PagePolicy, response.Headers.GetValues("Content-Security-Policy"));
    }

    [Fact]
    public async Task UnknownApiPath_IsProblemDetails_AlsoForABrowser()
    {
        using var client = host.Anonymous();

        foreach (var accept in new[] { "application/json", BrowserAccept })
        {
            using var response = await SendAsync(client, HttpMethod.Get, "/api/tidak-ada", accept);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
            Assert.Equal(404, problem?.Status);
            Assert.Equal("not-found", problem?.Extensions["code"]?.ToString());
        }
    }

    [Fact]
    public async Task UnknownPage_AskedForJson_IsProblemDetails()
    {
        using var client = host.Anonymous();

        using var response = await SendAsync(client, HttpMethod.Get, "/halaman/yang-tidak-ada", "application/json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task FormPostedToAMissingPage_IsTheNotFoundPage()
    {
        using var client = host.Anonymous();

        using var response = await SendAsync(client, HttpMethod.Post, "/halaman/yang-tidak-ada", BrowserAccept, new FormUrlEncodedContent([new("a", "b")]));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Halaman tidak ditemukan", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffPage_ForAnApplicant_IsTheAccessDeniedPage()
    {
        using var applicant = await Sop.RegisterApplicantAsync(host);

        using var response = await SendAsync(applicant.Client, HttpMethod.Get, "/Petugas", BrowserAccept);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Akses ditolak", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    internal static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string accept, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Accept.ParseAdd(accept);
        return client.SendAsync(request);
    }
}

/// <summary>An unexpected fault: a page for the browser, problem details for the API, neither with internals.</summary>
public sealed class FaultPageTests
{
    [Fact]
    public async Task Fault_OnAPage_IsTheIndonesianErrorPage_AndOnTheApi_ProblemDetailsWithoutInternals()
    {
        // A host of its own: the fault is wired in before it starts, and no other test shares it.
        var factory = new SicantikWebFactory();
        await using var faulty = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddScoped<PermitTypeService>(_ => throw new InvalidOperationException("rahasia internal"))));
        using var client = faulty.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        try
        {
            using var page = await ErrorPageTests.SendAsync(client, HttpMethod.Get, "/", ErrorPageTests.BrowserAccept);
            Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("data-status=\"500\"", html, StringComparison.Ordinal);
            Assert.Contains("Terjadi gangguan", html, StringComparison.Ordinal);
            Assert.DoesNotContain("rahasia internal", html, StringComparison.Ordinal);
            Assert.Contains(SecurityHeaders.PagePolicy, page.Headers.GetValues("Content-Security-Policy"));

            using var api = await ErrorPageTests.SendAsync(client, HttpMethod.Get, "/api/permit-types", "application/json");
            Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
            Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("rahasia internal", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }
}
