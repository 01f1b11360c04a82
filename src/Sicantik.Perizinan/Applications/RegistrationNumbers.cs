using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Sicantik.Workflows.EntityFrameworkCore;
using Sicantik.Workflows.ServiceTasks;

namespace Sicantik.Perizinan.Applications;

/// <summary>One gap-free counter per name and year (the registration numbers of 2026...).</summary>
public sealed class PermitSequence
{
    public string Name { get; set; } = string.Empty;

    public int Year { get; set; }

    /// <summary>The last number drawn: issued, or reserved by a step that has not committed yet.</summary>
    public long Value { get; set; }
}

/// <summary>
/// A number drawn for a step that has not committed yet. The step's commit removes it (the number then lives on the
/// application or document); a step that failed or lost finds it again when it runs again; one left past the lease is
/// taken over by the next draw of its sequence.
/// </summary>
public sealed class NumberReservation
{
    public string Name { get; set; } = string.Empty;

    public int Year { get; set; }

    public long Value { get; set; }

    /// <summary>The instance of the step the number is reserved for.</summary>
    public Guid InstanceId { get; set; }

    /// <summary>The step's element.</summary>
    public string ElementId { get; set; } = string.Empty;

    /// <summary>Changes whenever the reservation changes hands: the step's commit removes the row only under the claim it drew.</summary>
    public Guid Claim { get; set; }

    public DateTimeOffset ReservedAt { get; set; }
}

/// <summary>The step a number is drawn for: a workflow instance's element.</summary>
public sealed record NumberOwner(Guid InstanceId, string ElementId)
{
    public static NumberOwner Of(ServiceTaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new(context.InstanceId, context.ElementId);
    }
}

/// <summary>
/// Draws registration numbers. A number is reserved for the step in a short transaction of its own (an atomic
/// increment of the sequence row), so that concurrent steps never contend on the row in their own units of work; the
/// step's <c>SaveChanges</c> then removes the reservation, guarded by its claim. A step that fails or loses a race
/// keeps its reservation and gets the same number when it runs again; a reservation left unused past
/// <see cref="PerizinanOptions.NumberReservationLease"/> is handed to the next step that draws, before a new value is
/// drawn. So every number is issued once, and none is skipped.
/// </summary>
public sealed class RegistrationNumbers(PerizinanDb db, SqliteStepWriter stepWriter, IOptions<PerizinanOptions> options)
{
    /// <summary>Reserves the next registration number of the office's year at <paramref name="now"/> for the step and returns it formatted.</summary>
    /// <param name="owner">The step drawing the number: it gets the same number back until it commits.</param>
    /// <param name="now">The step's time; the office's time zone decides the year.</param>
    /// <param name="permitTypeCode">For the pattern's <c>{code}</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<string> NextAsync(NumberOwner owner, DateTimeOffset now, string permitTypeCode, CancellationToken cancellationToken = default) =>
        NextAsync(owner, options.Value.RegistrationSequenceName, options.Value.RegistrationNumberPattern, now, permitTypeCode, cancellationToken);

