using Hangfire.Dashboard;
using Sicantik.Perizinan;

namespace Sicantik.Web.Identity;

/// <summary>Only admins see Hangfire's dashboard.</summary>
public sealed class HangfireDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && user.IsInRole(SopRoles.Admin) && !user.HasClaim(c => c.Type == SicantikClaims.PasswordChangeRequired);
    }
}
