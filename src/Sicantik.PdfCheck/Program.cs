using System.Text.Json;
using Sicantik.Documents.Verification;

// One PDF on standard input; what PdfSignatureVerifier found, as JSON, on standard output.
using var input = Console.OpenStandardInput();
using var pdf = new MemoryStream();
input.CopyTo(pdf);
var result = PdfSignatureVerifier.Verify(pdf.ToArray());
using var output = Console.OpenStandardOutput();
JsonSerializer.Serialize(output, result);
