using System.Xml;
using System.Xml.Linq;

namespace Sicantik.Workflows.Definitions;

/// <summary>
/// The one way BPMN XML is parsed: DTDs prohibited, a size cap, and an element-depth limit checked while streaming,
/// before any tree is built, so that no document can expand entities, exhaust memory or keep a core busy.
/// </summary>
public static class BpmnXml
{
    /// <summary>The longest document read, in characters.</summary>
    public const int MaxCharacters = 4 * 1024 * 1024;

    /// <summary>How deeply elements may nest (BPMN with diagram and Camunda extensions needs about ten levels).</summary>
    public const int MaxElementDepth = 64;

    /// <summary>Parses a document, or says why it is refused.</summary>
    /// <param name="xml">The document's text.</param>
    /// <param name="options">How the tree is loaded (for example with line information).</param>
    /// <param name="document">The tree when the document is accepted.</param>
    /// <param name="error">Why the document is refused, naming the line or element; otherwise <c>null</c>.</param>
    /// <returns>Whether the document was parsed.</returns>
    public static bool TryLoad(string xml, LoadOptions options, out XDocument? document, out ValidationError? error)
    {
        ArgumentNullException.ThrowIfNull(xml);
        document = null;
        error = Check(xml);
        if (error is not null)
        {
            return false;
        }

        try
        {
            using var reader = CreateReader(xml, options);
            document = XDocument.Load(reader, options);
            return true;
        }
        catch (XmlException ex)
        {
            error = Refusal(xml, ex);
            return false;
        }
    }

    /// <summary>Parses a document that was accepted before (a deployed version).</summary>
    /// <exception cref="DefinitionValidationException">The document is refused.</exception>
    public static XDocument Load(string xml, LoadOptions options = LoadOptions.None) =>
        TryLoad(xml, options, out var document, out var error) ? document! : throw new DefinitionValidationException([error!]);

    // A streaming pass: nothing is kept but the reader's position, so a hostile document costs no more than reading it.
    private static ValidationError? Check(string xml)
    {
        if (xml.Length > MaxCharacters)
        {
            return new ValidationError(null, null, "DocumentTooLarge", BpmnReader.Text("DocumentTooLarge", MaxCharacters));
        }

        try
        {
            using var reader = CreateReader(xml, LoadOptions.SetLineInfo);
            var lines = (IXmlLineInfo)reader;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Depth >= MaxElementDepth)
                {
                    return new ValidationError(
                        null, reader.LocalName, "DocumentTooDeep",
                        BpmnReader.Text("DocumentTooDeep", reader.Name, lines.LineNumber, lines.LinePosition, MaxElementDepth));
                }
            }

            return null;
        }
        catch (XmlException ex)
        {
            return Refusal(xml, ex);
        }
    }

    private static XmlReader CreateReader(string xml, LoadOptions options) =>
        XmlReader.Create(new StringReader(xml), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            IgnoreWhitespace = (options & LoadOptions.PreserveWhitespace) == 0,
        });

    private static ValidationError Refusal(string xml, XmlException ex) =>
        DoctypeLine(xml, ex) is { } line
            ? new ValidationError(null, null, "DtdProhibited", BpmnReader.Text("DtdProhibited", line))
            : new ValidationError(null, null, "MalformedXml", BpmnReader.Text("MalformedXml", ex.LineNumber, ex.LinePosition, ex.Message));

    // The reader refuses a DTD with an English sentence and no position; the DOCTYPE it stopped at tells which error
    // it is and where.
    private static int? DoctypeLine(string xml, XmlException ex)
    {
        var doctype = xml.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        if (doctype < 0)
        {
            return null;
        }

        var line = xml.AsSpan(0, doctype).Count('\n') + 1;
        return ex.LineNumber == 0 || ex.LineNumber == line ? line : null;
    }
}
