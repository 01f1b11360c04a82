using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Sicantik.Data;
using Sicantik.Data.Identity;
using Sicantik.Perizinan;
using Sicantik.Perizinan.PermitTypes;
using Sicantik.Workflows.Definitions;

namespace Sicantik.Web.Hosting;

/// <summary>Brings a database to what the host needs: schema, process definitions, catalogue, roles, demo accounts.</summary>
public sealed partial class StartupInitializer(
    DatabaseMigrator migrator,
    SicantikDbContext context,
    IOptions<DatabaseOptions> database,
    IOptions<SicantikOptions> options,
    DefinitionService definitions,
    BpmnReader reader,
    PermitCatalogSeeder catalog,
    RoleManager<IdentityRole> roles,
    UserManager<SicantikUser> users,
    TimeProvider time,
    ILogger<StartupInitializer> logger)
{
    /// <summary>The demo accounts: one per staff role, and the admin.</summary>
    public static IReadOnlyList<(string Email, string Name, string Role)> DemoAccounts { get; } =
    [
        ("pendaftaran@sicantik.local", "Rina Pendaftaran", SopRoles.FoPendaftaran),
        ("analis@sicantik.local", "Budi Analis", SopRoles.BoAnalis),
        ("kasi@sicantik.local", "Sari Kepala Seksi", SopRoles.KasiPerizinan),
        ("kabid@sicantik.local", "Agus Kepala Bidang", SopRoles.KabidPerizinan),
        ("kadis@sicantik.local", "Dewi Kepala Dinas", SopRoles.Kadis),
        ("pengambilan@sicantik.local", "Joko Pengambilan", SopRoles.FoPengambilan),
        ("pengaduan@sicantik.local", "Lina Pengaduan", SopRoles.FoPengaduan),
        ("admin@sicantik.local", "Administrator", SopRoles.Admin),
    ];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (database.Value.MigrateOnStartup)
        {
            var applied = await migrator.MigrateAsync(cancellationToken);
            if (applied.Count > 0)
            {
                LogMigrated(logger, applied.Count, applied);
            }
        }
        else if (await context.Database.GetPendingMigrationsAsync(cancellationToken) is { } pending && pending.Any())
        {
            // The operator applies migrations (README, "Databases"); starting on an older schema would fail later, and worse.
            throw new InvalidOperationException(
                $"Database:MigrateOnStartup is off and {pending.Count()} migration(s) are pending ({string.Join(", ", pending)}). " +
                "Apply them with the command in the README (Databases), or turn MigrateOnStartup on.");
        }

        await DeployDefinitionsAsync(cancellationToken);
        var seeded = await catalog.SeedAsync(cancellationToken);
        if (seeded.Count > 0)
        {
            LogCatalogSeeded(logger, seeded);
        }

        foreach (var role in SopRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
        }

        if (options.Value.SeedDemoAccounts && database.Value.Provider == DatabaseProvider.Sqlite)
        {
            await SeedDemoAccountsAsync();
        }
    }

    /// <summary>
    /// Deploys each <c>.bpmn</c> file: a file whose content no stored version has becomes a new published version (the
    /// shipped definition changed); a file already stored leaves the versions alone, so a version an admin published
    /// in the designer stays published across restarts.
    /// </summary>
    private async Task DeployDefinitionsAsync(CancellationToken cancellationToken)
    {
        var folder = Path.IsPathRooted(options.Value.WorkflowsFolder)
            ? options.Value.WorkflowsFolder
            : Path.Combine(AppContext.BaseDirectory, options.Value.WorkflowsFolder);
        if (!Directory.Exists(folder))
        {
            LogNoWorkflows(logger, folder);
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.bpmn").Order(StringComparer.Ordinal))
        {
            var xml = await File.ReadAllTextAsync(file, cancellationToken);
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(xml)));
            var key = reader.Parse(xml).Key;
            var versions = await definitions.ListAsync(key, cancellationToken);
            if (versions.Any(v => v.Hash == hash))
            {
                continue;
            }

            var result = await definitions.DeployAsync(xml, "sistem", publish: true, cancellationToken);
            LogDeployed(logger, result.Definition.Key, result.Definition.Version, file);
        }
    }

    private async Task SeedDemoAccountsAsync()
    {
        var created = new List<(string Email, string Role, string Password)>();
        foreach (var (email, name, role) in DemoAccounts)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }

            var password = NewPassword();
            var user = new SicantikUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                FullName = name,
                IsStaff = true,
                CreatedAt = time.GetUtcNow(),
            };
            Check(await users.CreateAsync(user, password));
            Check(await users.AddToRoleAsync(user, role));
            created.Add((email, role, password));
        }

        if (created.Count == 0)
        {
            return;
        }

        // Printed once, to the console, so that whoever started the demo can sign in; never logged elsewhere.
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(WebText.Get("DemoAccountsHeader"));
        foreach (var (email, role, password) in created)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {role,-16} {email,-30} {password}");
        }

        text.AppendLine(WebText.Get("DemoAccountsFooter"));
        Console.Out.WriteLine(text.ToString());
    }

    /// <summary>A password that meets the policy: 16 characters from an unambiguous alphabet, with each class present.</summary>
    public static string NewPassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        const string lower = "abcdefghijkmnopqrstuvwxyz";
        const string digits = "23456789";
        const string all = upper + lower + digits;
        var chars = new char[16];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        for (var i = 3; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} migration(s): {Names}")]
    private static partial void LogMigrated(ILogger logger, int count, IReadOnlyList<string> names);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded permit types: {Codes}")]
    private static partial void LogCatalogSeeded(ILogger logger, IReadOnlyList<string> codes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No workflows folder at {Folder}; nothing deployed")]
    private static partial void LogNoWorkflows(ILogger logger, string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployed and published {Key} version {Version} from {File}")]
    private static partial void LogDeployed(ILogger logger, string key, int version, string file);
}
