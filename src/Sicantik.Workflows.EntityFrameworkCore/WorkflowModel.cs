using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Expressions;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Outbox;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Workflows.EntityFrameworkCore;

/// <summary>Adds the engine's tables to an application's model.</summary>
public static class WorkflowModel
{
    /// <summary>
    /// Maps definitions, instances with their tokens, tasks, timers, subscriptions and incidents, the history, the outbox
    /// and the inbox index. Call from <c>OnModelCreating</c> of the application's context.
    /// </summary>
    /// <param name="modelBuilder">The application's model.</param>
    /// <param name="providerName">The context's <c>Database.ProviderName</c>; filtered indexes are written in its SQL.</param>
    public static ModelBuilder ApplyWorkflowModel(this ModelBuilder modelBuilder, string? providerName)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var quote = providerName?.Contains("SqlServer", StringComparison.Ordinal) == true ? ("[", "]") : ("\"", "\"");

        modelBuilder.Entity<DefinitionRecord>(b =>
        {
            b.ToTable("WorkflowDefinitions");
            b.HasKey(d => new { d.Key, d.Version });
            b.Property(d => d.Key).HasMaxLength(200);
            b.Property(d => d.Name).HasMaxLength(400);
            b.Property(d => d.State).HasConversion<string>().HasMaxLength(20);
            b.Property(d => d.Hash).HasMaxLength(64);
            b.Property(d => d.DeployedBy).HasMaxLength(200);
            b.Property(d => d.PublishedBy).HasMaxLength(200);
            b.Property(d => d.RetiredBy).HasMaxLength(200);
            b.Property(d => d.Revision).IsConcurrencyToken();

            // At most one published version per key, whatever two nodes do at once.
            b.HasIndex(d => d.Key).IsUnique().HasFilter($"{quote.Item1}State{quote.Item2} = 'Published'").HasDatabaseName("IX_WorkflowDefinitions_Published");
        });

