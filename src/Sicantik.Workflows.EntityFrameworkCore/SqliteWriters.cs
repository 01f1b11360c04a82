using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Sicantik.Workflows.EntityFrameworkCore;

/// <summary>
/// On SQLite, lets one step of this process write to a database file at a time. SQLite has one writer per file; a second
/// one gets SQLITE_BUSY and its busy handler sleeps (1 ms, then 2, 5, 10 ms…) however soon the first commits, so two
/// concurrent steps ran slower than one. Waiting here instead wakes the next step as soon as the previous one is done.
/// Writers in other processes, and this process's other writes, still meet SQLite's own lock and busy timeout.
/// </summary>
internal static class SqliteWriters
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Files = new(StringComparer.Ordinal);

    /// <summary>Waits for the context's database file (SQLite only; otherwise returns <c>null</c> at once); dispose to let the next writer in.</summary>
    public static async ValueTask<IDisposable?> EnterAsync(DbContext context, CancellationToken cancellationToken)
    {
        if (!DatabaseProvider.IsSqlite(context))
        {
            return null;
        }

        var file = Files.GetOrAdd(context.Database.GetDbConnection().DataSource, static _ => new SemaphoreSlim(1, 1));
        await file.WaitAsync(cancellationToken);
        return new Turn(file);
    }

    private sealed class Turn(SemaphoreSlim file) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                file.Release();
            }
        }
    }
}