    /// <summary>Reserves the next number of another of the office's sequences (Nota Dinas, SK) in the same way.</summary>
    /// <param name="owner">The step drawing the number: it gets the same number back until it commits.</param>
    /// <param name="sequenceName">The sequence, one row per name and year.</param>
    /// <param name="pattern">The number's pattern (checked at start-up by the options validator).</param>
    /// <param name="now">The step's time; the office's time zone decides the year.</param>
    /// <param name="permitTypeCode">For the pattern's <c>{code}</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<string> NextAsync(NumberOwner owner, string sequenceName, string pattern, DateTimeOffset now, string permitTypeCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var local = TimeZoneInfo.ConvertTime(now, options.Value.TimeZone);
        var reservation = await ReserveAsync(new NumberReservation
        {
            Name = sequenceName,
            Year = local.Year,
            InstanceId = owner.InstanceId,
            ElementId = owner.ElementId,
            Claim = Guid.NewGuid(),
            ReservedAt = now,
        }, cancellationToken);
        StageUse(reservation);
        return RegistrationNumberFormat.Format(pattern, reservation.Value, local, permitTypeCode);
    }

    /// <summary>
    /// The step's commit removes the reservation where it still holds the claim; when another step took the number over
    /// meanwhile, the commit fails as a lost race and the engine runs the step again, which draws again.
    /// </summary>
    private void StageUse(NumberReservation reservation)
    {
        db.Forget<NumberReservation>(r => r.Name == reservation.Name && r.Year == reservation.Year && r.Value == reservation.Value);
        db.Context.Attach(reservation).State = EntityState.Deleted;
    }

    /// <summary>Commits the reservation before the step goes on; on a transaction the host opened, within it.</summary>
    private async Task<NumberReservation> ReserveAsync(NumberReservation wanted, CancellationToken cancellationToken)
    {
        var database = db.Context.Database;
        var sql = new DrawSql(db.Context, options.Value.NumberReservationLease);
        if (database.CurrentTransaction is { } current)
        {
            var transaction = current.GetDbTransaction();
            return await sql.DrawAsync(transaction.Connection!, transaction, wanted, cancellationToken);
        }

        if (SqliteStepWriter.Serves(db.Context))
        {
            // SQLite has one writer per file: the draw takes its turn on the engine's writer connection, with the steps
            // committing there, instead of meeting them as a second writer.
            NumberReservation? drawn = null;
            await stepWriter.WriteAsync(db.Context, async (transaction, token) =>
            {
                drawn = await sql.DrawAsync(transaction.Connection!, transaction, wanted, token);
                return true;
            }, cancellationToken);
            return drawn!;
        }

        await database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = database.GetDbConnection();
            await using var own = await connection.BeginTransactionAsync(cancellationToken);
            var drawn = await sql.DrawAsync(connection, own, wanted, cancellationToken);
            await own.CommitAsync(cancellationToken);
            return drawn;
        }
        finally
        {
            await database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The draw's statements, in the provider's SQL, with parameters bound through the model's mappings (so that ids
    /// and instants are written as EF Core writes them). Uses the context's model only: the statements may run on
    /// another connection (SQLite's writer).
    /// </summary>
    private sealed class DrawSql
    {
        private readonly IEntityType _reservation;
        private readonly IEntityType _sequence;
        private readonly bool _sqlServer;
        private readonly TimeSpan _lease;
        private readonly string _reservations;
        private readonly string _sequences;
        private readonly Func<string, string> _quote;

        public DrawSql(DbContext context, TimeSpan lease)
        {
            _reservation = context.Model.FindEntityType(typeof(NumberReservation))!;
            _sequence = context.Model.FindEntityType(typeof(PermitSequence))!;
            _sqlServer = context.Database.ProviderName?.Contains("SqlServer", StringComparison.Ordinal) == true;
            _lease = lease;
            var helper = context.GetService<ISqlGenerationHelper>();
            _quote = helper.DelimitIdentifier;
            _reservations = helper.DelimitIdentifier(_reservation.GetTableName()!);
            _sequences = helper.DelimitIdentifier(_sequence.GetTableName()!);
        }

        public async Task<NumberReservation> DrawAsync(DbConnection connection, DbTransaction transaction, NumberReservation wanted, CancellationToken cancellationToken)
        {
            var r = Columns(_reservation);
            var s = Columns(_sequence);
            var ofSequence = $"{r["Name"]} = @name AND {r["Year"]} = @year";

            // The step drew before and did not commit: the same number.
            await using (var own = Command(connection, transaction, wanted, Top(
                $"SELECT {{0}} {r["Value"]}, {r["Claim"]} FROM {_reservations} WHERE {ofSequence} AND {r["InstanceId"]} = @instance AND {r["ElementId"]} = @element ORDER BY {r["Value"]}")))
            {
                await using var reader = await own.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    wanted.Value = reader.GetInt64(0);
                    wanted.Claim = reader.GetGuid(1);
                    return wanted;
                }
            }

            // A number another step left past its lease: the lowest one, before anything new.
            await using (var takeOver = Command(connection, transaction, wanted, Returning(
                $"UPDATE {_reservations} SET {r["InstanceId"]} = @instance, {r["ElementId"]} = @element, {r["Claim"]} = @claim, {r["ReservedAt"]} = @now",
                r["Value"],
                $"WHERE {ofSequence} AND {r["ReservedAt"]} < @expired AND {r["Value"]} = (SELECT MIN({r["Value"]}) FROM {_reservations} WHERE {ofSequence} AND {r["ReservedAt"]} < @expired)")))
            {
                Bind(takeOver, _reservation, "ReservedAt", "@expired", wanted.ReservedAt - _lease);
                if (await takeOver.ExecuteScalarAsync(cancellationToken) is { } taken and not DBNull)
                {
                    wanted.Value = Convert.ToInt64(taken, CultureInfo.InvariantCulture);
                    return wanted;
                }
            }

            var increment = Returning($"UPDATE {_sequences} SET {s["Value"]} = {s["Value"]} + 1", s["Value"], $"WHERE {s["Name"]} = @name AND {s["Year"]} = @year");
            var value = await ScalarAsync(connection, transaction, wanted, increment, cancellationToken);
            if (value is null)
            {
                // The year's first number: its row, unless another step has just created it (which is no error).
                var create = _sqlServer
                    ? $"INSERT INTO {_sequences} ({s["Name"]}, {s["Year"]}, {s["Value"]}) SELECT @name, @year, 0 WHERE NOT EXISTS (SELECT 1 FROM {_sequences} WITH (UPDLOCK, HOLDLOCK) WHERE {s["Name"]} = @name AND {s["Year"]} = @year)"
                    : $"INSERT INTO {_sequences} ({s["Name"]}, {s["Year"]}, {s["Value"]}) VALUES (@name, @year, 0) ON CONFLICT DO NOTHING";
                await using (var insert = Command(connection, transaction, wanted, create))
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }

                value = await ScalarAsync(connection, transaction, wanted, increment, cancellationToken)
                    ?? throw new InvalidOperationException($"The sequence {wanted.Name} {wanted.Year} has no row after it was created.");
            }

            wanted.Value = value.Value;
            await using (var reserve = Command(connection, transaction, wanted,
                $"INSERT INTO {_reservations} ({r["Name"]}, {r["Year"]}, {r["Value"]}, {r["InstanceId"]}, {r["ElementId"]}, {r["Claim"]}, {r["ReservedAt"]}) VALUES (@name, @year, @value, @instance, @element, @claim, @now)"))
            {
                Bind(reserve, _reservation, "Value", "@value", wanted.Value);
                await reserve.ExecuteNonQueryAsync(cancellationToken);
            }

            return wanted;
        }

        private async Task<long?> ScalarAsync(DbConnection connection, DbTransaction transaction, NumberReservation wanted, string sql, CancellationToken cancellationToken)
        {
            await using var command = Command(connection, transaction, wanted, sql);
            return await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;
        }

        private Dictionary<string, string> Columns(IEntityType type)
        {
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            return type.GetProperties().ToDictionary(p => p.Name, p => _quote(p.GetColumnName(table)!), StringComparer.Ordinal);
        }

        /// <summary>The first row only: <c>TOP 1</c> on SQL Server, <c>LIMIT 1</c> elsewhere (<c>{0}</c> marks where TOP goes).</summary>
        private string Top(string select) => _sqlServer ? string.Format(CultureInfo.InvariantCulture, select, "TOP 1") : string.Format(CultureInfo.InvariantCulture, select, string.Empty) + " LIMIT 1";

        /// <summary>An UPDATE that returns <paramref name="column"/>: <c>OUTPUT</c> on SQL Server, <c>RETURNING</c> elsewhere.</summary>
        private string Returning(string update, string column, string where) =>
            _sqlServer ? $"{update} OUTPUT INSERTED.{column} {where}" : $"{update} {where} RETURNING {column}";

        private DbCommand Command(DbConnection connection, DbTransaction transaction, NumberReservation wanted, string sql)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            Bind(command, _reservation, "Name", "@name", wanted.Name);
            Bind(command, _reservation, "Year", "@year", wanted.Year);
            Bind(command, _reservation, "InstanceId", "@instance", wanted.InstanceId);
            Bind(command, _reservation, "ElementId", "@element", wanted.ElementId);
            Bind(command, _reservation, "Claim", "@claim", wanted.Claim);
            Bind(command, _reservation, "ReservedAt", "@now", wanted.ReservedAt);
            return command;
        }

        private static void Bind(DbCommand command, IEntityType type, string property, string name, object value)
        {
            var column = type.FindProperty(property)!;
            command.Parameters.Add(column.GetRelationalTypeMapping().CreateParameter(command, name, value, column.IsNullable));
        }
    }
}

