using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Sicantik.Workflows.EntityFrameworkCore;

/// <summary>
/// Inserts, updates and deletes of whole rows, written as parameterized SQL and sent as one command. Table and column
/// names, value conversions and parameter types come from the context's EF Core model and its provider's type mappings,
/// and identifiers and parameter names from its SQL generation helper, so the SQL is the provider's own dialect. A step
/// knows which of its rows changed; EF Core's update pipeline (command ordering, per-row SQL generation, result
/// propagation) cost a durable step ~180 KB of allocation and most of its save time.
/// </summary>
internal sealed class RowBatch(DbContext context)
{
    // SQL Server takes at most 2,100 parameters per command; a larger step is sent in several commands.
    private const int MaxParameters = 2000;

    private static readonly ConcurrentDictionary<IEntityType, Table> Tables = new();

    private readonly ISqlGenerationHelper _sql = context.GetService<ISqlGenerationHelper>();
    private readonly StringBuilder _text = new();
    private readonly List<(IProperty Property, object? Value)> _parameters = [];
    private readonly List<(string Text, List<(IProperty Property, object? Value)> Parameters)> _full = [];

    public bool IsEmpty => _text.Length == 0 && _full.Count == 0;

    /// <summary>Adds an insert of every column but store-generated ones; <paramref name="shadow"/> gives shadow properties' values.</summary>
    public void Insert(object entity, Func<IProperty, object?>? shadow = null)
    {
        var table = TableOf(entity);
        _text.Append("INSERT INTO ").Append(table.Name).Append(" (");
        var first = true;
        foreach (var column in table.Inserted)
        {
            _text.Append(first ? string.Empty : ", ").Append(column.Name);
            first = false;
        }

        _text.Append(") VALUES (");
        first = true;
        foreach (var column in table.Inserted)
        {
            _text.Append(first ? string.Empty : ", ");
            AppendParameter(column.Property, ValueOf(entity, column.Property, shadow));
            first = false;
        }

        _text.Append(')').Append(_sql.StatementTerminator).AppendLine();
        Flush();
    }

    /// <summary>Adds an update of every non-key column of the row with <paramref name="entity"/>'s key.</summary>
    public void Update(object entity, Func<IProperty, object?>? shadow = null)
    {
        var table = TableOf(entity);
        _text.Append("UPDATE ").Append(table.Name).Append(" SET ");
        var first = true;
        foreach (var column in table.Updated)
        {
            _text.Append(first ? string.Empty : ", ").Append(column.Name).Append(" = ");
            AppendParameter(column.Property, ValueOf(entity, column.Property, shadow));
            first = false;
        }

        AppendWhereKey(table, entity);
        Flush();
    }

    /// <summary>Adds a delete of the row with <paramref name="entity"/>'s key.</summary>
    public void Delete(object entity)
    {
        var table = TableOf(entity);
        _text.Append("DELETE FROM ").Append(table.Name);
        AppendWhereKey(table, entity);
        Flush();
    }

    /// <summary>Runs the statements on the context's connection, in <paramref name="transaction"/>.</summary>
    public async Task ExecuteAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        Flush(force: true);
        foreach (var (text, parameters) in _full)
        {
            await using var command = CreateCommand(transaction, text, parameters);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        _full.Clear();
    }

