using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text.RegularExpressions;
using Sicantik.Documents.Signing;

namespace Sicantik.Documents.Verification;

/// <summary>
/// Checks a PDF's signature the way a relying party does: finds the signature field, checks that its byte range
/// covers the whole file but /Contents, recomputes the digest, and verifies the CMS with the embedded certificate.
/// Trust in the certificate (is it the agency's?) is the caller's decision, from
/// <see cref="PdfSignatureVerification.CertificateThumbprint"/>. In the host, an upload reaches it only inside the
/// worker process (<see cref="IsolatedPdfVerifier"/>): PdfPig's limits do not cover every fault (a self-referencing
/// object recurses until the stack overflows).
/// </summary>
public static partial class PdfSignatureVerifier
{
    /// <summary>
    /// Verifies the newest signature of <paramref name="pdf"/>, read with <see cref="UntrustedPdfReader"/> (PdfPig,
    /// under limits); never throws for a damaged or hostile file, whose result has <c>Readable</c> false.
    /// </summary>
    public static PdfSignatureVerification Verify(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var problems = new List<string>();
        SignatureDictionary? signature;
        try
        {
            signature = UntrustedPdfReader.ReadSignatures(pdf)
                .OrderByDescending(s => s.ByteRange is { } range ? range[2] + range[3] : 0)
                .FirstOrDefault();
        }
        catch (UnreadablePdfException e)
        {
            problems.Add(e.Message);
            return new PdfSignatureVerification { Readable = false, Problems = problems };
        }

        if (signature is null)
        {
            problems.Add("The PDF has no signature field with a signature.");
            return new PdfSignatureVerification { Problems = problems };
        }

        var result = new PdfSignatureVerification
        {
            SignaturePresent = true,
            SignerName = signature.Name,
            SigningTime = ParseDate(signature.SigningTime),
            Reason = signature.Reason,
            Location = signature.Location,
        };

        var range = signature.ByteRange;
        var contents = signature.Contents;
        if (range is null || contents is null || range.Any(v => v is < 0 or > int.MaxValue))
        {
            problems.Add("The signature has no valid /ByteRange or /Contents.");
            return result with { Problems = problems };
        }

        var (start1, length1, start2, length2) = (range[0], range[1], range[2], range[3]);
        var rangeValid = start1 == 0 && length1 > 0 && start2 > length1 && length2 >= 0
            && start2 + length2 <= pdf.Length && pdf[length1] == '<' && pdf[start2 - 1] == '>'
            && GapHolds(pdf, (int)length1, (int)start2, contents);
        if (!rangeValid)
        {
            problems.Add("The byte range does not leave out exactly the signature's /Contents.");
            return result with { Problems = problems };
        }

        var covers = start2 + length2 == pdf.Length;
        if (!covers)
        {
            problems.Add($"The signature covers {start2 + length2} of {pdf.Length} bytes: the file was changed after signing.");
        }

        var signed = new byte[length1 + length2];
        Buffer.BlockCopy(pdf, 0, signed, 0, (int)length1);
        Buffer.BlockCopy(pdf, (int)start2, signed, (int)length1, (int)length2);

        var cmsBytes = TrimPadding(contents);
        var cms = new SignedCms(new ContentInfo(signed), detached: true);
        try
        {
            cms.Decode(cmsBytes);
        }
        catch (CryptographicException e)
        {
            problems.Add("The signature's CMS could not be decoded: " + e.Message);
            return result with { CoversWholeDocument = covers, Problems = problems };
        }

        if (cms.SignerInfos.Count != 1)
        {
            problems.Add($"The CMS has {cms.SignerInfos.Count} signers; one is expected.");
            return result with { CoversWholeDocument = covers, Problems = problems };
        }

        var signer = cms.SignerInfos[0];
        var certificate = signer.Certificate;
        result = result with
        {
            CoversWholeDocument = covers,
            SignerSubject = certificate?.Subject,
            CertificateThumbprint = certificate?.GetCertHashString(HashAlgorithmName.SHA256),
            CertificateSha1Thumbprint = certificate?.Thumbprint,
        };

        var digestMatches = DigestMatches(signer, signed);
        if (!digestMatches)
        {
            problems.Add("The document's digest differs from the signed message digest: the signed bytes were changed.");
        }

        var cmsValid = false;
        try
        {
            signer.CheckSignature(verifySignatureOnly: true);
            cmsValid = certificate is not null && BindsCertificate(signer, certificate.RawData);
            if (!cmsValid)
            {
                problems.Add("The signing-certificate-v2 attribute is missing or names another certificate.");
            }
        }
        catch (CryptographicException e)
        {
            problems.Add("The CMS signature does not verify: " + e.Message);
        }

        return result with { CmsValid = cmsValid, DigestMatches = digestMatches, Problems = problems };
    }

