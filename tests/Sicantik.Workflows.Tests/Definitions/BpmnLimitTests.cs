using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Tests.Support;
using Sicantik.Workflows.Tests.Timers;

namespace Sicantik.Workflows.Tests.Definitions;

/// <summary>Hostile definitions are refused with a message, never with a dead or busy host.</summary>
public sealed class BpmnLimitTests
{
    [Fact]
    public void Read_RefusesDtdNamingLine_WhenDocumentDeclaresEntities()
    {
        using var culture = UiCultureScope.Indonesian();
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p" name="&lol2;" isExecutable="true" /></bpmn:definitions>
            """;

        var error = BpmnReaderTests.SingleError(xml, "DtdProhibited");

        Assert.Contains("DTD tidak diizinkan", error.Message, StringComparison.Ordinal);
        Assert.Contains("baris 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RefusesDtd_WhenDocumentReferencesExternalEntity()
    {
        var xml = "<!DOCTYPE d [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
            + "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><bpmn:process id=\"p\" name=\"&xxe;\" isExecutable=\"true\" /></bpmn:definitions>";

        BpmnReaderTests.SingleError(xml, "DtdProhibited");
    }

    [Fact]
    public void Read_RefusesNamingElementAndLine_WhenTwoHundredThousandElementsNest()
    {
        using var culture = UiCultureScope.Indonesian();
        const int depth = 200_000;
        var xml = new StringBuilder("<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">\n<bpmn:process id=\"p\" isExecutable=\"true\">\n")
            .Append(string.Concat(Enumerable.Repeat("<x>", depth)))
            .Append(string.Concat(Enumerable.Repeat("</x>", depth)))
            .Append("</bpmn:process></bpmn:definitions>")
            .ToString();

        var error = BpmnReaderTests.SingleError(xml, "DocumentTooDeep");

        Assert.Equal("x", error.ElementType);
        Assert.Contains("<x>", error.Message, StringComparison.Ordinal);
        Assert.Contains("baris 3", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{BpmnXml.MaxElementDepth} tingkat", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RefusesAsTooDeep_WhenTwentyThousandSubProcessesNest()
    {
        const int depth = 20_000;
        var opening = string.Concat(Enumerable.Range(1, depth).Select(i => $"<bpmn:subProcess id=\"Sub{i}\">"));
        var xml = Bpmn.Process(opening + string.Concat(Enumerable.Repeat("</bpmn:subProcess>", depth)));

        BpmnReaderTests.SingleError(xml, "DocumentTooDeep");
    }

    [Fact]
    public void Read_RefusesNamingSubProcess_WhenSubProcessesNestBeyondLimit()
    {
        using var culture = UiCultureScope.Indonesian();
        var xml = Bpmn.Process(NestedSubProcesses(BpmnReader.MaxSubProcessNesting + 1));

        var error = BpmnReaderTests.SingleError(xml, "SubProcessTooDeep");

        Assert.Equal($"Sub{BpmnReader.MaxSubProcessNesting + 1}", error.ElementId);
        Assert.Contains($"lebih dari {BpmnReader.MaxSubProcessNesting} tingkat", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Accepts_WhenSubProcessesNestToLimit()
    {
        var result = BpmnReaderTests.Reader.Read(Bpmn.Process(NestedSubProcesses(BpmnReader.MaxSubProcessNesting)));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
    }

    [Fact]
    public void Read_RefusesAsTooLarge_WhenDocumentIsLongerThanCap()
    {
        var xml = Bpmn.Process($"<!-- {new string('a', BpmnXml.MaxCharacters)} -->");

        BpmnReaderTests.SingleError(xml, "DocumentTooLarge");
    }

    [Fact]
    public void Read_RefusesCondition_WhenItNestsTwentyThousandParentheses()
    {
        using var culture = UiCultureScope.Indonesian();
        var condition = "${" + new string('(', 20_000) + "true" + new string(')', 20_000) + "}";
        var xml = Bpmn.Process($"""
            <bpmn:startEvent id="Start" />
            <bpmn:exclusiveGateway id="Gate" default="f3" />
            <bpmn:endEvent id="Yes" />
            <bpmn:endEvent id="No" />
            {Bpmn.Flow("f1", "Start", "Gate")}
            {Bpmn.Flow("f2", "Gate", "Yes", condition)}
            {Bpmn.Flow("f3", "Gate", "No")}
            """);

        var error = BpmnReaderTests.SingleError(xml, "InvalidExpression");

        Assert.Equal("f2", error.ElementId);
        Assert.Contains("bersarang lebih dari 64 tingkat", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ThrowsValidationException_WhenDocumentHasDtd()
    {
        var exception = Assert.Throws<DefinitionValidationException>(() => BpmnXml.Load("<!DOCTYPE a [<!ENTITY b \"c\">]><a>&b;</a>"));

        Assert.Equal("DtdProhibited", Assert.Single(exception.Errors).Rule);
    }

    [Fact]
    public void Load_KeepsLineInfo_WhenAsked()
    {
        var document = BpmnXml.Load("<a>\n<b /></a>", LoadOptions.SetLineInfo);

        Assert.Equal(2, ((System.Xml.IXmlLineInfo)document.Root!.Elements().Single()).LineNumber);
    }

    // start → Sub1 → end, Sub1 holding start → Sub2 → end, and so on; the innermost holds start → end.
    private static string NestedSubProcesses(int depth)
    {
        var body = new StringBuilder();
        for (var level = 1; level <= depth; level++)
        {
            body.Append(
                CultureInfo.InvariantCulture,
                $"""<bpmn:startEvent id="S{level}" /><bpmn:endEvent id="E{level}" /><bpmn:sequenceFlow id="a{level}" sourceRef="S{level}" targetRef="Sub{level}" /><bpmn:sequenceFlow id="b{level}" sourceRef="Sub{level}" targetRef="E{level}" /><bpmn:subProcess id="Sub{level}">""");
        }

        body.Append("""<bpmn:startEvent id="Inner" /><bpmn:endEvent id="InnerEnd" /><bpmn:sequenceFlow id="inner" sourceRef="Inner" targetRef="InnerEnd" />""");
        body.Append(string.Concat(Enumerable.Repeat("</bpmn:subProcess>", depth)));
        return body.ToString();
    }
}
