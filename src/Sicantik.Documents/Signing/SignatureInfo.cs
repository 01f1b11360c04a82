namespace Sicantik.Documents.Signing;

/// <summary>What the signature dictionary says about the signing, besides the certificate.</summary>
/// <param name="SignerName">/Name: who signs, e.g. the Kepala Dinas's name.</param>
/// <param name="SigningTime">/M: when; from the caller's clock, never the machine's.</param>
/// <param name="Reason">/Reason; a standard reason when empty.</param>
/// <param name="Location">/Location, e.g. the town.</param>
/// <param name="ContactInfo">/ContactInfo, e.g. the agency's email.</param>
public sealed record SignatureInfo(
    string SignerName,
    DateTimeOffset SigningTime,
    string? Reason = null,
    string? Location = null,
    string? ContactInfo = null);
