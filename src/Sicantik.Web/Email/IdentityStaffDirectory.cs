using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sicantik.Data;
using Sicantik.Perizinan.Escalation;
using Sicantik.Web.Hosting;

namespace Sicantik.Web.Email;

/// <summary>
/// The staff an escalation is emailed to, from Identity: accounts holding the role that are staff, not disabled, and
/// have a confirmed address; links from <see cref="SicantikOptions.PublicBaseUrl"/>. Read untracked on the step's own
/// context, so the step's <c>SaveChanges</c> carries no account.
/// </summary>
public sealed class IdentityStaffDirectory(SicantikDbContext db, IOptions<SicantikOptions> options) : IStaffDirectory
{
    public async Task<IReadOnlyList<StaffRecipient>> ActiveInRoleAsync(string role, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        var normalized = role.ToUpperInvariant();
        var found = await (
                from r in db.Roles.AsNoTracking()
                where r.NormalizedName == normalized
                join ur in db.UserRoles.AsNoTracking() on r.Id equals ur.RoleId
                join u in db.Users.AsNoTracking() on ur.UserId equals u.Id
                where u.IsStaff && !u.IsDisabled && u.EmailConfirmed && u.Email != null
                select new { u.Id, u.Email, u.FullName })
            .ToListAsync(cancellationToken);
        return found
            .Where(u => !string.IsNullOrWhiteSpace(u.Email))
            .OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase)
            .Select(u => new StaffRecipient(u.Id, u.Email!, string.IsNullOrWhiteSpace(u.FullName) ? u.Email! : u.FullName))
            .ToList();
    }

    public Uri PageUrl(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new Uri(new Uri(options.Value.PublicBaseUrl.TrimEnd('/') + "/"), path.TrimStart('/'));
    }
}
