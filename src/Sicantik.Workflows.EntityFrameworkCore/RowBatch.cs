using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Sicantik.Workflows.EntityFrameworkCore;

/// <summary>
/// Inserts, updates and deletes of whole rows, written as parameterized SQL: sent as one <see cref="DbBatch"/> (one round
/// trip) where the provider has batches, else as one command per statement on the open connection (SQLite). Table and column
/// names, value conversions and parameter types come from the context's EF Core model and its provider's type mappings,
/// and identifiers and parameter names from its SQL generation helper, so the SQL is the provider's own dialect. A step
/// knows which of its rows changed; EF Core's update pipeline (command ordering, per-row SQL generation, result
/// propagation) cost a durable step ~180 KB of allocation and most of its save time.
/// </summary>
internal sealed class RowBatch(DbContext context)
{
    // SQL Server takes at most 2,100 parameters per command and 1,000 rows per VALUES list; consecutive inserts into one
    // table share a statement up to these.
    private const int MaxParameters = 2000;
    private const int MaxRows = 1000;

    // What an owned JSON collection with no entries is stored as (EF Core writes the same).
    private const string EmptyJsonArray = "'[]'";

    private const string PostgreSqlDivisionByZero = "22012";

    private static readonly ConcurrentDictionary<IEntityType, Table> Tables = new();

    private readonly ISqlGenerationHelper _sql = context.GetService<ISqlGenerationHelper>();

    // Npgsql parses and rewrites SQL with named parameters (@p0 becomes $1) on every execution; with positional ones ($1,
    // parameters without names) it sends the SQL as it is.
    private readonly bool _positional = DatabaseProvider.IsPostgreSql(context);
    private readonly List<Statement> _statements = [];
    private int _parameterCount;
    private bool _guarded;

    /// <summary>
    /// Adds an insert of every column but store-generated ones; <paramref name="shadow"/> gives shadow properties' values.
    /// Owned JSON collections must be empty: they are written as an empty JSON array. Consecutive inserts into one table
    /// become one statement of several rows (a step writes its history as one).
    /// </summary>
    public void Insert(object entity, Func<IProperty, object?>? shadow = null)
    {
        var table = TableOf(entity);
        foreach (var json in table.JsonCollections)
        {
            if (json.Navigation.GetGetter().GetClrValue(entity) is System.Collections.ICollection { Count: > 0 })
            {
                throw new InvalidOperationException($"{table.Name}.{json.Name} has entries; rows with owned JSON entries are written by EF Core.");
            }
        }

        Statement statement;
        if (_statements.Count > 0
            && _statements[^1] is { } last
            && ReferenceEquals(last.InsertInto, table)
            && last.Rows < MaxRows
            && last.Parameters.Count + table.Inserted.Count <= MaxParameters)
        {
            statement = last;
            statement.Text.Length -= _sql.StatementTerminator.Length;
            statement.Text.Append(", (");
        }
        else
        {
            statement = Begin();
            statement.InsertInto = table;
            var header = statement.Text;
            header.Append("INSERT INTO ").Append(table.Name).Append(" (");
            var firstColumn = true;
            foreach (var column in table.Inserted)
            {
                header.Append(firstColumn ? string.Empty : ", ").Append(column.Name);
                firstColumn = false;
            }

            foreach (var json in table.JsonCollections)
            {
                header.Append(", ").Append(json.Name);
            }

            header.Append(") VALUES (");
        }

        statement.Rows++;
        var text = statement.Text;
        var first = true;
        foreach (var column in table.Inserted)
        {
            text.Append(first ? string.Empty : ", ");
            AppendParameter(statement, column.Property, ValueOf(entity, column.Property, shadow));
            first = false;
        }

        foreach (var json in table.JsonCollections)
        {
            text.Append(", ").Append(EmptyJsonArray);
        }

        text.Append(')').Append(_sql.StatementTerminator);
    }

    /// <summary>
    /// Adds an update of the row with <paramref name="entity"/>'s key: of the non-key columns whose values differ from
    /// <paramref name="previous"/> (the row as stored), or of every one when there is no previous row. Nothing is added when
    /// no column differs. A column set to the value it holds still rewrites its indexes' entries: on SQLite every index
    /// page it is on goes into the commit's WAL frames.
    /// </summary>
    public void Update(object entity, object? previous = null, Func<IProperty, object?>? shadow = null)
    {
        var table = TableOf(entity);
        Statement? statement = null;
        foreach (var column in table.Updated)
        {
            var value = ValueOf(entity, column.Property, shadow);
            if (previous is not null && column.Property.GetValueComparer().Equals(value, ValueOf(previous, column.Property, shadow)))
            {
                continue;
            }

            if (statement is null)
            {
                statement = Begin();
                statement.Text.Append("UPDATE ").Append(table.Name).Append(" SET ");
            }
            else
            {
                statement.Text.Append(", ");
            }

            statement.Text.Append(column.Name).Append(" = ");
            AppendParameter(statement, column.Property, value);
        }

        if (statement is not null)
        {
            AppendWhereKey(statement, table, entity);
        }
    }

