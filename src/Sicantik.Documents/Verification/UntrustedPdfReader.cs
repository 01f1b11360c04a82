using System.IO.Compression;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;

namespace Sicantik.Documents.Verification;

/// <summary>The values of one signature dictionary, as read from a PDF.</summary>
internal sealed record SignatureDictionary(long[]? ByteRange, byte[]? Contents, string? Name, string? SigningTime, string? Reason, string? Location);

/// <summary>The PDF's structure could not be read within the reader's limits (or at all).</summary>
internal sealed class UnreadablePdfException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads the signature dictionaries of a PDF that someone else wrote (an upload) with PdfPig, under limits: nesting
/// depth, the bytes a stream may inflate to, the fields and references followed. Our own recursive
/// <see cref="Pdf.PdfParser"/> reads only the documents this office generates.
/// </summary>
internal static class UntrustedPdfReader
{
    /// <summary>Deeper arrays and dictionaries than this are refused (a signed SK nests a handful of levels).</summary>
    public const int MaxNesting = 64;

    /// <summary>The bytes all of a file's streams may inflate to together.</summary>
    public const long MaxInflatedBytes = 32L * 1024 * 1024;

    /// <summary>The form fields visited at most (a signed SK has one).</summary>
    public const int MaxFields = 1000;

    /// <summary>The references followed at most to reach one object (a chain or a loop ends here).</summary>
    private const int MaxHops = 32;

