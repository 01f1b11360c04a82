using Microsoft.EntityFrameworkCore;
using Sicantik.Data;
using Sicantik.Perizinan.Issuance;

namespace Sicantik.Web.Identity;

/// <summary>Names on the documents from the Identity accounts, read on the step's own context.</summary>
public sealed class IdentityPersonDirectory(SicantikDbContext db) : IPersonDirectory
{
    public async Task<string?> FullNameAsync(string userId, CancellationToken cancellationToken = default) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.FullName).SingleOrDefaultAsync(cancellationToken);
}
