using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Sicantik.Web.Tests.Support;

/// <summary>
/// The Razor pages as a browser without script uses them: GET the page, then POST its form with the antiforgery token
/// from the page and the antiforgery cookie the GET set. The bearer client signs the requests in.
/// </summary>
public static partial class PageForms
{
    /// <summary>The page's HTML; fails unless it answers 200.</summary>
    public static async Task<string> GetHtmlAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {html[..Math.Min(html.Length, 2000)]}");
        return html;
    }

    /// <summary>Posts <paramref name="fields"/> to the page's form at <paramref name="path"/> (with its handler), as the page's form would.</summary>
    public static Task<(HttpStatusCode Status, string Html, string? Location)> PostAsync(HttpClient client, string pagePath, string postPath, IEnumerable<KeyValuePair<string, string>> fields) =>
        SendFormAsync(client, pagePath, postPath, token => new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));

    /// <summary>Posts one file to the page's form (multipart), as its file input would.</summary>
    public static Task<(HttpStatusCode Status, string Html, string? Location)> PostFileAsync(HttpClient client, string pagePath, string postPath, string field, string fileName, byte[] content, string mediaType) =>
        SendFormAsync(client, pagePath, postPath, token =>
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { file, field, fileName } };
        });

    private static async Task<(HttpStatusCode Status, string Html, string? Location)> SendFormAsync(HttpClient client, string pagePath, string postPath, Func<string, HttpContent> form)
    {
        using var page = await client.GetAsync(pagePath);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET {pagePath}: {(int)page.StatusCode}");
        var token = Token().Match(html);
        Assert.True(token.Success, $"{pagePath} has no antiforgery token in a form");
        var cookies = page.Headers.TryGetValues("Set-Cookie", out var set)
            ? string.Join("; ", set.Select(c => c.Split(';')[0]))
            : string.Empty;

        using var request = new HttpRequestMessage(HttpMethod.Post, postPath)
        {
            Content = form(WebUtility.HtmlDecode(token.Groups["token"].Value)),
        };
        request.Headers.Add("Cookie", cookies);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.ToString());
    }

    /// <summary>
    /// A browser (cookies kept, redirects not followed) signed in on the sign-in page; returns it with where the page sent it.
    /// </summary>
    public static async Task<(HttpClient Browser, string? Location)> SignInAsync(SicantikWebFactory host, string email, string password)
    {
        var browser = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await GetHtmlAsync(browser, "/Akun/Masuk");
        using var signIn = await browser.PostAsync("/Akun/Masuk", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(login).Groups["token"].Value),
            ["Email"] = email,
            ["Password"] = password,
        }));
        Assert.True(signIn.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"sign-in: {(int)signIn.StatusCode}");
        return (browser, signIn.Headers.Location?.ToString());
    }

    /// <summary>Posts a form of the page at <paramref name="path"/> as a signed-in browser (its cookies) does.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var html = await GetHtmlAsync(browser, path);
        return await browser.PostAsync(path, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", WebUtility.HtmlDecode(Token().Match(html).Groups["token"].Value))]));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex Token();
}