    /// <summary>The bytes between the byte range's two parts are the hex of /Contents and nothing else.</summary>
    private static bool GapHolds(byte[] pdf, int gapStart, int gapEnd, byte[] contents)
    {
        var hexLength = gapEnd - gapStart - 2;
        if (hexLength != contents.Length * 2)
        {
            return false;
        }

        var hex = System.Text.Encoding.ASCII.GetString(pdf, gapStart + 1, hexLength);
        return hex.All(Uri.IsHexDigit) && Convert.FromHexString(hex).AsSpan().SequenceEqual(contents);
    }

    /// <summary>/Contents is zero-padded to its reserved size; the CMS is the first DER value in it.</summary>
    private static byte[] TrimPadding(byte[] contents)
    {
        try
        {
            AsnDecoder.ReadEncodedValue(contents, AsnEncodingRules.BER, out _, out _, out var consumed);
            return contents[..consumed];
        }
        catch (AsnContentException)
        {
            return contents;
        }
    }

    private static bool DigestMatches(SignerInfo signer, byte[] signed)
    {
        var expected = signer.SignedAttributes.Cast<CryptographicAttributeObject>()
            .Where(a => a.Oid.Value == "1.2.840.113549.1.9.4")
            .SelectMany(a => a.Values.Cast<AsnEncodedData>())
            .Select(v => new Pkcs9MessageDigest { RawData = v.RawData }.MessageDigest)
            .FirstOrDefault();
        byte[]? actual = signer.DigestAlgorithm.Value switch
        {
            "2.16.840.1.101.3.4.2.1" => SHA256.HashData(signed),
            "2.16.840.1.101.3.4.2.2" => SHA384.HashData(signed),
            "2.16.840.1.101.3.4.2.3" => SHA512.HashData(signed),
            _ => null,
        };
        return expected is not null && actual is not null && CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private static bool BindsCertificate(SignerInfo signer, byte[] certificate)
    {
        var attribute = signer.SignedAttributes.Cast<CryptographicAttributeObject>()
            .FirstOrDefault(a => a.Oid.Value == SigningCertificateV2.Oid);
        var named = attribute?.Values.Cast<AsnEncodedData>().Select(v => SigningCertificateV2.ReadCertificateHash(v.RawData)).FirstOrDefault();
        return named is not null && named.AsSpan().SequenceEqual(SHA256.HashData(certificate));
    }

    /// <summary>A PDF date, "D:20250312101500+07'00'".</summary>
    internal static DateTimeOffset? ParseDate(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var match = PdfDatePattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        int Part(string name, int fallback) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : fallback;
        var offset = match.Groups["zone"].Value switch
        {
            "+" => new TimeSpan(Part("oh", 0), Part("om", 0), 0),
            "-" => -new TimeSpan(Part("oh", 0), Part("om", 0), 0),
            _ => TimeSpan.Zero,
        };
        try
        {
            return new DateTimeOffset(Part("y", 1), Part("mo", 1), Part("d", 1), Part("h", 0), Part("mi", 0), Part("s", 0), offset);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^D:(?<y>\d{4})(?<mo>\d{2})?(?<d>\d{2})?(?<h>\d{2})?(?<mi>\d{2})?(?<s>\d{2})?(?<zone>[Z+-])?(?<oh>\d{2})?'?(?<om>\d{2})?'?$")]
    private static partial Regex PdfDatePattern();
}
