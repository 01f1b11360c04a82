using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using Sicantik.Data;
using Sicantik.Workflows.EntityFrameworkCore;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Workflows.Benchmarks;

/// <summary>
/// Writes engine rows the fast way for seeding: PostgreSQL binary COPY, or prepared INSERTs in one transaction on
/// SQLite. What goes into each column is taken from the EF Core model (table and column names, value converters, type
/// mappings and parameter set-up), so the rows are what SaveChanges would write; only the provider's write path differs.
/// </summary>
public sealed class BulkWriter
{
    private readonly BenchDatabase _database;
    private readonly Dictionary<Type, Table> _tables;

    /// <param name="model">The migrated context's model.</param>
    /// <param name="emptyComments">What the store wrote to HumanTask's JSON column for no comments (read from a real row).</param>
    public BulkWriter(BenchDatabase database, IModel model, object? emptyComments)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(model);
        _database = database;
        _tables = new[] { typeof(ProcessInstance), typeof(Token), typeof(HumanTask), typeof(InstanceTimer), typeof(MessageSubscription), typeof(Incident), typeof(TaskCandidate), typeof(HistoryEvent) }
            .ToDictionary(t => t, t => Table.For(model.FindEntityType(t) ?? throw new InvalidOperationException($"{t.Name} is not in the model."), emptyComments));
    }

    /// <summary>Inserts the instances with their tokens, tasks, timers, subscriptions, incidents, inbox rows and history, in one transaction.</summary>
    public async Task WriteAsync(IReadOnlyList<ProcessInstance> instances, IReadOnlyList<TaskCandidate> candidates, IReadOnlyList<HistoryEvent> history)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(history);
        var tokens = instances.SelectMany(i => i.Tokens.Select(t => (Row: (object)t, Owner: (object?)i.Id))).ToList();
        var rows = new (Type Type, IEnumerable<(object Row, object? Owner)> Rows)[]
        {
            (typeof(ProcessInstance), instances.Select(i => ((object)i, (object?)null))),
            (typeof(Token), tokens),
            (typeof(HumanTask), instances.SelectMany(i => i.Tasks).Select(t => ((object)t, (object?)null))),
            (typeof(InstanceTimer), instances.SelectMany(i => i.Timers).Select(t => ((object)t, (object?)null))),
            (typeof(MessageSubscription), instances.SelectMany(i => i.Subscriptions).Select(s => ((object)s, (object?)null))),
            (typeof(Incident), instances.SelectMany(i => i.Incidents).Select(x => ((object)x, (object?)null))),
            (typeof(TaskCandidate), candidates.Select(c => ((object)c, (object?)null))),
            (typeof(HistoryEvent), history.Select(e => ((object)e, (object?)null))),
        };

        await using var connection = _database.OpenConnection();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var (type, list) in rows)
        {
            var table = _tables[type];
            if (connection is NpgsqlConnection npgsql)
            {
                await CopyAsync(npgsql, table, list);
            }
            else
            {
                await InsertAsync(connection, transaction, table, list);
            }
        }

        await transaction.CommitAsync();
    }

    private static async Task CopyAsync(NpgsqlConnection connection, Table table, IEnumerable<(object Row, object? Owner)> rows)
    {
        var columns = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
        await using var importer = await connection.BeginBinaryImportAsync($"COPY \"{table.Name}\" ({columns}) FROM STDIN (FORMAT BINARY)");
        foreach (var (row, owner) in rows)
        {
            await importer.StartRowAsync();
            foreach (var column in table.Columns)
            {
                var value = column.ProviderValue(row, owner);
                if (value is null)
                {
                    await importer.WriteNullAsync();
                }
                else
                {
                    await importer.WriteAsync(value, column.PostgresType);
                }
            }
        }

        await importer.CompleteAsync();
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, Table table, IEnumerable<(object Row, object? Owner)> rows)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"@p{i}"))})";
        var parameters = table.Columns.Select((c, i) => c.Mapping.CreateParameter(command, $"@p{i}", null, c.Nullable)).ToArray();
        command.Parameters.AddRange(parameters);
        await command.PrepareAsync();
        foreach (var (row, owner) in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = table.Columns[i].ProviderValue(row, owner) ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync();
        }
    }

    private sealed record Table(string Name, IReadOnlyList<Column> Columns)
    {
        public static Table For(IEntityType entity, object? emptyComments)
        {
            var columns = new List<Column>();
            foreach (var property in entity.GetProperties())
            {
                if (property.ValueGenerated == ValueGenerated.OnAdd)
                {
                    continue; // the history's Sequence: the database numbers it
                }

                var mapping = property.GetRelationalTypeMapping();
                var converter = property.GetValueConverter() ?? mapping.Converter;
                Func<object, object?, object?> read = property.PropertyInfo is { } info
                    ? (row, _) => info.GetValue(row)
                    : (_, owner) => owner; // the tokens' shadow InstanceId
                columns.Add(new Column(property.GetTableColumnMappings().Single().Column.Name, mapping, converter, property.IsNullable, read, BasePostgresType(mapping.StoreType)));
            }

            foreach (var navigation in entity.GetNavigations().Where(n => n.TargetEntityType.IsMappedToJson()))
            {
                // The JSON column of an owned collection (HumanTask.Comments): written as the store wrote it for none.
                var name = navigation.TargetEntityType.GetContainerColumnName()!;
                var text = entity.GetProperties().First(p => p.ClrType == typeof(string) && p.GetValueConverter() is null).GetRelationalTypeMapping();
                var getter = (PropertyInfo)navigation.PropertyInfo!;
                columns.Add(new Column(name, text, null, true, (row, _) => getter.GetValue(row) is System.Collections.ICollection { Count: 0 }
                    ? emptyComments
                    : throw new InvalidOperationException($"Seeding copies {entity.ShortName()}.{navigation.Name} only when empty."), "jsonb"));
            }

            return new Table(entity.GetTableMappings().First().Table.Name, columns);
        }
    }

    /// <summary>PostgreSQL's type name without its length (COPY's binary format is the same for varchar(n) and text).</summary>
    private static string BasePostgresType(string storeType) =>
        storeType.Split('(')[0] + (storeType.EndsWith("[]", StringComparison.Ordinal) && storeType.Contains('(', StringComparison.Ordinal) ? "[]" : string.Empty);

    private sealed record Column(string Name, RelationalTypeMapping Mapping, ValueConverter? Converter, bool Nullable, Func<object, object?, object?> Read, string PostgresType)
    {
        public object? ProviderValue(object row, object? owner)
        {
            var value = Read(row, owner);
            return value is null ? null : Converter is null ? value : Converter.ConvertToProvider(value);
        }
    }
}
