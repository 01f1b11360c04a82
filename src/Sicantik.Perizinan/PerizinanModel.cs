using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Sicantik.Perizinan.Applications;
using Sicantik.Perizinan.Calendar;
using Sicantik.Perizinan.Documents;
using Sicantik.Perizinan.PermitTypes;

namespace Sicantik.Perizinan;

/// <summary>Adds the permit domain's tables to an application's model.</summary>
public static class PerizinanModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// Maps permit types (form fields and requirements as JSON columns), applications (form values as JSON), their
    /// documents, and the registration number sequences. Call from <c>OnModelCreating</c> of the application's context,
    /// beside <c>ApplyWorkflowModel</c>, so that a step's engine rows and permit rows commit in one <c>SaveChanges</c>.
    /// Instants are stored as the engine's conventions say (<c>ApplyWorkflowConventions</c>).
    /// </summary>
    /// <param name="modelBuilder">The application's model.</param>
    /// <param name="providerName">
    /// The context's <c>Database.ProviderName</c>, as <c>ApplyWorkflowModel</c> takes it; the permit model needs no
    /// provider-specific SQL today.
    /// </param>
    public static ModelBuilder ApplyPerizinanModel(this ModelBuilder modelBuilder, string? providerName)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<PermitType>(b =>
        {
            b.ToTable("PermitTypes");
            b.HasKey(t => t.Id);
            b.Property(t => t.Id).ValueGeneratedNever();
            b.Property(t => t.Code).HasMaxLength(50);
            b.Property(t => t.Name).HasMaxLength(300);
            b.Property(t => t.Description).HasMaxLength(4000);
            b.Property(t => t.LegalBasis).HasMaxLength(4000);
            b.Property(t => t.ProcessKey).HasMaxLength(200);
            b.Property(t => t.UpdatedBy).HasMaxLength(200);
            b.Property(t => t.Revision).IsConcurrencyToken();
            b.Property(t => t.FormFields).HasConversion(JsonConverter<List<FormField>>(), JsonComparer<List<FormField>>());
            b.Property(t => t.Requirements).HasConversion(JsonConverter<List<Requirement>>(), JsonComparer<List<Requirement>>());

            // Applications refer to their type by code: the code is an alternate key (unique, never changed).
            b.HasAlternateKey(t => t.Code);
        });

        modelBuilder.Entity<PermitApplication>(b =>
        {
            b.ToTable("PermitApplications");
            b.HasKey(a => a.Id);
            b.Property(a => a.Id).ValueGeneratedNever();
            b.Property(a => a.Number).HasMaxLength(100);
            b.Property(a => a.PermitTypeCode).HasMaxLength(50);
            b.Property(a => a.ApplicantId).HasMaxLength(200);
            b.Property(a => a.ApplicantName).HasMaxLength(300);
            b.Property(a => a.ApplicantNik).HasMaxLength(16);
            b.Property(a => a.ApplicantNib).HasMaxLength(13);
            b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
            b.Property(a => a.DecisionNote).HasMaxLength(4000);
            b.Property(a => a.Revision).IsConcurrencyToken();
            b.Property(a => a.FormValues).HasConversion(JsonConverter<Dictionary<string, string>>(), JsonComparer<Dictionary<string, string>>());
            b.Ignore(a => a.BusinessKey);

            // The portal's "my applications"; the lookup by registration number; the counter's lists by status. The number
            // is unique through its sequence row, updated with a revision check in the same transaction as the number:
            // a unique index here would refuse a step that lost the race with a constraint error before the revision
            // check could turn it into the conflict the engine retries.
            b.HasIndex(a => new { a.ApplicantId, a.CreatedAt });
            b.HasIndex(a => a.Number);
            b.HasIndex(a => new { a.Status, a.SubmittedAt });
            b.HasIndex(a => a.ProcessInstanceId);
            b.HasOne<PermitType>().WithMany().HasForeignKey(a => a.PermitTypeCode).HasPrincipalKey(t => t.Code).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<ApplicationDocument>(b =>
        {
            b.ToTable("ApplicationDocuments");
            b.HasKey(d => d.Id);
            b.Property(d => d.Id).ValueGeneratedNever();
            b.Property(d => d.RequirementKey).HasMaxLength(64);
            b.Property(d => d.FileName).HasMaxLength(255);
            b.Property(d => d.ContentType).HasMaxLength(100);
            b.Property(d => d.Sha256).HasMaxLength(64);
            b.Property(d => d.UploadedBy).HasMaxLength(200);
            b.HasOne<PermitApplication>().WithMany().HasForeignKey(d => d.ApplicationId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(d => new { d.ApplicationId, d.RequirementKey });
            b.HasIndex(d => d.Sha256);
        });

        modelBuilder.Entity<PermitSequence>(b =>
        {
            b.ToTable("PermitSequences");
            b.HasKey(s => new { s.Name, s.Year });
            b.Property(s => s.Name).HasMaxLength(100);
            b.Property(s => s.Year).ValueGeneratedNever();
        });

        modelBuilder.Entity<NumberReservation>(b =>
        {
            b.ToTable("NumberReservations");
            b.HasKey(r => new { r.Name, r.Year, r.Value });
            b.Property(r => r.Name).HasMaxLength(100);
            b.Property(r => r.Year).ValueGeneratedNever();
            b.Property(r => r.Value).ValueGeneratedNever();
            b.Property(r => r.ElementId).HasMaxLength(200);
            b.Property(r => r.Claim).IsConcurrencyToken();
            b.HasIndex(r => new { r.InstanceId, r.ElementId });
        });

        modelBuilder.Entity<Issuance.IssuedDocument>(b =>
        {
            b.ToTable("IssuedDocuments");
            b.HasKey(d => d.Id);
            b.Property(d => d.Id).ValueGeneratedNever();
            b.Property(d => d.Kind).HasConversion<string>().HasMaxLength(30);
            b.Property(d => d.Number).HasMaxLength(100);
            b.Property(d => d.FileName).HasMaxLength(255);
            b.Property(d => d.Sha256).HasMaxLength(64);
            b.Property(d => d.ElementId).HasMaxLength(200);
            b.Property(d => d.IssuedBy).HasMaxLength(200);
            b.Property(d => d.VerificationCode).HasMaxLength(16);
            b.Property(d => d.HolderName).HasMaxLength(300);
            b.Property(d => d.Subject).HasMaxLength(300);
            b.Property(d => d.SignerName).HasMaxLength(200);
            b.Property(d => d.CertificateSubject).HasMaxLength(500);
            b.Property(d => d.CertificateThumbprint).HasMaxLength(128);
            b.Property(d => d.RevokedReason).HasMaxLength(2000);
            b.Property(d => d.RevokedBy).HasMaxLength(200);
            b.Property(d => d.Revision).IsConcurrencyToken();
            b.HasOne<PermitApplication>().WithMany().HasForeignKey(d => d.ApplicationId).OnDelete(DeleteBehavior.Cascade);

            // An application's documents; the public verification code (unique: one code, one SK); the upload check by hash.
            b.HasIndex(d => new { d.ApplicationId, d.Kind });
            b.HasIndex(d => d.VerificationCode).IsUnique();
            b.HasIndex(d => d.Sha256);
        });

        modelBuilder.Entity<Survey.SurveyResponse>(b =>
        {
            b.ToTable("SurveyResponses");
            b.HasKey(r => r.Id);
            b.Property(r => r.Id).ValueGeneratedNever();
            b.Property(r => r.PermitTypeCode).HasMaxLength(50);
            b.Property(r => r.Channel).HasConversion<string>().HasMaxLength(20);
            b.Property(r => r.Suggestion).HasMaxLength(2000);
            b.Ignore(r => r.Ratings);

            // The IKM report reads a period, optionally of one permit type.
            b.HasIndex(r => r.SubmittedAt);
            b.HasIndex(r => new { r.PermitTypeCode, r.SubmittedAt });
        });

        modelBuilder.ApplyHolidayModel();
        modelBuilder.ApplyConfiguration(new Notifications.EmailTemplateRevisionConfiguration());
        return modelBuilder;
    }

    private static ValueConverter<T, string> JsonConverter<T>()
        where T : class, new() => new(
            v => JsonSerializer.Serialize(v, Json),
            v => JsonSerializer.Deserialize<T>(v, Json) ?? new T());

    private static ValueComparer<T> JsonComparer<T>()
        where T : class, new() => new(
            (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
            v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Json), Json) ?? new T());
}