/// <summary>Formats and checks registration number patterns such as <c>503/{seq:0000}/DPMPTSP/{year}</c>.</summary>
public static partial class RegistrationNumberFormat
{
    private static readonly string[] RomanMonths = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)(:(?<format>[^}]*))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    /// <summary>What is wrong with <paramref name="pattern"/>, or <c>null</c> when it can be used.</summary>
    public static string? Check(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return "the pattern is empty.";
        }

        var names = Token().Matches(pattern).Select(m => m.Groups["name"].Value).ToList();
        var unknown = names.Where(n => n is not ("seq" or "year" or "month" or "monthRoman" or "code")).ToList();
        if (unknown.Count > 0)
        {
            return $"unknown token(s) {string.Join(", ", unknown.Select(n => "{" + n + "}"))}; use {{seq}}, {{year}}, {{month}}, {{monthRoman}}, {{code}}.";
        }

        if (!names.Contains("seq"))
        {
            return "the pattern needs {seq} (for example {seq:0000}).";
        }

        // The sequence starts again every year; without the year two numbers would repeat.
        return names.Contains("year") ? null : "the pattern needs {year}: the sequence starts again every year.";
    }

    /// <summary>The number for <paramref name="sequence"/> issued at <paramref name="localTime"/> (the office's time).</summary>
    public static string Format(string pattern, long sequence, DateTimeOffset localTime, string permitTypeCode)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Token().Replace(pattern, match =>
        {
            var format = match.Groups["format"].Success ? match.Groups["format"].Value : null;
            return match.Groups["name"].Value switch
            {
                "seq" => sequence.ToString(format, CultureInfo.InvariantCulture),
                "year" => localTime.Year.ToString(format ?? "0000", CultureInfo.InvariantCulture),
                "month" => localTime.Month.ToString(format ?? "00", CultureInfo.InvariantCulture),
                "monthRoman" => RomanMonths[localTime.Month - 1],
                "code" => permitTypeCode,
                _ => match.Value,
            };
        });
    }
}
