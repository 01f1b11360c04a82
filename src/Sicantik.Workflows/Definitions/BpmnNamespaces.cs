using System.Xml.Linq;

namespace Sicantik.Workflows.Definitions;

/// <summary>The XML namespaces the engine reads.</summary>
public static class BpmnNamespaces
{
    /// <summary>BPMN 2.0 model.</summary>
    public static readonly XNamespace Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    /// <summary>Camunda 7 extensions.</summary>
    public static readonly XNamespace Camunda = "http://camunda.org/schema/1.0/bpmn";

    /// <summary>Sicantik's own extensions: lane roles, outcomes, escalation targets, calendars.</summary>
    public static readonly XNamespace Sicantik = "http://sicantik.id/schema/bpmn/1.0";

    /// <summary>XML Schema instance (for <c>xsi:type</c>).</summary>
    public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
}
