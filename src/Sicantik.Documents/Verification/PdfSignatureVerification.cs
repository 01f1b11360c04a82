namespace Sicantik.Documents.Verification;

/// <summary>What <see cref="PdfSignatureVerifier.Verify"/> found about a PDF's signature.</summary>
public sealed record PdfSignatureVerification
{
    /// <summary>The file's structure could be read within the reader's limits; when false, nothing else was checked.</summary>
    public bool Readable { get; init; } = true;

    /// <summary>A signature field with a signature dictionary was found.</summary>
    public bool SignaturePresent { get; init; }

    /// <summary>The CMS decodes, its signature over the signed attributes verifies with the embedded certificate,
    /// and its signing-certificate-v2 attribute names that certificate.</summary>
    public bool CmsValid { get; init; }

    /// <summary>The SHA-256 (or the CMS's digest algorithm) of the signed byte range equals the CMS's message digest.</summary>
    public bool DigestMatches { get; init; }

    /// <summary>The byte range starts at 0, leaves out exactly /Contents and ends at the file's last byte: nothing
    /// was appended after signing.</summary>
    public bool CoversWholeDocument { get; init; }

    /// <summary>The signer certificate's subject, e.g. "CN=Kepala Dinas, O=DPMPTSP, C=ID".</summary>
    public string? SignerSubject { get; init; }

    /// <summary>The signer certificate's SHA-256 thumbprint, hex, to compare with the agency's certificate.</summary>
    public string? CertificateThumbprint { get; init; }

    /// <summary>The signer certificate's SHA-1 thumbprint as <c>X509Certificate2.Thumbprint</c> gives it (what the
    /// office records with each signed SK).</summary>
    public string? CertificateSha1Thumbprint { get; init; }

    /// <summary>/Name of the signature dictionary.</summary>
    public string? SignerName { get; init; }

    /// <summary>/M of the signature dictionary (inside the signed bytes).</summary>
    public DateTimeOffset? SigningTime { get; init; }

    public string? Reason { get; init; }

    public string? Location { get; init; }

    /// <summary>Why a check failed, in English, for logs; empty when authentic.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Every check passed: the bytes are exactly those that were signed.</summary>
    public bool IsAuthentic => SignaturePresent && CmsValid && DigestMatches && CoversWholeDocument;
}
