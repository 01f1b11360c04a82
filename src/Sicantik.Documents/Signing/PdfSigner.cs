using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Sicantik.Documents.Pdf;
using Sicantik.Documents.Resources;

namespace Sicantik.Documents.Signing;

/// <summary>
/// Signs a PDF with a PAdES signature (ETSI.CAdES.detached): an incremental update appends a signature field, the
/// AcroForm and the signature dictionary, and a detached CMS SignedData (SHA-256, the signer's certificate
/// embedded, ESS signing-certificate-v2) over every byte of the file except the signature's own /Contents.
/// </summary>
public static class PdfSigner
{
    /// <summary>Room reserved for the CMS, in bytes; a signature with a chain of a few certificates fits.</summary>
    public const int ReservedSignatureBytes = 16384;

    private const string ByteRangePlaceholder = "[0 ********** ********** **********]";

    /// <summary>Returns <paramref name="pdf"/> with the signature appended; the original bytes are kept as they are.</summary>
    public static byte[] Sign(byte[] pdf, X509Certificate2 certWithKey, SignatureInfo info)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(certWithKey);
        ArgumentNullException.ThrowIfNull(info);
        if (!certWithKey.HasPrivateKey)
        {
            throw new ArgumentException("The certificate has no private key to sign with.", nameof(certWithKey));
        }

        var file = PdfFile.Parse(pdf);
        using var update = new IncrementalUpdate(file);
        var signed = update.Build(info);

        var contentsStart = signed.ContentsStart;
        var contentsEnd = signed.ContentsEnd;
        var total = signed.Bytes.Length;
        var byteRange = string.Create(CultureInfo.InvariantCulture, $"[0 {contentsStart} {contentsEnd} {total - contentsEnd}]")
            .PadRight(ByteRangePlaceholder.Length);
        Encoding.ASCII.GetBytes(byteRange).CopyTo(signed.Bytes, signed.ByteRangeStart);

        var signedData = new byte[contentsStart + (total - contentsEnd)];
        Buffer.BlockCopy(signed.Bytes, 0, signedData, 0, contentsStart);
        Buffer.BlockCopy(signed.Bytes, contentsEnd, signedData, contentsStart, total - contentsEnd);

        var cms = CreateSignature(signedData, certWithKey);
        if (cms.Length > ReservedSignatureBytes)
        {
            throw new InvalidOperationException($"The signature ({cms.Length} bytes) exceeds the {ReservedSignatureBytes} bytes reserved for it.");
        }

