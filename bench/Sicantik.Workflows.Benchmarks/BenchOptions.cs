using System.Globalization;

namespace Sicantik.Workflows.Benchmarks;

/// <summary>How long-lived DI scopes are while driving instances.</summary>
public enum ScopeMode
{
    /// <summary>One scope per worker for the whole run (a background worker).</summary>
    Worker,

    /// <summary>A fresh scope for each driven instance (what a durable store needs: a DbContext must not grow without bound).</summary>
    Instance,

    /// <summary>A fresh scope for every engine call (a web host: one scope per request).</summary>
    Call,
}

/// <summary>Where the engine keeps instances, tasks and history.</summary>
public enum StoreKind
{
    /// <summary>The engine's in-memory stores (AddWorkflows alone).</summary>
    Memory,

    /// <summary>A fresh SQLite file, through AddSicantikDatabase and the migrations.</summary>
    Sqlite,

    /// <summary>A fresh PostgreSQL database, through AddSicantikDatabase and the migrations.</summary>
    PostgreSql,
}

/// <summary>The command line.</summary>
public sealed class BenchOptions
{
    public const string PostgresEnvironmentVariable = "SICANTIK_BENCH_POSTGRES";

    public const string Usage = """
        Sicantik.Workflows.Benchmarks — throughput of the workflow engine, and inbox latency.

        Options:
          --scenario sop|trivial|inbox|script|all
                                       which scenario(s) to run (default all = sop and trivial; inbox and script run only when named)
          --store memory|sqlite|postgresql
                                       the stores (default memory). sqlite: a fresh file under the temp folder;
                                       postgresql: a fresh database sicantik_bench_<pid> on the --postgres server, dropped
                                       at the end. Both are migrated with DatabaseMigrator; a fresh one per run.
          --sqlite-synchronous full|normal
                                       DatabaseOptions.SqliteSynchronous for the sqlite store (default full, as in a host)
          --postgres "<conn>"          the PostgreSQL server (default: $SICANTIK_BENCH_POSTGRES), e.g. what .ci/postgres.sh prints
          --instances N                instances per run (default 20000 for sop, 100000 for trivial in memory;
                                       1000 for sop, 2000 for trivial on a database)
          --runs R                     measured runs after one warm-up run (default 5 in memory, 3 on a database)
          --parallel P                 drive instances on P concurrent tasks, each with its own DI scope(s) (default 1)
          --scope worker|instance|call one scope per worker (default in memory), per driven instance (default on a
                                       database) or per engine call, as a web host
          --backlog B                  before each run, start B more instances of the scenario and leave them waiting
                                       at their first task (an office with a full inbox; default 0)
          --warmup-instances N         instances in the warm-up run (default: --instances in memory, 200 on a database)

        Inbox scenario (seeds open SOP tasks by cloning rows the engine wrote, then times one inbox page):
          --tasks N                    open tasks to seed, one per instance, across the 7 staff roles (default 100000)
          --queries N                  timed inbox queries, round robin over the 7 roles and one 2-role user (default 800)
          --query-seconds S            stop timing one kind of query after S seconds, with at least 10 per user (default 60)
          --seed bulk|ef               how clones are written: bulk (default: PostgreSQL binary COPY / prepared SQLite
                                       INSERTs, columns from the EF model) or ef (AddRange + SaveChanges per batch)
          --keep-database              keep the seeded database (SQLite file / PostgreSQL database) and print where it is

        What-if switches (stand-ins, from the host's side, for fixes proposed for src; off by default):
          --experiment a,b,…|all       definition-cache: cache definition records (a command reads no 55 KB XML);
                                       list-comparers: plain comparers for HumanTask's List<string> columns;
                                       sqlite-sync-normal: PRAGMA synchronous=NORMAL on each SQLite connection;
                                       pg-async-commit: synchronous_commit=off (a diagnostic, not a recommendation);
                                       pg-conn: SSL Mode=Disable, No Reset On Close, Max Auto Prepare=64
          --show-sql                   list the SQL commands (and their times) of one instance of the warm-up run
          --help                       this text
        """;

    public string Scenario { get; private set; } = "all";

    public StoreKind Store { get; private set; } = StoreKind.Memory;

    public string? Postgres { get; private set; } = Environment.GetEnvironmentVariable(PostgresEnvironmentVariable);

    public int? Instances { get; private set; }

    public int Runs => _runs ?? (IsDurable ? 3 : 5);

    public int Parallel { get; private set; } = 1;

    public ScopeMode Scope => _scope ?? (IsDurable ? ScopeMode.Instance : ScopeMode.Worker);

    public int Backlog { get; private set; }

    public int? WarmupInstances { get; private set; }

    public int InboxTasks { get; private set; } = 100_000;

    public int InboxQueries { get; private set; } = 800;

    public bool KeepDatabase { get; private set; }

