using System.Globalization;

namespace Sicantik.Workflows.Benchmarks;

/// <summary>How long-lived DI scopes are while driving instances.</summary>
public enum ScopeMode
{
    /// <summary>One scope per worker for the whole run (a background worker).</summary>
    Worker,

    /// <summary>A fresh scope for every engine call (a web host: one scope per request).</summary>
    Call,
}

/// <summary>The command line.</summary>
public sealed class BenchOptions
{
    public const string Usage = """
        Sicantik.Workflows.Benchmarks — in-memory throughput of the workflow engine.

        Options:
          --scenario sop|trivial|all   which scenario(s) to run (default all)
          --instances N                instances per run (default 20000 for sop, 100000 for trivial)
          --runs R                     measured runs after one warm-up run (default 5)
          --parallel P                 drive instances on P concurrent tasks, each with its own DI scope (default 1)
          --scope worker|call          one scope per worker (default) or a fresh scope per engine call, as a web host
          --backlog B                  before each run, start B more instances of the scenario and leave them waiting
                                       at their first task (an office with a full inbox; default 0)
          --warmup-instances N         instances in the warm-up run (default: the same as --instances)
          --help                       this text
        """;

    public string Scenario { get; private set; } = "all";

    public int? Instances { get; private set; }

    public int Runs { get; private set; } = 5;

    public int Parallel { get; private set; } = 1;

    public ScopeMode Scope { get; private set; } = ScopeMode.Worker;

    public int Backlog { get; private set; }

    public int? WarmupInstances { get; private set; }

    public bool Help { get; private set; }

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
                        var s when s is "sop" or "trivial" or "all" => s,
                        var other => throw new ArgumentException($"Unknown scenario '{other}' (sop, trivial or all)."),
                    };
                    break;
                case "--instances":
                    options.Instances = Positive(args, ref i, name);
                    break;
                case "--runs":
                    options.Runs = Positive(args, ref i, name);
                    break;
                case "--parallel":
                    options.Parallel = Positive(args, ref i, name);
                    break;
                case "--scope":
                    options.Scope = Value(args, ref i, name) switch
                    {
                        "worker" => ScopeMode.Worker,
                        "call" => ScopeMode.Call,
                        var other => throw new ArgumentException($"Unknown scope '{other}' (worker or call)."),
                    };
                    break;
                case "--backlog":
                    options.Backlog = NonNegative(args, ref i, name);
                    break;
                case "--warmup-instances":
                    options.WarmupInstances = Positive(args, ref i, name);
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{name}'.");
            }
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
