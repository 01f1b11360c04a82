using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sicantik.Documents.Signing;

/// <summary>
/// The ESS signing-certificate-v2 attribute (RFC 5035) that CAdES, and so PAdES, requires: it binds the signature
/// to the signer's certificate by the certificate's SHA-256 hash and its issuer and serial number.
/// </summary>
internal static class SigningCertificateV2
{
    public const string Oid = "1.2.840.113549.1.9.16.2.47";

    public static AsnEncodedData Create(X509Certificate2 certificate)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    // ESSCertIDv2: hashAlgorithm is left out, as DER requires for its default, SHA-256.
                    writer.WriteOctetString(SHA256.HashData(certificate.RawData));
                    using (writer.PushSequence())
                    {
                        using (writer.PushSequence())
                        {
                            // GeneralName directoryName [4] EXPLICIT Name.
                            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
                            {
                                writer.WriteEncodedValue(certificate.IssuerName.RawData);
                            }
                        }

                        writer.WriteInteger(certificate.SerialNumberBytes.Span);
                    }
                }
            }
        }

        return new AsnEncodedData(new Oid(Oid), writer.Encode());
    }

    /// <summary>The certificate hash the attribute names, or null when it cannot be read.</summary>
    public static byte[]? ReadCertificateHash(ReadOnlyMemory<byte> encoded)
    {
        try
        {
            var reader = new AsnReader(encoded, AsnEncodingRules.DER);
            var certificates = reader.ReadSequence().ReadSequence();
            var first = certificates.ReadSequence();
            if (first.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                // An explicit hash algorithm; only SHA-256 is written by us and accepted here.
                var algorithm = first.ReadSequence().ReadObjectIdentifier();
                if (algorithm != "2.16.840.1.101.3.4.2.1")
                {
                    return null;
                }
            }

            return first.ReadOctetString();
        }
        catch (AsnContentException)
        {
            return null;
        }
    }
}
