using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sicantik.Web.BrowserTests.Support;

/// <summary>The host's JSON API with a bearer token, signed in as a demo account: what a script beside the pages would call.</summary>
public sealed class ApiClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private ApiClient(HttpClient http)
    {
        Http = http;
    }

    public HttpClient Http { get; }

    /// <summary>Signs in through <c>POST /api/account/login</c> with the demo account of <paramref name="role"/>.</summary>
    public static async Task<ApiClient> SignInAsync(BrowserFixture fixture, string role)
    {
        Assert.True(fixture.Host.DemoAccounts.TryGetValue(role, out var account), $"The host printed no demo account for {role}.");
        var http = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        var response = await http.PostAsJsonAsync("/api/account/login", new { email = account.Email, password = account.Password });
        var token = await ReadAsync<TokenResponse>(response);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return new ApiClient(http);
    }

    public async Task<T> GetAsync<T>(string path) => await ReadAsync<T>(await Http.GetAsync(path));

    public async Task<T> PostAsync<T>(string path) => await ReadAsync<T>(await Http.PostAsync(path, null));

    public async Task<string> GetTextAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {(int)response.StatusCode} {body}");
            return JsonSerializer.Deserialize<T>(body, Json) ?? throw new InvalidOperationException("Empty answer.");
        }
    }

    public void Dispose() => Http.Dispose();

    private sealed record TokenResponse(string TokenType, string AccessToken);
}