    /// <summary>Adds a delete of the row with <paramref name="entity"/>'s key.</summary>
    public void Delete(object entity)
    {
        var table = TableOf(entity);
        var statement = Begin();
        statement.Text.Append("DELETE FROM ").Append(table.Name);
        AppendWhereKey(statement, table, entity);
    }

    /// <summary>
    /// Adds, as the batch's first statement, <c>UPDATE … SET columns WHERE key AND token = expected</c>: the guard.
    /// <see cref="ExecuteAsync"/> then says whether it matched exactly one row.
    /// </summary>
    public void UpdateIf(object entity, IReadOnlyList<IProperty> columns, IProperty token, object expected)
    {
        if (_statements.Count > 0)
        {
            throw new InvalidOperationException("The guarded update must be the batch's first statement.");
        }

        var table = TableOf(entity);
        var statement = Begin();
        var text = statement.Text;
        text.Append("UPDATE ").Append(table.Name).Append(" SET ");
        for (var i = 0; i < columns.Count; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(ColumnName(columns[i], table)).Append(" = ");
            AppendParameter(statement, columns[i], columns[i].GetGetter().GetClrValue(entity));
        }

        text.Append(" WHERE ");
        foreach (var key in table.Key)
        {
            text.Append(key.Name).Append(" = ");
            AppendParameter(statement, key.Property, key.Property.GetGetter().GetClrValue(entity));
            text.Append(" AND ");
        }

        text.Append(ColumnName(token, table)).Append(" = ");
        AppendParameter(statement, token, expected);
        text.Append(_sql.StatementTerminator);
        _guarded = true;
    }

    /// <summary>
    /// Runs the statements on the context's connection, in <paramref name="transaction"/>. Returns <c>false</c> when the
    /// guard (<see cref="UpdateIf"/>) matched no row: the caller must then roll the transaction back, since the other
    /// statements may have run as well (with a <see cref="DbBatch"/> they are sent together).
    /// </summary>
    public async Task<bool> ExecuteAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (_statements.Count == 0)
        {
            return true;
        }

