namespace Sicantik.Documents;

/// <summary>A civil servant named on a document: who signs, sends or receives it.</summary>
/// <param name="Name">Full name with titles, as printed.</param>
/// <param name="Position">Jabatan, e.g. "Kepala Seksi Perizinan".</param>
/// <param name="Nip">Nomor Induk Pegawai; omitted from the document when empty.</param>
/// <param name="Rank">Pangkat/golongan, e.g. "Pembina Utama Muda"; omitted when empty.</param>
public sealed record Official(string Name, string Position, string? Nip = null, string? Rank = null);

/// <summary>The person or company a document is about.</summary>
/// <param name="Name">Name of the person or the company.</param>
/// <param name="Nik">Nomor Induk Kependudukan of a person.</param>
/// <param name="Nib">Nomor Induk Berusaha of a business.</param>
/// <param name="Address">Postal address, one line.</param>
public sealed record Applicant(string Name, string? Nik = null, string? Nib = null, string? Address = null);