    /// <summary>
    /// <c>UPDATE … SET … WHERE key AND concurrency token = expected</c>, run at once: whether exactly one row matched.
    /// </summary>
    public async Task<bool> UpdateIfAsync(DbTransaction transaction, object entity, IReadOnlyList<IProperty> columns, IProperty token, object expected, CancellationToken cancellationToken)
    {
        var table = TableOf(entity);
        var text = new StringBuilder("UPDATE ").Append(table.Name).Append(" SET ");
        var parameters = new List<(IProperty Property, object? Value)>();
        for (var i = 0; i < columns.Count; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(ColumnName(columns[i], table)).Append(" = ");
            text.Append(Placeholder(parameters.Count));
            parameters.Add((columns[i], columns[i].GetGetter().GetClrValue(entity)));
        }

        text.Append(" WHERE ");
        foreach (var key in table.Key)
        {
            text.Append(key.Name).Append(" = ").Append(Placeholder(parameters.Count)).Append(" AND ");
            parameters.Add((key.Property, key.Property.GetGetter().GetClrValue(entity)));
        }

        text.Append(ColumnName(token, table)).Append(" = ").Append(Placeholder(parameters.Count)).Append(_sql.StatementTerminator);
        parameters.Add((token, expected));
        await using var command = CreateCommand(transaction, text.ToString(), parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private DbCommand CreateCommand(DbTransaction transaction, string text, List<(IProperty Property, object? Value)> parameters)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        for (var i = 0; i < parameters.Count; i++)
        {
            var (property, value) = parameters[i];
            var mapping = property.GetRelationalTypeMapping();
            command.Parameters.Add(mapping.CreateParameter(command, _sql.GenerateParameterName(ParameterName(i)), value, property.IsNullable));
        }

        return command;
    }

    private void AppendWhereKey(Table table, object entity)
    {
        _text.Append(" WHERE ");
        var first = true;
        foreach (var key in table.Key)
        {
            _text.Append(first ? string.Empty : " AND ").Append(key.Name).Append(" = ");
            AppendParameter(key.Property, key.Property.GetGetter().GetClrValue(entity));
            first = false;
        }

        _text.Append(_sql.StatementTerminator).AppendLine();
    }

    private void AppendParameter(IProperty property, object? value)
    {
        _text.Append(Placeholder(_parameters.Count));
        _parameters.Add((property, value));
    }

    private void Flush(bool force = false)
    {
        if (_text.Length > 0 && (force || _parameters.Count >= MaxParameters))
        {
            _full.Add((_text.ToString(), [.. _parameters]));
            _text.Clear();
            _parameters.Clear();
        }
    }

    private string Placeholder(int index) => _sql.GenerateParameterNamePlaceholder(ParameterName(index));

    private static string ParameterName(int index) => "p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static object? ValueOf(object entity, IProperty property, Func<IProperty, object?>? shadow) =>
        property.IsShadowProperty()
            ? shadow?.Invoke(property) ?? throw new InvalidOperationException($"No value for the shadow property {property.DeclaringType.DisplayName()}.{property.Name}.")
            : property.GetGetter().GetClrValue(entity);

    private string ColumnName(IProperty property, Table table) => _sql.DelimitIdentifier(property.GetColumnName(table.StoreObject)!);

    private Table TableOf(object entity)
    {
        var entityType = context.Model.FindEntityType(entity.GetType())
            ?? throw new InvalidOperationException($"{entity.GetType().Name} is not in the context's model.");
        return Tables.GetOrAdd(entityType, static (type, sql) => Table.Of(type, sql), _sql);
    }

    private sealed record Column(IProperty Property, string Name);

    private sealed record Table(string Name, StoreObjectIdentifier StoreObject, List<Column> Inserted, List<Column> Updated, List<Column> Key)
    {
        public static Table Of(IEntityType type, ISqlGenerationHelper sql)
        {
            var store = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            var key = type.FindPrimaryKey()!.Properties;
            Column ColumnOf(IProperty p) => new(p, sql.DelimitIdentifier(p.GetColumnName(store)!));
            var columns = type.GetProperties().Where(p => p.GetColumnName(store) is not null).ToList();
            return new Table(
                sql.DelimitIdentifier(store.Name, store.Schema),
                store,
                [.. columns.Where(p => p.ValueGenerated == ValueGenerated.Never).Select(ColumnOf)],
                [.. columns.Where(p => !p.IsPrimaryKey()).Select(ColumnOf)],
                [.. key.Select(ColumnOf)]);
        }
    }
}
