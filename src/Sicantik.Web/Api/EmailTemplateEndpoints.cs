using System.Security.Claims;
using Microsoft.Extensions.Options;
using Sicantik.Perizinan.Notifications;
using Sicantik.Web.Hosting;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Api;

/// <summary>
/// The applicant's email templates for administrators: read one (in use, built-in, variables, history), save an edit
/// (checked first: refused with the parser's message and nothing saved), reset to the built-in one, and preview on the
/// built-in sample application.
/// </summary>
public static class EmailTemplateEndpoints
{
    public static RouteGroupBuilder MapEmailTemplateApi(this RouteGroupBuilder api)
    {
        var templates = api.MapGroup("/admin/email-templates").WithTags("Templat surel").RequireAuthorization(SicantikPolicies.Admin);
        templates.MapGet("/", ListAsync);
        templates.MapGet("/{key}", GetAsync);
        templates.MapPut("/{key}", SaveAsync);
        templates.MapDelete("/{key}", ResetAsync);
        templates.MapPost("/{key}/preview", PreviewAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(EmailTemplateStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(EmailTemplateDto.From).ToList());

    private static async Task<IResult> GetAsync(string key, EmailTemplateStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(EmailTemplateDto.From(await store.GetAsync(key, cancellationToken)));

    /// <summary>Saves the three parts; every part is required.</summary>
    private static async Task<IResult> SaveAsync(string key, EmailTemplateRequest request, EmailTemplateStore store, ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        TypedResults.Ok(EmailTemplateDto.From(await store.SaveAsync(key, request.ToSource(), principal.UserId(), cancellationToken)));

    /// <summary>Puts the built-in template back; the edit stays in the history.</summary>
    private static async Task<IResult> ResetAsync(string key, EmailTemplateStore store, ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        TypedResults.Ok(EmailTemplateDto.From(await store.ResetAsync(key, principal.UserId(), cancellationToken)));

    /// <summary>
    /// Renders the parts sent (or, with an empty body, the template in use) on the built-in sample application, or on the
    /// real one named by <c>application</c> (its id or registration number).
    /// </summary>
    private static async Task<IResult> PreviewAsync(string key, EmailTemplateRequest? request, string? application, EmailTemplateStore store, IOptions<SicantikOptions> options, CancellationToken cancellationToken)
    {
        var source = request is null || (request.Subject is null && request.Text is null && request.Html is null) ? null : request.ToSource();
        var rendered = await store.PreviewAsync(key, source, SiteBase(options.Value), application, cancellationToken);
        return TypedResults.Ok(new EmailPreviewDto(rendered.Subject, rendered.Text, rendered.Html));
    }

    public static Uri SiteBase(SicantikOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Uri(options.PublicBaseUrl.TrimEnd('/') + "/");
    }
}

/// <summary>An edit of a template: the Liquid source of its subject, text part and HTML part.</summary>
public sealed record EmailTemplateRequest(string? Subject, string? Text, string? Html)
{
    public EmailTemplateSource ToSource() => new(Subject ?? string.Empty, Text ?? string.Empty, Html ?? string.Empty);
}

/// <summary>A template as the API shows it.</summary>
public sealed record EmailTemplateDto(
    string Key,
    string Subject,
    string Text,
    string Html,
    bool IsCustom,
    string? ChangedBy,
    DateTimeOffset? ChangedAt,
    EmailTemplateRequest Default,
    IReadOnlyList<EmailTemplateVariable> Variables,
    IReadOnlyList<EmailTemplateHistoryEntry> History)
{
    public static EmailTemplateDto From(EmailTemplateView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new EmailTemplateDto(
            view.Key, view.Source.Subject, view.Source.Text, view.Source.Html, view.IsCustom, view.ChangedBy, view.ChangedAt,
            new EmailTemplateRequest(view.Default.Subject, view.Default.Text, view.Default.Html), view.Variables, view.History);
    }
}

/// <summary>A preview: the message as the applicant would receive it.</summary>
public sealed record EmailPreviewDto(string Subject, string Text, string Html);
