using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Sicantik.Data;
using Sicantik.Data.Identity;
using Sicantik.Data.Tests.Support;
using Sicantik.Perizinan;
using Sicantik.Web.Api;

// Hangfire keeps its log provider in a static, pointed at the logger factory of the host that last resolved its
// configuration. Hosts living side by side (one per test class, in parallel) then break each other: once one is
// disposed, the next BackgroundJobClient another host builds asks a disposed LoggerFactory for a logger and the
// request fails with a 500. One host at a time: each sets the provider to its own factory before it uses it.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Sicantik.Web.Tests.Support;

/// <summary>
/// The real host (Program) on a TestServer, as production composes it, with what a test must own: a fresh database
/// (an SQLite file, or a PostgreSQL clone when SICANTIK_TEST_DATABASE=postgresql), its own pickup folder for email and
/// file store, no background job server, no demo accounts, and a fake clock. One admin account exists from the start;
/// staff accounts are made through the admin API, as an administrator makes them.
/// </summary>
public sealed class SicantikWebFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>Monday 4 March 2030, 09:00 WIB: inside office hours, so a baku mutu counts from the first minute.</summary>
    public static readonly DateTimeOffset Start = new(2030, 3, 4, 2, 0, 0, TimeSpan.Zero);

    public const string AdminEmail = "admin@dpmptsp.test";
    public const string AdminPassword = "Admin12345Rahasia";

    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sicantik-web-tests", Guid.NewGuid().ToString("N"));
    private int _counter;

    public SicantikWebFactory()
    {
        Directory.CreateDirectory(_folder);
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    public string MailFolder => Path.Combine(_folder, "surel");

    public string FileStoreFolder => Path.Combine(_folder, "berkas");

    public Mailbox Mailbox => new(MailFolder);

    /// <summary>A name no other account in this host has: tests sharing a host never meet each other's people.</summary>
    public string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _counter)}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Host settings reach the application's configuration before Program reads it (they are passed as arguments).
        var options = _database.Options;
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", options.Provider.ToString());
        builder.UseSetting("Database:ConnectionString", options.ConnectionString);
        builder.UseSetting("Database:DataFolder", Path.Combine(_folder, "data"));
        builder.UseSetting("Email:PickupFolder", MailFolder);
        builder.UseSetting("Email:SmtpHost", string.Empty);
        builder.UseSetting("Perizinan:FileStorePath", FileStoreFolder);
        builder.UseSetting("Sicantik:RunBackgroundJobs", "false");
        // The clock is fake: a retry after a lost race waits for nothing (a wait would last until the test moves the clock).
        builder.UseSetting("Workflows:ConcurrencyRetryBackoff", "00:00:00");
        builder.UseSetting("Sicantik:SeedDemoAccounts", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public async Task InitializeAsync()
    {
        // Starts the host: migrations, the workflows/ deployment, the catalogue and the roles, as at a real start-up.
        _ = Server;
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SicantikUser>>();
        var admin = new SicantikUser
        {
            UserName = AdminEmail,
            Email = AdminEmail,
            EmailConfirmed = true,
            FullName = "Administrator Uji",
            IsStaff = true,
            CreatedAt = Clock.GetUtcNow(),
        };
        Check(await users.CreateAsync(admin, AdminPassword));
        Check(await users.AddToRoleAsync(admin, SopRoles.Admin));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _database.Drop();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying handle; the temp folder is the machine's to clean.
        }
    }

    /// <summary>A client without credentials.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>Signs in through <c>POST /api/account/login</c> and returns a client that sends the bearer token.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password)
    {
        var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/account/login", new { email, password });
        await TestApi.EnsureAsync(response, System.Net.HttpStatusCode.OK);
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        Assert.NotNull(token);
        Assert.Equal("Bearer", token.TokenType);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }

    public Task<HttpClient> AdminAsync() => SignInAsync(AdminEmail, AdminPassword);

    /// <summary>The password staff accounts made by <see cref="CreateClerkAsync"/> choose at their first sign-in.</summary>
    public const string StaffPassword = "Petugas12345Baru";

    /// <summary>
    /// An administrator creates a staff account with the roles; the clerk signs in with the temporary password, changes it
    /// to <see cref="StaffPassword"/> as the host demands, and signs in with that.
    /// </summary>
    public Task<Clerk> CreateClerkAsync(params string[] roles) => CreateNamedClerkAsync(null, roles);

    /// <summary>As <see cref="CreateClerkAsync"/>, with the clerk's full name (by default "Petugas" and the email).</summary>
    public async Task<Clerk> CreateNamedClerkAsync(string? fullName, params string[] roles)
    {
        var created = await CreateNamedStaffAsync(fullName, roles);
        using (var first = await SignInAsync(created.Email, created.TemporaryPassword))
        {
            await TestApi.EnsureAsync(
                await first.PostAsJsonAsync("/api/account/password", new ChangePasswordRequest(created.TemporaryPassword, StaffPassword)),
                System.Net.HttpStatusCode.OK);
        }

        return new Clerk(created.UserId, created.Email, await SignInAsync(created.Email, StaffPassword));
    }

    /// <summary>An administrator creates a staff account with the roles, through the admin API; its password is temporary.</summary>
    public Task<NewStaffResponse> CreateStaffAsync(params string[] roles) => CreateNamedStaffAsync(null, roles);

    /// <summary>As <see cref="CreateStaffAsync(string[])"/>, with the staff member's full name (by default "Petugas" and the email).</summary>
    public async Task<NewStaffResponse> CreateNamedStaffAsync(string? fullName, params string[] roles)
    {
        using var admin = await AdminAsync();
        var email = $"{Unique(roles[0])}@dpmptsp.test";
        var response = await admin.PostAsJsonAsync("/api/admin/users", new NewStaffRequest(fullName ?? $"Petugas {email}", email, roles, null));
        await TestApi.EnsureAsync(response, System.Net.HttpStatusCode.Created);
        var created = await response.Content.ReadFromJsonAsync<NewStaffResponse>(TestApi.Json);
        Assert.NotNull(created);
        return created;
    }

    private static void Check(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));

    /// <summary>What the sign-in (and a password change made with a bearer token) answers.</summary>
    public sealed record TokenResponse(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);
}

/// <summary>A signed-in staff member.</summary>
public sealed record Clerk(string UserId, string Email, HttpClient Client) : IDisposable
{
    public void Dispose() => Client.Dispose();
}