        modelBuilder.Entity<ProcessInstance>(b =>
        {
            b.ToTable("WorkflowInstances");
            b.HasKey(i => i.Id);
            b.Property(i => i.Id).ValueGeneratedNever();
            b.Property(i => i.DefinitionKey).HasMaxLength(200);
            b.Property(i => i.BusinessKey).HasMaxLength(200);
            b.Property(i => i.StartedBy).HasMaxLength(200);
            b.Property(i => i.EndedWith).HasMaxLength(400);
            b.Property(i => i.State).HasConversion<string>().HasMaxLength(20);
            b.Property(i => i.Revision).IsConcurrencyToken();
            b.Property(i => i.Variables).HasConversion(VariablesConverter, VariablesComparer.Instance);
            b.Ignore(i => i.PendingHistory);
            b.Ignore(i => i.PendingOutbox);
            b.Ignore(i => i.IsEnded);
            b.HasMany(i => i.Tokens).WithOne().HasForeignKey("InstanceId").OnDelete(DeleteBehavior.Cascade);
            b.HasMany(i => i.Tasks).WithOne().HasForeignKey(t => t.InstanceId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(i => i.Timers).WithOne().HasForeignKey(t => t.InstanceId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(i => i.Subscriptions).WithOne().HasForeignKey(s => s.InstanceId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(i => i.Incidents).WithOne().HasForeignKey(i => i.InstanceId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(i => i.BusinessKey);
            b.HasIndex(i => new { i.DefinitionKey, i.DefinitionVersion, i.State });
        });

        modelBuilder.Entity<Token>(b =>
        {
            b.ToTable("WorkflowTokens");
            b.HasKey(t => t.Id);
            b.Property(t => t.Id).ValueGeneratedNever();
            b.Property(t => t.ElementId).HasMaxLength(200);
            b.Property(t => t.ArrivedVia).HasMaxLength(200);
            b.Property(t => t.EscalateTo).HasMaxLength(200);
            b.Property(t => t.State).HasConversion<string>().HasMaxLength(20);
            b.Property(t => t.Wait).HasConversion<string>().HasMaxLength(20);
        });

        modelBuilder.Entity<HumanTask>(b =>
        {
            b.ToTable("WorkflowTasks");
            b.HasKey(t => t.Id);
            b.Property(t => t.Id).ValueGeneratedNever();
            b.Property(t => t.DefinitionKey).HasMaxLength(200);
            b.Property(t => t.BusinessKey).HasMaxLength(200);
            b.Property(t => t.ElementId).HasMaxLength(200);
            b.Property(t => t.Name).HasMaxLength(400);
            b.Property(t => t.FormKey).HasMaxLength(200);
            b.Property(t => t.Assignee).HasMaxLength(200);
            b.Property(t => t.Owner).HasMaxLength(200);
            b.Property(t => t.CompletedBy).HasMaxLength(200);
            b.Property(t => t.Outcome).HasMaxLength(100);
            b.Property(t => t.State).HasConversion<string>().HasMaxLength(20);
            b.Property(t => t.Delegation).HasConversion<string>().HasMaxLength(20);
            b.Ignore(t => t.IsOpen);
            b.Ignore(t => t.IsOverdue);
            b.OwnsMany(t => t.Comments, c => c.ToJson());

            // The inbox's "mine" half, the overdue list, the business-key lookup.
            b.HasIndex(t => new { t.Assignee, t.State, t.DueAt });
            b.HasIndex(t => new { t.State, t.DueAt });
            b.HasIndex(t => t.BusinessKey);
        });

        modelBuilder.Entity<TaskCandidate>(b =>
        {
            b.ToTable("WorkflowTaskCandidates");
            b.HasKey(c => new { c.TaskId, c.Candidate });
            b.Property(c => c.Candidate).HasMaxLength(220);

            // The inbox's "available for my roles" half: one role's rows in due order.
            b.HasIndex(c => new { c.Candidate, c.DueOrder });
            b.HasIndex(c => c.InstanceId);
        });

        modelBuilder.Entity<InstanceTimer>(b =>
        {
            b.ToTable("WorkflowTimers");
            b.HasKey(t => t.Id);
            b.Property(t => t.Id).ValueGeneratedNever();
            b.Property(t => t.ElementId).HasMaxLength(200);
            b.Property(t => t.Purpose).HasConversion<string>().HasMaxLength(20);
            b.HasIndex(t => t.DueAt);
        });

        modelBuilder.Entity<MessageSubscription>(b =>
        {
            b.ToTable("WorkflowSubscriptions");
            b.HasKey(s => s.Id);
            b.Property(s => s.Id).ValueGeneratedNever();
            b.Property(s => s.ElementId).HasMaxLength(200);
            b.Property(s => s.MessageName).HasMaxLength(200);
            b.Property(s => s.BusinessKey).HasMaxLength(200);
            b.HasIndex(s => new { s.MessageName, s.BusinessKey });
        });

        modelBuilder.Entity<Incident>(b =>
        {
            b.ToTable("WorkflowIncidents");
            b.HasKey(i => i.Id);
            b.Property(i => i.Id).ValueGeneratedNever();
            b.Property(i => i.ElementId).HasMaxLength(200);
            b.Property(i => i.Kind).HasConversion<string>().HasMaxLength(40);
            b.Property(i => i.ResolvedBy).HasMaxLength(200);
            b.Ignore(i => i.IsOpen);
        });

        modelBuilder.Entity<HistoryEvent>(b =>
        {
            b.ToTable("WorkflowHistory");
            b.HasKey(e => e.Sequence);
            b.Property(e => e.Sequence).ValueGeneratedOnAdd();
            b.Property(e => e.Type).HasConversion<string>().HasMaxLength(40);
            b.Property(e => e.ElementId).HasMaxLength(200);
            b.Property(e => e.ElementName).HasMaxLength(400);
            b.Property(e => e.UserId).HasMaxLength(200);
            b.Property(e => e.Outcome).HasMaxLength(100);
            b.Property(e => e.FlowId).HasMaxLength(200);
            b.HasIndex(e => new { e.InstanceId, e.Sequence });
        });

        modelBuilder.Entity<OutboxMessage>(b =>
        {
            b.ToTable("WorkflowOutbox");
            b.HasKey(m => m.Id);
            b.Property(m => m.Id).ValueGeneratedNever();
            b.Property(m => m.Topic).HasMaxLength(100);
            b.Property(m => m.State).HasConversion<string>().HasMaxLength(20);
            b.Property(m => m.LeaseHolder).HasMaxLength(140);
            b.Property(m => m.Revision).IsConcurrencyToken();
            b.HasIndex(m => new { m.State, m.NextAttemptAt });
        });

        return modelBuilder;
    }

    /// <summary>
    /// Stores every <see cref="DateTimeOffset"/> as an instant the provider can compare and sort: UTC ticks on SQLite
    /// (which cannot order its text form), UTC on PostgreSQL (timestamptz takes offset 0 only). Call from
    /// <c>ConfigureConventions</c>.
    /// </summary>
    public static ModelConfigurationBuilder ApplyWorkflowConventions(this ModelConfigurationBuilder configurationBuilder, string? providerName)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        if (providerName?.Contains("Sqlite", StringComparison.Ordinal) == true)
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
        else if (providerName?.Contains("Npgsql", StringComparison.Ordinal) == true)
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
        }

        return configurationBuilder;
    }

    private static readonly ValueConverter<Dictionary<string, object?>, string> VariablesConverter = new(
        v => WriteVariables(v),
        v => ReadVariables(v));

    /// <summary>Instance variables as their column holds them.</summary>
    internal static string WriteVariables(Dictionary<string, object?> variables) => JsonSerializer.Serialize(variables, JsonSerializerOptions.Default);

    /// <summary>Instance variables as a load reads them from their column.</summary>
    internal static Dictionary<string, object?> ReadVariables(string json)
    {
        using var document = JsonDocument.Parse(json);
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            variables[property.Name] = VariableValues.Normalize(property.Value);
        }

        return variables;
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));

    private sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => v.ToUniversalTime(),
        v => v);
}
