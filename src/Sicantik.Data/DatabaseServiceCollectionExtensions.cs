using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sicantik.Workflows;
using Sicantik.Workflows.EntityFrameworkCore;

namespace Sicantik.Data;

/// <summary>Registers the application's database on the configured provider.</summary>
public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SicantikDbContext"/> on the provider named by <c>Database:Provider</c> and puts the engine's
    /// stores on it. Switching provider is that value plus <c>Database:ConnectionString</c>.
    /// </summary>
    public static IServiceCollection AddSicantikDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        return services.AddSicantikDatabase(options);
    }

    /// <summary>Registers <see cref="SicantikDbContext"/> on the given provider and connection.</summary>
    public static IServiceCollection AddSicantikDatabase(this IServiceCollection services, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = options.ResolveConnectionString();
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                Directory.CreateDirectory(Path.GetFullPath(options.DataFolder));
                services.AddDbContextPool<SqliteSicantikDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(new SqliteConnectionSetup(options.SqliteSynchronous)));
                services.AddScoped<SicantikDbContext>(sp => sp.GetRequiredService<SqliteSicantikDbContext>());
                break;
            case DatabaseProvider.PostgreSql:
                services.AddDbContextPool<PostgreSqlSicantikDbContext>(o => o.UseNpgsql(PostgreSqlConnectionDefaults.Apply(connectionString)));
                services.AddScoped<SicantikDbContext>(sp => sp.GetRequiredService<PostgreSqlSicantikDbContext>());
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContextPool<SqlServerSicantikDbContext>(o => o.UseSqlServer(connectionString));
                services.AddScoped<SicantikDbContext>(sp => sp.GetRequiredService<SqlServerSicantikDbContext>());
                break;
            default:
                throw new OptionsValidationException(DatabaseOptions.SectionName, typeof(DatabaseOptions), [$"Unknown Database:Provider '{options.Provider}'."]);
        }

        services.AddSingleton(Options.Create(options));
        services.AddTransient<DatabaseMigrator>();
        services.AddWorkflows().AddEntityFrameworkStores<SicantikDbContext>();
        return services;
    }
}
