using System.Security.Claims;
using Sicantik.Perizinan.Survey;
using Sicantik.Web.Identity;

namespace Sicantik.Web.Api;

/// <summary>
/// SOP step 11 at the complaints counter (Loker 5): the clerk opens the SKM kiosk for an application whose survey waits,
/// and the applicant answers there instead of in the portal.
/// </summary>
public static class KioskEndpoints
{
    public static RouteGroupBuilder MapKioskApi(this RouteGroupBuilder api)
    {
        var kiosk = api.MapGroup("/kiosk").WithTags("Kios SKM").RequireAuthorization(SicantikPolicies.Kiosk);
        kiosk.MapGet("/surveys", ListAsync);
        kiosk.MapPost("/applications/{id:guid}/survey", SubmitAsync);
        return api;
    }

    /// <summary>The applications whose survey waits, oldest first.</summary>
    private static async Task<IResult> ListAsync(SurveyService survey, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var waiting = await survey.ListWaitingAsync(principal.ToWorkflowUser(), cancellationToken: cancellationToken);
        return TypedResults.Ok(waiting.Select(KioskSurveyDto.From).ToList());
    }

    /// <summary>Completes the applicant's survey step with the answers given at the kiosk; a second survey is refused (409).</summary>
    private static async Task<IResult> SubmitAsync(Guid id, SurveyRequest request, SurveyService survey, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        await survey.SubmitAtKioskAsync(id, principal.ToWorkflowUser(), request.Answers ?? [], request.Suggestion, cancellationToken);
        return TypedResults.NoContent();
    }
}

/// <summary>An application whose survey waits at the kiosk.</summary>
public sealed record KioskSurveyDto(Guid ApplicationId, string? Number, string PermitTypeCode, string ApplicantName, DateTimeOffset Since)
{
    public static KioskSurveyDto From(SurveyWaiting w) => new(w.Application.Id, w.Application.Number, w.Application.PermitTypeCode, w.Application.ApplicantName, w.Since);
}
