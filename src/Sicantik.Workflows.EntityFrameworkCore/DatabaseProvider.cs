using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Sicantik.Workflows.EntityFrameworkCore;

/// <summary>
/// Which EF Core provider a context runs on, looked up once per set of context options. <c>Database.ProviderName</c>
/// reads the provider's assembly name through reflection on every call, and a step asked it twice.
/// </summary>
internal static class DatabaseProvider
{
    public const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";
    public const string PostgreSql = "Npgsql.EntityFrameworkCore.PostgreSQL";

    private static readonly ConditionalWeakTable<IDbContextOptions, string> Names = [];

    public static string NameOf(DbContext context)
    {
        var options = context.GetService<IDbContextOptions>();
        if (!Names.TryGetValue(options, out var name))
        {
            name = context.Database.ProviderName ?? string.Empty;
            Names.AddOrUpdate(options, name);
        }

        return name;
    }

    public static bool IsSqlite(DbContext context) => NameOf(context) == Sqlite;

    public static bool IsPostgreSql(DbContext context) => NameOf(context) == PostgreSql;
}