        Encoding.ASCII.GetBytes(Convert.ToHexString(cms)).CopyTo(signed.Bytes, contentsStart + 1);
        return signed.Bytes;
    }

    private static byte[] CreateSignature(byte[] signedData, X509Certificate2 certificate)
    {
        var cms = new SignedCms(new ContentInfo(signedData), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1", "sha256"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        // PAdES takes the signing time from the dictionary's /M, so no signing-time attribute is added.
        signer.SignedAttributes.Add(SigningCertificateV2.Create(certificate));
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }

    internal static string PdfDate(DateTimeOffset time)
    {
        var offset = time.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture, $"D:{time:yyyyMMddHHmmss}{sign}{offset.Hours:00}'{offset.Minutes:00}'");
    }

    private sealed record SignedUpdate(byte[] Bytes, int ByteRangeStart, int ContentsStart, int ContentsEnd);

    /// <summary>The objects appended after the original file, their cross-reference section and trailer.</summary>
    private sealed class IncrementalUpdate(PdfFile file) : IDisposable
    {
        private readonly MemoryStream _output = new();
        private readonly SortedDictionary<int, long> _written = [];

        public SignedUpdate Build(SignatureInfo info)
        {
            var original = file.Data;
            _output.Write(original);
            if (original.Length > 0 && original[^1] is not (byte)'\n' and not (byte)'\r')
            {
                _output.WriteByte((byte)'\n');
            }

            var trailer = file.Trailer;
            var rootReference = trailer["Root"] as PdfReference
                ?? throw new FormatException("Malformed PDF: the trailer has no /Root reference.");
            var catalog = file.Catalog.Copy();
            var pages = file.PageReferences();
            if (pages.Count == 0)
            {
                throw new FormatException("Malformed PDF: the document has no pages.");
            }

            // The widget sits on the last page, where the SK's signer block is.
            var pageReference = pages[^1];
            var page = (file.GetObject(pageReference.Number) as PdfDictionary
                ?? throw new FormatException("Malformed PDF: a page is not a dictionary.")).Copy();

            var size = (int)((trailer["Size"] as PdfNumber)?.AsLong ?? throw new FormatException("Malformed PDF: the trailer has no /Size."));
            var next = size;
            var signatureNumber = next++;
            var widgetNumber = next++;

            PdfDictionary form;
            int formNumber;
            if (catalog["AcroForm"] is PdfReference formReference && file.GetObject(formReference.Number) is PdfDictionary existingForm)
            {
                form = existingForm.Copy();
                formNumber = formReference.Number;
            }
            else
            {
                form = (catalog["AcroForm"] as PdfDictionary)?.Copy() ?? new PdfDictionary();
                formNumber = next++;
                catalog["AcroForm"] = new PdfReference(formNumber, 0);
            }

            var fields = new PdfArray([.. (file.Resolve(form["Fields"]) as PdfArray)?.Items ?? []]);
            fields.Items.Add(new PdfReference(widgetNumber, 0));
            form["Fields"] = fields;
            form["SigFlags"] = new PdfNumber(3);

            var annotations = new PdfArray([.. (file.Resolve(page["Annots"]) as PdfArray)?.Items ?? []]);
            annotations.Items.Add(new PdfReference(widgetNumber, 0));
            page["Annots"] = annotations;

            // An invisible signature field: the SK shows its QR code and verification code instead.
            var widget = new PdfDictionary
            {
                ["Type"] = new PdfName("Annot"),
                ["Subtype"] = new PdfName("Widget"),
                ["FT"] = new PdfName("Sig"),
                ["T"] = PdfString.FromText("Signature" + fields.Items.Count.ToString(CultureInfo.InvariantCulture)),
                ["V"] = new PdfReference(signatureNumber, 0),
                ["F"] = new PdfNumber(132),
                ["Rect"] = new PdfArray([new PdfNumber(0), new PdfNumber(0), new PdfNumber(0), new PdfNumber(0)]),
                ["P"] = pageReference,
            };

            var (byteRangeStart, contentsStart, contentsEnd) = WriteSignatureDictionary(signatureNumber, info);
            WriteObject(widgetNumber, widget);
            WriteObject(formNumber, form);
            WriteObject(pageReference.Number, page);
            WriteObject(rootReference.Number, catalog);

            var xrefOffset = _output.Position;
            var xref = new StringBuilder("xref\n");
            foreach (var run in Runs(_written.Keys))
            {
                xref.Append(CultureInfo.InvariantCulture, $"{run.First} {run.Count}\n");
                for (var n = run.First; n < run.First + run.Count; n++)
                {
                    xref.Append(CultureInfo.InvariantCulture, $"{_written[n]:D10} 00000 n \n");
                }
            }

            var newTrailer = trailer.Copy();
            newTrailer["Size"] = new PdfNumber(Math.Max(size, _written.Keys.Max() + 1));
            newTrailer["Prev"] = new PdfNumber(file.StartXref);
            newTrailer["XRefStm"] = null;
            xref.Append("trailer\n").Append(newTrailer).Append('\n');
            xref.Append(CultureInfo.InvariantCulture, $"startxref\n{xrefOffset}\n%%EOF\n");
            Write(xref.ToString());
            return new SignedUpdate(_output.ToArray(), byteRangeStart, contentsStart, contentsEnd);
        }

        private (int ByteRangeStart, int ContentsStart, int ContentsEnd) WriteSignatureDictionary(int number, SignatureInfo info)
        {
            _written[number] = _output.Position;
            var reason = string.IsNullOrWhiteSpace(info.Reason) ? DocumentText.Get("SignatureReasonDefault") : info.Reason;
            Write(string.Create(CultureInfo.InvariantCulture, $"{number} 0 obj\n<</Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.CAdES.detached\n/ByteRange "));
            var byteRangeStart = (int)_output.Position;
            Write(ByteRangePlaceholder);
            Write("\n/Contents ");
            var contentsStart = (int)_output.Position;
            Write("<" + new string('0', ReservedSignatureBytes * 2) + ">");
            var contentsEnd = (int)_output.Position;
            var rest = new StringBuilder();
            rest.Append("\n/M ");
            PdfString.FromText(PdfDate(info.SigningTime)).WriteTo(rest);
            rest.Append("\n/Name ");
            PdfString.FromText(info.SignerName).WriteTo(rest);
            rest.Append("\n/Reason ");
            PdfString.FromText(reason).WriteTo(rest);
            if (!string.IsNullOrWhiteSpace(info.Location))
            {
                rest.Append("\n/Location ");
                PdfString.FromText(info.Location).WriteTo(rest);
            }

            if (!string.IsNullOrWhiteSpace(info.ContactInfo))
            {
                rest.Append("\n/ContactInfo ");
                PdfString.FromText(info.ContactInfo).WriteTo(rest);
            }

            rest.Append(">>\nendobj\n");
            Write(rest.ToString());
            return (byteRangeStart, contentsStart, contentsEnd);
        }

        private void WriteObject(int number, PdfObject value)
        {
            _written[number] = _output.Position;
            Write(string.Create(CultureInfo.InvariantCulture, $"{number} 0 obj\n{value}\nendobj\n"));
        }

        public void Dispose() => _output.Dispose();

        private void Write(string text) => _output.Write(Encoding.Latin1.GetBytes(text));

        private static IEnumerable<(int First, int Count)> Runs(IEnumerable<int> numbers)
        {
            int? first = null;
            var count = 0;
            foreach (var n in numbers)
            {
                if (first is { } f && n == f + count)
                {
                    count++;
                    continue;
                }

                if (first is { } done)
                {
                    yield return (done, count);
                }

                first = n;
                count = 1;
            }

            if (first is { } last)
            {
                yield return (last, count);
            }
        }
    }
}
