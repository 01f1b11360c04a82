using Sicantik.Web.Identity;

namespace Sicantik.Web.Api;

/// <summary>Maps <c>/api</c>.</summary>
public static class SicantikApi
{
    public static IEndpointRouteBuilder MapSicantikApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").DisableAntiforgery();
        api.MapAccountApi();
        api.MapApplicationApi();
        api.MapTaskApi();
        api.MapGet("/tasks/events", InboxNotifier.Stream).RequireAuthorization(SicantikPolicies.Clerk).WithTags("Tugas").ExcludeFromDescription();
        return endpoints;
    }
}