    /// <summary>Every signature dictionary of the form's signature fields.</summary>
    /// <exception cref="UnreadablePdfException">The structure could not be read within the limits.</exception>
    public static IReadOnlyList<SignatureDictionary> ReadSignatures(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        try
        {
            var options = new ParsingOptions
            {
                UseLenientParsing = true,
                SkipMissingFonts = true,
                MaxStackDepth = MaxNesting,
                FilterProvider = new BoundedFilterProvider(MaxInflatedBytes),
            };
            using var document = PdfDocument.Open(pdf, options);
            var scanner = document.Structure.TokenScanner;
            return FindSignatures(document.Structure.Catalog.CatalogDictionary, scanner).ToList();
        }
        catch (UnreadablePdfException)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // The boundary to a foreign parser of hostile input: whatever it throws means "unreadable".
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            throw new UnreadablePdfException("The PDF's structure could not be read: " + e.Message, e);
        }
    }

    private static IEnumerable<SignatureDictionary> FindSignatures(DictionaryToken catalog, IPdfTokenScanner scanner)
    {
        if (Resolve(Get(catalog, "AcroForm"), scanner) is not DictionaryToken form
            || Resolve(Get(form, "Fields"), scanner) is not ArrayToken fields)
        {
            yield break;
        }

        var pending = new Stack<(IToken Field, string? InheritedType)>(fields.Data.Select(f => (f, (string?)null)).Reverse());
        var visited = new HashSet<IndirectReference>();
        var count = 0;
        while (pending.Count > 0)
        {
            if (++count > MaxFields)
            {
                throw new UnreadablePdfException($"The form has more than {MaxFields} fields.");
            }

            var (item, inheritedType) = pending.Pop();
            if (item is IndirectReferenceToken reference && !visited.Add(reference.Data))
            {
                continue;
            }

            if (Resolve(item, scanner) is not DictionaryToken field)
            {
                continue;
            }

            var type = (Get(field, "FT") as NameToken)?.Data ?? inheritedType;
            if (type == "Sig" && Resolve(Get(field, "V"), scanner) is DictionaryToken value)
            {
                yield return Read(value, scanner);
            }

            if (Resolve(Get(field, "Kids"), scanner) is ArrayToken kids)
            {
                foreach (var kid in kids.Data)
                {
                    pending.Push((kid, type));
                }
            }
        }
    }

    private static SignatureDictionary Read(DictionaryToken signature, IPdfTokenScanner scanner)
    {
        long[]? range = null;
        if (Resolve(Get(signature, "ByteRange"), scanner) is ArrayToken { Length: 4 } array)
        {
            var values = array.Data.Select(t => Resolve(t, scanner) is NumericToken { HasDecimalPlaces: false, Double: >= int.MinValue and <= int.MaxValue } n ? n.Long : (long?)null).ToArray();
            range = values.All(v => v is not null) ? values.Select(v => v!.Value).ToArray() : null;
        }

        return new SignatureDictionary(
            range,
            Resolve(Get(signature, "Contents"), scanner) switch
            {
                HexToken hex => hex.Bytes.ToArray(),
                StringToken text => text.GetBytes(),
                _ => null,
            },
            Text(Get(signature, "Name"), scanner),
            Text(Get(signature, "M"), scanner),
            Text(Get(signature, "Reason"), scanner),
            Text(Get(signature, "Location"), scanner));
    }

    private static string? Text(IToken? token, IPdfTokenScanner scanner) => Resolve(token, scanner) switch
    {
        StringToken text => text.Data,
        HexToken hex => hex.Data,
        _ => null,
    };

    private static IToken? Get(DictionaryToken dictionary, string key) =>
        dictionary.TryGet(NameToken.Create(key), out var value) ? value : null;

    /// <summary>Follows references to the object they name; a chain longer than <see cref="MaxHops"/> is refused.</summary>
    private static IToken? Resolve(IToken? token, IPdfTokenScanner scanner)
    {
        for (var hops = 0; token is IndirectReferenceToken reference; hops++)
        {
            if (hops == MaxHops)
            {
                throw new UnreadablePdfException($"A reference chain is longer than {MaxHops}.");
            }

            token = scanner.Get(reference.Data)?.Data;
        }

        return token;
    }

    /// <summary>
    /// PdfPig's filters, but FlateDecode inflates at most the file's remaining budget (a small stream can hold hundreds
    /// of megabytes of zeros). Filters that only images use, and LZW (unbounded in the same way), are left out: the
    /// structure a signature check reads never needs them.
    /// </summary>
    private sealed class BoundedFilterProvider(long budget) : BaseFilterProvider(Filters(new BoundedFlate(budget)))
    {
        private static Dictionary<string, IFilter> Filters(BoundedFlate flate)
        {
            var hex = new AsciiHexDecodeFilter();
            var ascii85 = new Ascii85Filter();
            return new Dictionary<string, IFilter>(StringComparer.Ordinal)
            {
                [NameToken.FlateDecode.Data] = flate,
                [NameToken.FlateDecodeAbbreviation.Data] = flate,
                [NameToken.AsciiHexDecode.Data] = hex,
                [NameToken.AsciiHexDecodeAbbreviation.Data] = hex,
                [NameToken.Ascii85Decode.Data] = ascii85,
                [NameToken.Ascii85DecodeAbbreviation.Data] = ascii85,
            };
        }
    }

    /// <summary>Counts what a stream inflates to before PdfPig inflates it; past the budget the file is unreadable.</summary>
    private sealed class BoundedFlate(long budget) : IFilter
    {
        private readonly FlateFilter _inner = new();
        private readonly long _budget = budget;
        private long _remaining = budget;

        public bool IsSupported => true;

        public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
        {
            var inflated = InflatedLength(input, _remaining);
            if (inflated > _remaining)
            {
                throw new UnreadablePdfException($"The PDF's streams inflate to more than {_budget} bytes.");
            }

            _remaining -= inflated;
            return _inner.Decode(input, streamDictionary, filterProvider, filterIndex);
        }

        /// <summary>The inflated length, counted up to one byte past <paramref name="limit"/>.</summary>
        private static long InflatedLength(Memory<byte> input, long limit)
        {
            if (input.Length < 2)
            {
                return 0;
            }

            // As PdfPig does: skip the two zlib header bytes, inflate the raw deflate data.
            using var compressed = new MemoryStream(input[2..].ToArray(), writable: false);
            using var deflate = new DeflateStream(compressed, CompressionMode.Decompress);
            var buffer = new byte[81920];
            long total = 0;
            try
            {
                int read;
                while (total <= limit && (read = deflate.Read(buffer)) > 0)
                {
                    total += read;
                }
            }
            catch (InvalidDataException)
            {
                // A damaged stream: PdfPig inflates what it can, which is no more than was counted.
            }

            return total;
        }
    }
}
