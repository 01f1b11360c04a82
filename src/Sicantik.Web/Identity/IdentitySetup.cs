using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
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

    /// <summary>Anyone signed in, also with a temporary password still to change: the change-password page and API.</summary>
    public const string SignedIn = "masuk";
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
            .AddPolicyScheme(SicantikHostExtensions.SignInScheme, null, o =>
            {
                o.ForwardDefaultSelector = CredentialScheme;
                // Every authentication goes through the account check; sign-in, challenge and sign-out go to the credential's scheme.
                o.ForwardAuthenticate = CurrentAccountHandler.SchemeName;
            })
            .AddScheme<AuthenticationSchemeOptions, CurrentAccountHandler>(CurrentAccountHandler.SchemeName, null)
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
                o.Tokens.PasswordResetTokenProvider = PasswordResetTokenProvider.ProviderName;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SicantikDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddTokenProvider<PasswordResetTokenProvider>(PasswordResetTokenProvider.ProviderName)
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

        // Every policy but SignedIn waits for an administrator's temporary password to be changed.
        var passwordChanged = new PasswordChangedRequirement();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(passwordChanged).Build())
            .AddPolicy(SicantikPolicies.SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(SicantikPolicies.Applicant, p => p.RequireAuthenticatedUser().AddRequirements(passwordChanged).RequireRole(SopRoles.Pemohon))
            .AddPolicy(SicantikPolicies.Clerk, p => p.RequireAuthenticatedUser().AddRequirements(passwordChanged).RequireRole(SopRoles.Clerks))
            .AddPolicy(SicantikPolicies.Admin, p => p.RequireAuthenticatedUser().AddRequirements(passwordChanged).RequireRole(SopRoles.Admin))
            .AddPolicy(SicantikPolicies.Kiosk, p => p.RequireAuthenticatedUser().AddRequirements(passwordChanged).RequireRole(SopRoles.FoPengaduan))
            .AddPolicy(SicantikPolicies.Supervisor, p => p.RequireAuthenticatedUser().AddRequirements(passwordChanged).RequireRole(SopRoles.Supervisors));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, PasswordChangeResultHandler>();
        return services;
    }

    /// <summary>The scheme of the request's credential: the bearer token (API clients) or the cookie (pages).</summary>
    public static string CredentialScheme(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? IdentityConstants.BearerScheme
            : IdentityConstants.ApplicationScheme;
    }

    /// <summary>API and htmx callers get a status code (and problem details), not a redirect to another page.</summary>
    public static bool WantsStatusCode(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || string.Equals(request.Headers["HX-Request"], "true", StringComparison.OrdinalIgnoreCase);
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (WantsStatusCode(context.Request))
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
