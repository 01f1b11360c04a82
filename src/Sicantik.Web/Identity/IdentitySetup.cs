using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Sicantik.Data;
using Sicantik.Data.Identity;
using Sicantik.Perizinan;
using Sicantik.Web.Hosting;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Web.Identity;

/// <summary>Authorization policies by SOP role.</summary>
public static class SicantikPolicies
{
    public const string Applicant = "pemohon";
    public const string Clerk = "petugas";
    public const string Admin = "admin";

    /// <summary>The complaints counter (Loker 5), which runs the SKM kiosk.</summary>
    public const string Kiosk = "kios-skm";

    /// <summary>Those who read the office's reports: the Kasi, Kabid, Kadis and administrators.</summary>
    public const string Supervisor = "pimpinan";
}

/// <summary>ASP.NET Core Identity on the application's database: cookies for pages, bearer tokens for the API.</summary>
public static class IdentitySetup
{
    public static IServiceCollection AddSicantikIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SicantikHostExtensions.SignInScheme;
                o.DefaultChallengeScheme = SicantikHostExtensions.SignInScheme;
            })
            .AddPolicyScheme(SicantikHostExtensions.SignInScheme, null, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme)
            .AddIdentityCookies();

        services.AddIdentityCore<SicantikUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SicantikDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<IndonesianIdentityErrorDescriber>();
        services.Configure<IdentityOptions>(configuration.GetSection("Identity"));

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Akun/Masuk";
            o.LogoutPath = "/Akun/Keluar";
            o.AccessDeniedPath = "/Akun/AksesDitolak";
            o.Cookie.Name = "sicantik";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
        });
        services.Configure<BearerTokenOptions>(IdentityConstants.BearerScheme, o =>
        {
            o.BearerTokenExpiration = TimeSpan.FromHours(1);
            o.RefreshTokenExpiration = TimeSpan.FromDays(7);
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(SicantikPolicies.Applicant, p => p.RequireAuthenticatedUser().RequireRole(SopRoles.Pemohon))
            .AddPolicy(SicantikPolicies.Clerk, p => p.RequireAuthenticatedUser().RequireRole(SopRoles.Clerks))
            .AddPolicy(SicantikPolicies.Admin, p => p.RequireAuthenticatedUser().RequireRole(SopRoles.Admin))
            .AddPolicy(SicantikPolicies.Kiosk, p => p.RequireAuthenticatedUser().RequireRole(SopRoles.FoPengaduan))
            .AddPolicy(SicantikPolicies.Supervisor, p => p.RequireAuthenticatedUser().RequireRole(SopRoles.Supervisors));
        return services;
    }

    /// <summary>API callers get a status code (and problem details), not a redirect to the sign-in page.</summary>
    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || string.Equals(context.Request.Headers["HX-Request"], "true", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Reads the signed-in person as the engine and the domain know them.</summary>
public static class PrincipalExtensions
{
    /// <summary>The Identity user id.</summary>
    public static string UserId(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The principal has no user id.");

    /// <summary>The user with their SOP roles, as the engine's candidate checks read them.</summary>
    public static WorkflowUser ToWorkflowUser(this ClaimsPrincipal principal) =>
        new(principal.UserId(), principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
}
