using Microsoft.EntityFrameworkCore;

namespace Sicantik.Perizinan.Calendar;

/// <summary>Maps the office's holiday list (table <c>Holidays</c>), keyed by its date.</summary>
public static class HolidayModel
{
    public const int MaxNameLength = 200;

    public static ModelBuilder ApplyHolidayModel(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<Holiday>(b =>
        {
            b.ToTable("Holidays");
            b.HasKey(h => h.Date);
            b.Property(h => h.Date).ValueGeneratedNever();
            b.Property(h => h.Name).HasMaxLength(MaxNameLength);
            b.Property(h => h.CreatedBy).HasMaxLength(200);
        });
        return modelBuilder;
    }
}