        var connection = transaction.Connection!;
        try
        {
            return connection.CanCreateBatch
                ? await ExecuteBatchAsync(connection, transaction, cancellationToken)
                : await ExecuteCommandsAsync(connection, transaction, cancellationToken);
        }
        finally
        {
            Clear();
        }
    }

    private async Task<bool> ExecuteBatchAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var batch = CreateBatch(connection, transaction, guardFails: false);
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException) when (_guarded && batch.BatchCommands[0].RecordsAffected == 0)
        {
            // The guard ran and matched nothing: the step lost, and a later statement failed on what the winner wrote.
            return false;
        }

        return !_guarded || batch.BatchCommands[0].RecordsAffected == 1;
    }

    /// <summary>
    /// On PostgreSQL, runs the statements as one batch outside any transaction the caller began: PostgreSQL runs the
    /// statements of a batch (one Sync) as one implicit transaction, so the step commits with its batch and saves the
    /// COMMIT's round trip. The guard is written so that matching no row is an error (a division by zero), which aborts
    /// the implicit transaction: a step that lost writes nothing. Returns <c>false</c> when it lost. The connection must be
    /// open and in no transaction.
    /// </summary>
    public async Task<bool> ExecuteAsImplicitTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (!CanCommitAlone(context))
        {
            throw new InvalidOperationException($"{DatabaseProvider.NameOf(context)} does not run a batch as one transaction.");
        }

        try
        {
            await using var batch = CreateBatch(connection, null, guardFails: true);
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (DbException ex) when (_guarded && ex.SqlState == PostgreSqlDivisionByZero)
        {
            return false;
        }
        finally
        {
            Clear();
        }
    }

    /// <summary>Whether <see cref="ExecuteAsImplicitTransactionAsync"/> can run on <paramref name="context"/>'s provider (PostgreSQL).</summary>
    public static bool CanCommitAlone(DbContext context) => DatabaseProvider.IsPostgreSql(context);

    /// <summary>
    /// Runs the guard (<see cref="UpdateIf"/>) alone, now, and takes it out of the batch: whether it matched one row. For a
    /// step that must know it won before anything else writes (EF Core's SaveChanges accepts its entries).
    /// </summary>
    public async Task<bool> ExecuteGuardAsync(DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (!_guarded)
        {
            return true;
        }

        var guard = _statements[0];
        _statements.RemoveAt(0);
        _guarded = false;
        return await ExecuteNonQueryAsync(transaction.Connection!, transaction, guard, cancellationToken) == 1;
    }

    private async Task<bool> ExecuteCommandsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        // The guard alone and first, so that a step that lost writes nothing else.
        if (!await ExecuteGuardAsync(transaction, cancellationToken))
        {
            return false;
        }

        // One command per statement, each with its own parameters: Microsoft.Data.Sqlite binds every parameter of a
        // command to every statement of its text by name, so one command of n statements cost n times all the step's
        // parameters in lookups (a fifth of a step's allocation).
        foreach (var statement in _statements)
        {
            await ExecuteNonQueryAsync(connection, transaction, statement, cancellationToken);
        }

        return true;
    }

    private DbBatch CreateBatch(DbConnection connection, DbTransaction? transaction, bool guardFails)
    {
        var batch = connection.CreateBatch();
        batch.Transaction = transaction;

        // The type mappings make parameters from a command; the batch's commands take the provider's own parameters.
        using var factory = connection.CreateCommand();
        for (var i = 0; i < _statements.Count; i++)
        {
            var statement = _statements[i];
            var command = batch.CreateBatchCommand();
            var text = statement.Text.ToString();
            if (guardFails && i == 0 && _guarded)
            {
                // PostgreSQL: a data-modifying CTE, then 1 / the rows it updated.
                text = $"WITH guard AS ({text[..^_sql.StatementTerminator.Length]} RETURNING 1) SELECT 1 / count(*) FROM guard{_sql.StatementTerminator}";
            }

            command.CommandText = text;
            AddParameters(factory, command.Parameters, statement);

            batch.BatchCommands.Add(command);
        }

        return batch;
    }

    /// <summary>One statement as its own command: a prepared one where the connection keeps them (<see cref="PreparedCommands"/>).</summary>
    private static async Task<int> ExecuteNonQueryAsync(DbConnection connection, DbTransaction transaction, Statement statement, CancellationToken cancellationToken)
    {
        var text = statement.Text.ToString();
        if (PreparedCommands.Of(connection) is { } prepared)
        {
            var command = prepared.For(text, transaction);
            AddParameters(command, command.Parameters, statement);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var own = connection.CreateCommand();
        own.Transaction = transaction;
        own.CommandText = text;
        AddParameters(own, own.Parameters, statement);
        return await own.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The statement's parameters, made by their type mappings from <paramref name="factory"/>, added to <paramref name="parameters"/>.</summary>
    private static void AddParameters(DbCommand factory, DbParameterCollection parameters, Statement statement)
    {
        foreach (var (property, value, name) in statement.Parameters)
        {
            parameters.Add(property.GetRelationalTypeMapping().CreateParameter(factory, name, value, property.IsNullable));
        }
    }

    private void Clear()
    {
        _statements.Clear();
        _parameterCount = 0;
        _guarded = false;
    }

    private Statement Begin()
    {
        var statement = new Statement();
        _statements.Add(statement);
        return statement;
    }

    private void AppendWhereKey(Statement statement, Table table, object entity)
    {
        statement.Text.Append(" WHERE ");
        var first = true;
        foreach (var key in table.Key)
        {
            statement.Text.Append(first ? string.Empty : " AND ").Append(key.Name).Append(" = ");
            AppendParameter(statement, key.Property, key.Property.GetGetter().GetClrValue(entity));
            first = false;
        }

        statement.Text.Append(_sql.StatementTerminator);
    }

    // Named parameters' names are unique across the whole batch, so that statements can also be joined into one command;
    // positional ones count from $1 in each statement, which is its own command of a batch.
    private void AppendParameter(Statement statement, IProperty property, object? value)
    {
        if (_positional)
        {
            statement.Text.Append('$').Append(statement.Parameters.Count + 1);
            statement.Parameters.Add((property, value, string.Empty));
            return;
        }

        var name = "p" + _parameterCount++.ToString(System.Globalization.CultureInfo.InvariantCulture);
        statement.Text.Append(_sql.GenerateParameterNamePlaceholder(name));
        statement.Parameters.Add((property, value, _sql.GenerateParameterName(name)));
    }

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

    private sealed class Statement
    {
        public StringBuilder Text { get; } = new();

        public List<(IProperty Property, object? Value, string Name)> Parameters { get; } = [];

        /// <summary>The table of an insert, which the next insert into the same table joins; <c>null</c> for other statements.</summary>
        public Table? InsertInto { get; set; }

        public int Rows { get; set; }
    }

    private sealed record Column(IProperty Property, string Name);

    private sealed record JsonCollection(INavigation Navigation, string Name);

    private sealed record Table(string Name, StoreObjectIdentifier StoreObject, List<Column> Inserted, List<Column> Updated, List<Column> Key, List<JsonCollection> JsonCollections)
    {
        public static Table Of(IEntityType type, ISqlGenerationHelper sql)
        {
            var store = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            var key = type.FindPrimaryKey()!.Properties;
            Column ColumnOf(IProperty p) => new(p, sql.DelimitIdentifier(p.GetColumnName(store)!));
            var columns = type.GetProperties().Where(p => p.GetColumnName(store) is not null).ToList();
            var json = type.GetNavigations()
                .Where(n => n.IsCollection && n.TargetEntityType.IsOwned() && n.TargetEntityType.IsMappedToJson())
                .Select(n => new JsonCollection(n, sql.DelimitIdentifier(n.TargetEntityType.GetContainerColumnName()!)))
                .ToList();
            return new Table(
                sql.DelimitIdentifier(store.Name, store.Schema),
                store,
                [.. columns.Where(p => p.ValueGenerated == ValueGenerated.Never).Select(ColumnOf)],
                [.. columns.Where(p => !p.IsPrimaryKey()).Select(ColumnOf)],
                [.. key.Select(ColumnOf)],
                json);
        }
    }
}
