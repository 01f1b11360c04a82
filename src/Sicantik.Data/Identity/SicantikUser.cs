using Microsoft.AspNetCore.Identity;

namespace Sicantik.Data.Identity;

/// <summary>
/// A person who signs in: an applicant (Pemohon, registered by themselves, role <c>pemohon</c>) or a member of staff
/// (created by an admin, with SOP roles). The identity number is a NIK for a person or a NIB for a business.
/// </summary>
public sealed class SicantikUser : IdentityUser
{
    /// <summary>The name as on the identity card or the business registration.</summary>
    public string FullName { get; set; } = "";

    /// <summary>NIK (16 digits) of an individual applicant; null for staff.</summary>
    public string? Nik { get; set; }

    /// <summary>NIB (13 digits) of a business applicant; null for staff and individuals.</summary>
    public string? Nib { get; set; }

    /// <summary>Staff accounts are created by an admin; applicants register themselves.</summary>
    public bool IsStaff { get; set; }

    /// <summary>A disabled account cannot sign in; its history stays.</summary>
    public bool IsDisabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
