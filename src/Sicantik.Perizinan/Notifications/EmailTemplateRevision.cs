using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sicantik.Perizinan.Notifications;

/// <summary>
/// One administrator's edit of an email template, kept as history: the newest revision of a key is the template in use,
/// unless it is a reset (<see cref="IsReset"/>), which puts the built-in template back. No revision: the built-in one.
/// </summary>
public sealed class EmailTemplateRevision
{
    public Guid Id { get; set; }

    /// <summary>The template's name (<see cref="EmailTemplates.Names"/>).</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>The subject line's Liquid source; <c>null</c> on a reset.</summary>
    public string? Subject { get; set; }

    public string? Text { get; set; }

    public string? Html { get; set; }

    /// <summary>This revision puts the built-in template back.</summary>
    public bool IsReset { get; set; }

    /// <summary>The administrator's user id.</summary>
    public string ChangedBy { get; set; } = string.Empty;

    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>Orders revisions of one key (1, 2, ...); unique with the key, so two concurrent edits cannot both be newest.</summary>
    public int Number { get; set; }

    public EmailTemplateSource? Source => IsReset || Subject is null || Text is null || Html is null ? null : new EmailTemplateSource(Subject, Text, Html);
}

/// <summary>The table of <see cref="EmailTemplateRevision"/>, kept apart from the rest of the permit model.</summary>
public sealed class EmailTemplateRevisionConfiguration : IEntityTypeConfiguration<EmailTemplateRevision>
{
    public void Configure(EntityTypeBuilder<EmailTemplateRevision> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("EmailTemplateRevisions");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Key).HasMaxLength(100);
        builder.Property(r => r.ChangedBy).HasMaxLength(200);
        builder.Ignore(r => r.Source);
        builder.HasIndex(r => new { r.Key, r.Number }).IsUnique();
    }
}
