using System.Globalization;
using System.Threading.RateLimiting;
using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Sicantik.Data;
using Sicantik.Data.Identity;
using Sicantik.Perizinan;
using Sicantik.Perizinan.Issuance;
using Sicantik.Web.Api;
using Sicantik.Web.Email;
using Sicantik.Web.Identity;
using Sicantik.Web.ProcessAdmin;
using Sicantik.Workflows;
using Sicantik.Workflows.Hangfire;

namespace Sicantik.Web.Hosting;

/// <summary>Composes the host: the database, the engine on Hangfire, the permit domain, Identity, email, pages and the API.</summary>
public static class SicantikHostExtensions
{
    /// <summary>The authentication scheme that picks the bearer token (API clients) or the cookie (pages).</summary>
    public const string SignInScheme = "Sicantik";

    public static WebApplicationBuilder AddSicantik(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        UseShippedDefaults(builder.Configuration);
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddSingleton(TimeProvider.System);
        services.AddOptions<SicantikOptions>().BindConfiguration(SicantikOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SicantikOptions>, PublicBaseUrlValidator>();

        // Persistence, the engine and the domain, on one context.
        services.AddSicantikDatabase(configuration);
        services.AddPerizinan().UseDbContext<SicantikDbContext>().UsePersonDirectory<IdentityPersonDirectory>();
        var database = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();

        // The SK's QR code opens this site's verification page; a generated signing certificate is kept beside the data.
        services.AddOptions<DocumentsOptions>().PostConfigure<IOptions<SicantikOptions>>((documents, hostOptions) =>
        {
            if (string.IsNullOrWhiteSpace(documents.PublicBaseUrl))
            {
                documents.PublicBaseUrl = hostOptions.Value.PublicBaseUrl;
            }

            if (string.IsNullOrWhiteSpace(documents.GeneratedCertificatePath))
            {
                documents.GeneratedCertificatePath = Path.Combine(Path.GetFullPath(database.DataFolder), "sertifikat", "penandatangan.pfx");
            }
        });
        services.AddHangfire((sp, hangfire) => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseActivator(new ServiceProviderJobActivator(sp.GetRequiredService<IServiceScopeFactory>()))
            .UseStorage(HangfireStorageFactory.Create(database.Provider.ToString(), database.Provider == DatabaseProvider.Sqlite ? null : database.ResolveConnectionString())));
        services.AddWorkflows().UseHangfireScheduling().UseScriptWorker();
        var host = configuration.GetSection(SicantikOptions.SectionName).Get<SicantikOptions>() ?? new SicantikOptions();
        // Before the Hangfire server: the holidays are loaded before the first timer is counted.
        services.AddHostedService<HolidayRefresher>();
        if (host.RunBackgroundJobs)
        {
            services.AddHangfireServer(o => o.WorkerCount = Math.Max(2, Environment.ProcessorCount));
        }

        // Keys that protect cookies and tokens live beside the data, so that sign-ins survive a restart.
        services.AddDataProtection()
            .SetApplicationName("Sicantik")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(database.DataFolder), "keys")));
        services.AddSicantikIdentity(configuration);
        services.AddSicantikEmail(configuration);

        services.AddLocalization();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Customize);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Sicantik API";
            document.Info.Description = WebText.Get("OpenApiDescription");
            return Task.CompletedTask;
        }));
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Pemohon", SicantikPolicies.Applicant);
            o.Conventions.AuthorizeFolder("/Petugas", SicantikPolicies.Clerk);
            o.Conventions.AuthorizeFolder("/Admin", SicantikPolicies.Admin);
            o.Conventions.AuthorizeFolder("/Petugas/Kiosk", SicantikPolicies.Kiosk);
            o.Conventions.AuthorizeFolder("/Laporan", SicantikPolicies.Supervisor);
            o.Conventions.AuthorizeFolder("/Pengawasan", SicantikPolicies.Supervisor);
        });
        services.AddAntiforgery(o => o.HeaderName = "RequestVerificationToken");
        services.AddRateLimiter(o =>
        {
            // The public upload check: a few checks a minute per address; reading a code is not limited.
            o.AddPolicy(VerificationEndpoints.UploadRateLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = host.VerificationUploadsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("read"));
            // Requests for an account email (confirmation, password reset) per client, whichever address they name.
            o.AddPolicy(AccountEndpoints.EmailRateLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = host.AccountEmailRequestsPerClient, Window = TimeSpan.FromMinutes(15), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("read"));
            o.OnRejected = (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                var accountEmail = http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>()?.PolicyName == AccountEndpoints.EmailRateLimit;
                if (accountEmail && !IdentitySetup.WantsStatusCode(http.Request))
                {
                    // A page's form: back to the page, which says to wait.
                    http.Response.Redirect(http.Request.Path + "?" + AccountEndpoints.RateLimitedQuery + "=true");
                    return ValueTask.CompletedTask;
                }

                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return new ValueTask(Problems.Result(StatusCodes.Status429TooManyRequests, "too-many-requests", WebText.Get(accountEmail ? "AccountEmailRateLimited" : "VerificationRateLimited"))
                    .ExecuteAsync(http));
            };
        });
        services.AddTransient<StartupInitializer>();
        services.AddScoped<AccountService>();
        services.AddScoped<StaffAccounts>();
        services.AddSingleton<InboxNotifier>();
        services.AddProcessAdmin();
        return builder;
    }

    public static WebApplication UseSicantik(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var culture = CultureInfo.GetCultureInfo("id-ID");
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(culture),
            SupportedCultures = [culture, CultureInfo.GetCultureInfo("en")],
            SupportedUICultures = [culture, CultureInfo.GetCultureInfo("en")],
        });
        app.UseSecurityHeaders();
        app.UseErrorPages();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapOpenApi("/openapi/{documentName}.json");
        if (app.Environment.IsDevelopment())
        {
            app.UseSwaggerUI(o =>
            {
                o.SwaggerEndpoint("/openapi/v1.json", "Sicantik API v1");
                o.RoutePrefix = "api/docs";
            });
        }

        app.MapSicantikApi();
        app.MapRazorPages();
        app.MapHangfireDashboard("/admin/hangfire", new DashboardOptions
        {
            Authorization = [new HangfireDashboardAuthorization()],
            DisplayStorageConnectionString = false,
            AppPath = "/",
        });
        return app;
    }

    /// <summary>
    /// Applies migrations, deploys the definitions in <c>workflows/</c>, seeds the permit catalogue, the roles and (only
    /// on the embedded default) the demo accounts.
    /// </summary>
    public static async Task InitializeSicantikAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StartupInitializer>().RunAsync(app.Lifetime.ApplicationStopping);
    }

    /// <summary>
    /// The top-level <c>appsettings.json</c> travels with the build output; read it first, so that the content root's
    /// files, environment variables and the command line override it.
    /// </summary>
    private static void UseShippedDefaults(ConfigurationManager configuration)
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var sources = configuration.Sources;
        var first = sources.OfType<JsonConfigurationSource>().FirstOrDefault();
        var index = first is null ? 0 : sources.IndexOf(first);
        var source = new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            Path = "appsettings.json",
            Optional = true,
            ReloadOnChange = false,
        };
        if (File.Exists(shipped) && !SameFile(first, shipped))
        {
            sources.Insert(index, source);
        }
    }

    private static bool SameFile(JsonConfigurationSource? source, string path) =>
        source?.FileProvider is PhysicalFileProvider provider && source.Path is { } relative
        && string.Equals(Path.GetFullPath(Path.Combine(provider.Root, relative)), Path.GetFullPath(path), StringComparison.Ordinal);
}