    /// <summary>What the host's <c>Database:SqliteSynchronous</c> would say (default: the host's default).</summary>
    public Sicantik.Data.SqliteSynchronous SqliteSynchronous { get; private set; } = new Sicantik.Data.DatabaseOptions().SqliteSynchronous;

    public bool ShowSql { get; private set; }

    public string Seed { get; private set; } = "bulk";

    public TimeSpan QueryBudget { get; private set; } = TimeSpan.FromSeconds(60);

    public IReadOnlySet<string> Experiments { get; private set; } = new HashSet<string>(StringComparer.Ordinal);

    public bool Help { get; private set; }

    public bool IsDurable => Store != StoreKind.Memory;

    private int? _runs;
    private ScopeMode? _scope;

    /// <summary>Instances of the warm-up run.</summary>
    public int WarmupFor(int instances) => WarmupInstances ?? (IsDurable ? Math.Min(instances, 200) : instances);

    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            switch (name)
            {
                case "--help" or "-h":
                    options.Help = true;
                    break;
                case "--scenario":
                    options.Scenario = Value(args, ref i, name) switch
                    {
                        var s when s is "sop" or "trivial" or "inbox" or "script" or "all" => s,
                        var other => throw new ArgumentException($"Unknown scenario '{other}' (sop, trivial, inbox, script or all)."),
                    };
                    break;
                case "--store":
                    options.Store = Value(args, ref i, name) switch
                    {
                        "memory" => StoreKind.Memory,
                        "sqlite" => StoreKind.Sqlite,
                        "postgresql" or "postgres" => StoreKind.PostgreSql,
                        var other => throw new ArgumentException($"Unknown store '{other}' (memory, sqlite or postgresql)."),
                    };
                    break;
                case "--sqlite-synchronous":
                    options.SqliteSynchronous = Value(args, ref i, name) switch
                    {
                        "full" => Sicantik.Data.SqliteSynchronous.Full,
                        "normal" => Sicantik.Data.SqliteSynchronous.Normal,
                        var other => throw new ArgumentException($"Unknown SQLite synchronous mode '{other}' (full or normal)."),
                    };
                    break;
                case "--postgres":
                    options.Postgres = Value(args, ref i, name);
                    break;
                case "--instances":
                    options.Instances = Positive(args, ref i, name);
                    break;
                case "--runs":
                    options._runs = Positive(args, ref i, name);
                    break;
                case "--parallel":
                    options.Parallel = Positive(args, ref i, name);
                    break;
                case "--scope":
                    options._scope = Value(args, ref i, name) switch
                    {
                        "worker" => ScopeMode.Worker,
                        "instance" => ScopeMode.Instance,
                        "call" => ScopeMode.Call,
                        var other => throw new ArgumentException($"Unknown scope '{other}' (worker, instance or call)."),
                    };
                    break;
                case "--backlog":
                    options.Backlog = NonNegative(args, ref i, name);
                    break;
                case "--warmup-instances":
                    options.WarmupInstances = Positive(args, ref i, name);
                    break;
                case "--tasks":
                    options.InboxTasks = Positive(args, ref i, name);
                    break;
                case "--queries":
                    options.InboxQueries = Positive(args, ref i, name);
                    break;
                case "--query-seconds":
                    options.QueryBudget = TimeSpan.FromSeconds(Positive(args, ref i, name));
                    break;
                case "--seed":
                    options.Seed = Value(args, ref i, name) switch
                    {
                        var s when s is "bulk" or "ef" => s,
                        var other => throw new ArgumentException($"Unknown seeding '{other}' (bulk or ef)."),
                    };
                    break;
                case "--show-sql":
                    options.ShowSql = true;
                    break;
                case "--keep-database":
                    options.KeepDatabase = true;
                    break;
                case "--experiment":
                    var names = Value(args, ref i, name).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    var chosen = new HashSet<string>(names.Contains("all") ? Benchmarks.Experiments.All : names, StringComparer.Ordinal);
                    var unknown = chosen.Except(Benchmarks.Experiments.All).ToList();
                    options.Experiments = unknown.Count == 0 ? chosen : throw new ArgumentException($"Unknown experiment '{unknown[0]}' ({string.Join(", ", Benchmarks.Experiments.All)} or all).");
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        if (options.Store == StoreKind.PostgreSql && string.IsNullOrWhiteSpace(options.Postgres) && !options.Help)
        {
            throw new ArgumentException($"--store postgresql needs --postgres \"<connection string>\" or {PostgresEnvironmentVariable} (bash .ci/postgres.sh prints one).");
        }

        return options;
    }

    private static string Value(IReadOnlyList<string> args, ref int i, string name) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{name} needs a value.");

    private static int Positive(IReadOnlyList<string> args, ref int i, string name)
    {
        var value = NonNegative(args, ref i, name);
        return value > 0 ? value : throw new ArgumentException($"{name} must be at least 1.");
    }

    private static int NonNegative(IReadOnlyList<string> args, ref int i, string name)
    {
        var text = Value(args, ref i, name);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name} needs a whole number, not '{text}'.");
    }
}
