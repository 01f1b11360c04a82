using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Sicantik.Data;

/// <summary>Applies the provider's pending migrations (at start-up, or from the operator's command).</summary>
public sealed class DatabaseMigrator(SicantikDbContext context, IOptions<DatabaseOptions> options)
{
    /// <summary>Applies every pending migration; returns their names.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (options.Value.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers (inboxes) go on while a step commits.
            await context.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            finally
            {
                await context.Database.CloseConnectionAsync();
            }
        }

        await context.Database.MigrateAsync(cancellationToken);
        return pending;
    }
}
