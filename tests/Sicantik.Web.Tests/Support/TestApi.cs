using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Tracking;
using Sicantik.Web.Api;

namespace Sicantik.Web.Tests.Support;

/// <summary>Calls and checks on the JSON API, as a client written against its OpenAPI description would make them.</summary>
public static class TestApi
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Fails with the response body (a problem's detail says what went wrong) when the status is not the expected one.</summary>
    public static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        }
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        await EnsureAsync(response, expected);
        var value = await response.Content.ReadFromJsonAsync<T>(Json);
        Assert.NotNull(value);
        return value;
    }

    public static async Task<T> GetAsync<T>(this HttpClient client, string path) => await ReadAsync<T>(await client.GetAsync(path));

    public static async Task<T> PostAsync<T>(this HttpClient client, string path, object? body, HttpStatusCode expected = HttpStatusCode.OK) =>
        await ReadAsync<T>(await client.PostAsJsonAsync(path, body, Json), expected);

    /// <summary>
    /// Checks an RFC 7807 answer: the status, the media type, the stable code (also the end of <c>type</c>) and a
    /// non-empty detail for a person; returns the problem for further checks.
    /// </summary>
    public static async Task<Problem> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<Problem>(body, Json);
        Assert.NotNull(problem);
        Assert.Equal(code, problem.Code);
        Assert.Equal("https://sicantik.id/problems/" + code, problem.Type);
        Assert.Equal((int)status, problem.Status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title), body);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail), body);
        return problem;
    }

    /// <summary>A multipart upload with one part named <c>file</c>, as the portal's form sends it.</summary>
    public static MultipartFormDataContent FilePart(Stream content, string fileName, string mediaType, long? length = null)
    {
        var part = new StreamContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        if (length is { } known)
        {
            part.Headers.ContentLength = known;
        }

        var form = new MultipartFormDataContent { { part, "file", fileName } };
        return form;
    }
}

public sealed record Problem(string Type, string Title, int Status, string Detail, string Code, Dictionary<string, string[]>? Errors);

public sealed record TaskItem(
    Guid Id,
    string ElementId,
    string Name,
    string? BusinessKey,
    IReadOnlyList<string> CandidateGroups,
    string? Assignee,
    string State,
    IReadOnlyList<string> AllowedOutcomes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DueAt,
    int? StandardMinutes,
    bool IsOverdue,
    string? Outcome,
    ApplicationSummaryDto? Application);

public sealed record TaskDetail(TaskItem Task, ApplicationDto? Application, bool CanClaim, bool CanUnclaim, bool CanComplete);

/// <summary>The tracking answer; the domain's records deserialise as they are.</summary>
public static class Tracking
{
    public static Task<ApplicationTracking> GetAsync(HttpClient applicant, Guid applicationId) =>
        applicant.GetAsync<ApplicationTracking>($"/api/applications/{applicationId}/tracking");
}
