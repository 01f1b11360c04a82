using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Sicantik.Workflows.EntityFrameworkCore;

namespace Sicantik.Data.Tests;

/// <summary>
/// The SQLite step writer's group commit, on a real SQLite file: steps that wait for the file together are written in one
/// transaction, each keeping its own outcome. Runs on SQLite whatever SICANTIK_TEST_DATABASE says (the writer serves SQLite only).
/// </summary>
public sealed class SqliteStepWriterTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sicantik-tests", Guid.NewGuid().ToString("N"));
    private readonly string _connectionString;
    private readonly SqliteStepWriter _writer = new();
    private readonly DbContext _context;

    public SqliteStepWriterTests()
    {
        Directory.CreateDirectory(_folder);
        _connectionString = $"Data Source={Path.Combine(_folder, "steps.db")};Pooling=False;Foreign Keys=True";
        Execute("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE Parents (Id INTEGER PRIMARY KEY);
            CREATE TABLE Children (Id INTEGER PRIMARY KEY, ParentId INTEGER NOT NULL REFERENCES Parents (Id) DEFERRABLE INITIALLY DEFERRED);
            """);
        _context = new DbContext(new DbContextOptionsBuilder().UseSqlite(_connectionString).Options);
    }

    [Fact]
    public async Task StepsThatWaitTogether_AreWrittenInOneTransaction_EachWithItsOwnOutcome()
    {
        var (first, release) = await HoldTheFileAsync(parent: 1);
        var transactions = new ConcurrentBag<DbTransaction>();

        var won = _writer.WriteAsync(_context, async (transaction, ct) => { transactions.Add(transaction); await InsertParentAsync(transaction, 2); return true; }, default);
        var lost = _writer.WriteAsync(_context, async (transaction, ct) => { transactions.Add(transaction); await InsertParentAsync(transaction, 3); return false; }, default);
        var failed = _writer.WriteAsync(
            _context,
            async (transaction, ct) =>
            {
                transactions.Add(transaction);
                await InsertParentAsync(transaction, 4);
                await InsertParentAsync(transaction, 2);
                return true;
            },
            default);
        var alsoWon = _writer.WriteAsync(_context, async (transaction, ct) => { transactions.Add(transaction); await InsertParentAsync(transaction, 5); return true; }, default);
        Assert.False(won.IsCompleted);
        release();

        Assert.True(await first);
        Assert.True(await won);
        Assert.False(await lost);
        var error = await Assert.ThrowsAsync<SqliteException>(() => failed);
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT: its own duplicate key, after the winner's row 2
        Assert.True(await alsoWon);
        Assert.Equal(4, transactions.Count);
        Assert.Single(transactions.Distinct());
        Assert.Equal([1, 2, 5], Parents());
    }

    [Fact]
    public async Task AFailedCommit_FailsEveryStepOfItsGroup_AndTheNextStepIsWrittenOnAFreshConnection()
    {
        var (first, release) = await HoldTheFileAsync(parent: 1);
        var valid = _writer.WriteAsync(_context, async (transaction, ct) => { await InsertParentAsync(transaction, 2); return true; }, default);
        var orphan = _writer.WriteAsync(
            _context,
            async (transaction, ct) =>
            {
                // A deferred foreign key is checked at COMMIT, after the step's savepoint was released.
                await ExecuteAsync(transaction, "INSERT INTO Children (Id, ParentId) VALUES (1, 99)");
                return true;
            },
            default);
        release();

        Assert.True(await first);
        Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(() => valid)).SqliteErrorCode);
        Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(() => orphan)).SqliteErrorCode);
        Assert.Equal([1], Parents());

        Assert.True(await _writer.WriteAsync(_context, async (transaction, ct) => { await InsertParentAsync(transaction, 3); return true; }, default));
        Assert.Equal([1, 3], Parents());
    }

    [Fact]
    public async Task AStepCancelledWhileItWaits_IsNotWritten()
    {
        var (first, release) = await HoldTheFileAsync(parent: 1);
        using var cancellation = new CancellationTokenSource();
        var cancelled = _writer.WriteAsync(_context, async (transaction, ct) => { await InsertParentAsync(transaction, 2); return true; }, cancellation.Token);

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        release();

        Assert.True(await first);
        Assert.True(await _writer.WriteAsync(_context, async (transaction, ct) => { await InsertParentAsync(transaction, 3); return true; }, default));
        Assert.Equal([1, 3], Parents());
    }

    [Fact]
    public async Task AStepAlone_ThatLost_WritesNothing()
    {
        Assert.False(await _writer.WriteAsync(_context, async (transaction, ct) => { await InsertParentAsync(transaction, 1); return false; }, default));
        Assert.True(await _writer.WriteAsync(_context, async (transaction, ct) => { await InsertParentAsync(transaction, 2); return true; }, default));

        Assert.Equal([2], Parents());
    }

    [Fact]
    public async Task TheWritersConnection_KeepsEachStatementPrepared_AndBindsEachExecutionsValues()
    {
        const string insert = "INSERT INTO Parents (Id) VALUES ($id)";
        var commands = new List<DbCommand>();
        for (var id = 1; id <= 2; id++)
        {
            var value = id;
            Assert.True(await _writer.WriteAsync(
                _context,
                async (transaction, ct) =>
                {
                    var command = PreparedCommands.Of(transaction.Connection!)!.For(insert, transaction);
                    Assert.Empty(command.Parameters);
                    command.Parameters.Add(new SqliteParameter("$id", value));
                    await command.ExecuteNonQueryAsync(ct);
                    commands.Add(command);
                    return true;
                },
                default));
        }

        Assert.Same(commands[0], commands[1]);
        Assert.Equal([1, 2], Parents());

        // A statement that failed (here on a duplicate key) is used again by the next step of its group, on the same connection.
        var (first, release) = await HoldTheFileAsync(parent: 10);
        Task<bool> Insert(int id) => _writer.WriteAsync(
            _context,
            async (transaction, ct) =>
            {
                var command = PreparedCommands.Of(transaction.Connection!)!.For(insert, transaction);
                Assert.Same(commands[0], command);
                command.Parameters.Add(new SqliteParameter("$id", id));
                await command.ExecuteNonQueryAsync(ct);
                return true;
            },
            default);
        var duplicate = Insert(2);
        var next = Insert(3);
        release();

        Assert.True(await first);
        Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(() => duplicate)).SqliteErrorCode);
        Assert.True(await next);
        Assert.Equal([1, 2, 3, 10], Parents());
        await using var other = new SqliteConnection(_connectionString);
        Assert.Null(PreparedCommands.Of(other));
    }

    public void Dispose()
    {
        _writer.Dispose();
        _context.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>
    /// A first step that holds the file until <c>release</c> is called, so that the steps started meanwhile wait together;
    /// it writes Parents row <paramref name="parent"/>.
    /// </summary>
    private async Task<(Task<bool> First, Action Release)> HoldTheFileAsync(int parent)
    {
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = _writer.WriteAsync(
            _context,
            async (transaction, ct) =>
            {
                holding.SetResult();
                await released.Task;
                await InsertParentAsync(transaction, parent);
                return true;
            },
            default);
        await holding.Task;
        return (first, released.SetResult);
    }

    private static Task InsertParentAsync(DbTransaction transaction, int id) =>
        ExecuteAsync(transaction, $"INSERT INTO Parents (Id) VALUES ({id})");

    private static async Task ExecuteAsync(DbTransaction transaction, string sql)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private List<long> Parents()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Parents ORDER BY Id";
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
