using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sicantik.Data;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.EntityFrameworkCore;
using Sicantik.Workflows.Stores;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Workflows.Benchmarks;

/// <summary>
/// What-if switches (<c>--experiment</c>): each stands in, from the host's side, for a fix proposed for <c>src</c>, so
/// that its effect can be measured before anyone changes the engine. None of them is on by default.
/// </summary>
public static class Experiments
{
    /// <summary>Cache definition records by (key, version) and the published one by key, so that a command does not read the 55 KB XML again.</summary>
    public const string DefinitionCache = "definition-cache";

    /// <summary>Plain value comparers for HumanTask's List&lt;string&gt; columns instead of EF Core's ListOfReferenceTypesComparer.</summary>
    public const string ListComparers = "list-comparers";

    /// <summary>SQLite: <c>PRAGMA synchronous=NORMAL</c> on every connection (with WAL: durable against a crash of the app, not of the machine).</summary>
    public const string SqliteSynchronousNormal = "sqlite-sync-normal";

    /// <summary>PostgreSQL: <c>synchronous_commit=off</c> (a diagnostic of what the commit's WAL flush costs, not a recommendation).</summary>
    public const string PostgresAsyncCommit = "pg-async-commit";

    /// <summary>PostgreSQL connection string: <c>SSL Mode=Disable</c> (a local server), <c>No Reset On Close=true</c>, <c>Max Auto Prepare=64</c>.</summary>
    public const string PostgresConnection = "pg-conn";

    public static readonly string[] All = [DefinitionCache, ListComparers, SqliteSynchronousNormal, PostgresAsyncCommit, PostgresConnection];

    /// <summary>Adds the chosen experiments to a host's services (after AddSicantikDatabase).</summary>
    public static void Apply(IServiceCollection services, BenchDatabase? database, IReadOnlySet<string> experiments)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(experiments);
        if (database is null || experiments.Count == 0)
        {
            return;
        }

        if (experiments.Contains(DefinitionCache))
        {
            services.TryAddScoped<EfDefinitionStore<SicantikDbContext>>();
            services.TryAddSingleton<DefinitionRecordCache>();
            services.Replace(ServiceDescriptor.Scoped<IDefinitionStore, CachingDefinitionStore>());
        }

        var interceptors = new List<IInterceptor>();
        if (experiments.Contains(SqliteSynchronousNormal) && database.Store == StoreKind.Sqlite)
        {
            interceptors.Add(new SynchronousNormalInterceptor());
        }

        void Configure(DbContextOptionsBuilder options)
        {
            if (experiments.Contains(ListComparers))
            {
                options.ReplaceService<IModelCustomizer, ListComparerModelCustomizer>();
            }

            if (interceptors.Count > 0)
            {
                options.AddInterceptors(interceptors);
            }
        }

        database.ConfigureContext(services, Configure);
    }

    /// <summary>Definition versions never change their XML: what a command reads on every step can be cached.</summary>
    public sealed class DefinitionRecordCache
    {
        public ConcurrentDictionary<(string Key, int Version), DefinitionRecord> Versions { get; } = new();

        public ConcurrentDictionary<string, DefinitionRecord> Published { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>The EF definition store behind a cache (only sound for a benchmark that publishes once: a real fix keys the model cache, not the record).</summary>
    public sealed class CachingDefinitionStore(EfDefinitionStore<SicantikDbContext> inner, DefinitionRecordCache cache) : IDefinitionStore
    {
        public async Task<DefinitionRecord?> FindAsync(string key, int version, CancellationToken cancellationToken = default)
        {
            if (cache.Versions.TryGetValue((key, version), out var cached))
            {
                return cached;
            }

            var record = await inner.FindAsync(key, version, cancellationToken);
            if (record is not null)
            {
                cache.Versions[(key, version)] = record;
            }

            return record;
        }

        public async Task<DefinitionRecord?> FindPublishedAsync(string key, CancellationToken cancellationToken = default)
        {
            if (cache.Published.TryGetValue(key, out var cached))
            {
                return cached;
            }

            var record = await inner.FindPublishedAsync(key, cancellationToken);
            if (record is not null)
            {
                cache.Published[key] = record;
            }

            return record;
        }

        public Task<DefinitionRecord?> FindLatestAsync(string key, CancellationToken cancellationToken = default) => inner.FindLatestAsync(key, cancellationToken);

        public Task<IReadOnlyList<DefinitionRecord>> ListAsync(string? key = null, CancellationToken cancellationToken = default) => inner.ListAsync(key, cancellationToken);

        public Task SaveAsync(IReadOnlyList<DefinitionRecord> records, CancellationToken cancellationToken = default)
        {
            cache.Versions.Clear();
            cache.Published.Clear();
            return inner.SaveAsync(records, cancellationToken);
        }
    }

    /// <summary>Runs the application's model, then gives HumanTask's string lists a comparer without per-call delegate creation.</summary>
    public sealed class ListComparerModelCustomizer(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
    {
        public override void Customize(ModelBuilder modelBuilder, DbContext context)
        {
            ArgumentNullException.ThrowIfNull(modelBuilder);
            base.Customize(modelBuilder, context);
            var task = modelBuilder.Entity<HumanTask>().Metadata;
            foreach (var name in new[] { nameof(HumanTask.CandidateGroups), nameof(HumanTask.CandidateUsers), nameof(HumanTask.AllowedOutcomes), nameof(HumanTask.EscalatedTo) })
            {
                task.FindProperty(name)!.SetValueComparer(new StringListComparer());
            }
        }
    }

    /// <summary>Element-wise, ordinal; snapshots are copies. Expressions call static methods only (no nested lambdas).</summary>
    public sealed class StringListComparer() : ValueComparer<List<string>>((a, b) => StringLists.Equal(a, b), v => StringLists.Hash(v), v => StringLists.Copy(v));

    public static class StringLists
    {
        public static bool Equal(List<string>? a, List<string>? b) =>
            ReferenceEquals(a, b) || (a is not null && b is not null && a.SequenceEqual(b, StringComparer.Ordinal));

        public static int Hash(List<string> values)
        {
            ArgumentNullException.ThrowIfNull(values);
            var hash = default(HashCode);
            foreach (var value in values)
            {
                hash.Add(value, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }

        public static List<string> Copy(List<string> values) => [.. values];
    }

    /// <summary><c>PRAGMA synchronous=NORMAL</c> whenever EF opens a connection (the setting is per connection).</summary>
    public sealed class SynchronousNormalInterceptor : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            ArgumentNullException.ThrowIfNull(connection);
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL";
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(connection);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
