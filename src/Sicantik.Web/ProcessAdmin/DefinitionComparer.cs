using System.Globalization;
using System.Xml.Linq;
using Sicantik.Workflows.Definitions;

namespace Sicantik.Web.ProcessAdmin;

/// <summary>What changed between two versions of a definition, element by element (matched by id).</summary>
public sealed record DefinitionDiff(
    string Key,
    int FromVersion,
    int ToVersion,
    IReadOnlyList<DiffElement> Added,
    IReadOnlyList<DiffElement> Removed,
    IReadOnlyList<ChangedElement> Changed,
    IReadOnlyList<DiffElement> LayoutChanged)
{
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0 && LayoutChanged.Count == 0;
}

/// <summary>An element of one version: its id, its BPMN type (<c>userTask</c>...) and its name.</summary>
public sealed record DiffElement(string Id, string Type, string? Name);

/// <summary>An element in both versions whose attributes or properties differ.</summary>
public sealed record ChangedElement(string Id, string Type, string? Name, IReadOnlyList<PropertyChange> Changes);

/// <summary>
/// One attribute or property: <c>name</c>, <c>camunda:candidateGroups</c>, <c>timerEventDefinition/timeDuration</c>,
/// <c>conditionExpression</c>...; <c>null</c> where a side does not have it.
/// </summary>
public sealed record PropertyChange(string Property, string? From, string? To);

/// <summary>
/// Compares two BPMN documents on the server, as bpmn-js-differ does in the browser: elements are matched by id; an
/// element is changed when an attribute or a nested property (documentation, condition, timer, extension) differs, and
/// its layout changed when its shape's bounds or its edge's waypoints moved.
/// </summary>
public static class DefinitionComparer
{
    private const string Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private const string BpmnDi = "http://www.omg.org/spec/BPMN/20100524/DI";
    private const string Dc = "http://www.omg.org/spec/DD/20100524/DC";
    private const string Di = "http://www.omg.org/spec/DD/20100524/DI";

    // Elements that are a part of their parent element rather than elements of their own.
    private static readonly HashSet<string> Containers = new(StringComparer.Ordinal) { "definitions", "laneSet", "extensionElements" };

    // References the other side already carries (a flow's sourceRef/targetRef), so they would only repeat a change.
    private static readonly string[] LayoutAttributes = ["x", "y", "width", "height"];

    // The lane set only holds the lanes, which are compared as elements of their own.
    private static readonly HashSet<string> Derived = new(StringComparer.Ordinal) { "incoming", "outgoing", "laneSet" };

    public static DefinitionDiff Compare(string key, int fromVersion, string fromXml, int toVersion, string toXml)
    {
        var from = Read(fromXml);
        var to = Read(toXml);
        var added = to.Elements.Keys.Where(id => !from.Elements.ContainsKey(id)).Select(id => Describe(id, to.Elements[id])).OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
        var removed = from.Elements.Keys.Where(id => !to.Elements.ContainsKey(id)).Select(id => Describe(id, from.Elements[id])).OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
        var changed = new List<ChangedElement>();
        var layout = new List<DiffElement>();
        foreach (var (id, element) in to.Elements.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!from.Elements.TryGetValue(id, out var before))
            {
                continue;
            }

            var old = Properties(before);
            var now = Properties(element);
            var changes = old.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
                .Select(p => new PropertyChange(p, old.GetValueOrDefault(p), now.GetValueOrDefault(p)))
                .Where(c => !string.Equals(c.From, c.To, StringComparison.Ordinal))
                .ToList();
            if (before.Name.LocalName != element.Name.LocalName)
            {
                changes.Insert(0, new PropertyChange("type", before.Name.LocalName, element.Name.LocalName));
            }

            if (changes.Count > 0)
            {
                changed.Add(new ChangedElement(id, element.Name.LocalName, Name(element), changes));
            }

            if (from.Layout.TryGetValue(id, out var oldLayout) && to.Layout.TryGetValue(id, out var newLayout) && oldLayout != newLayout)
            {
                layout.Add(Describe(id, element));
            }
        }

        return new DefinitionDiff(key, fromVersion, toVersion, added, removed, changed, layout);
    }

    private static DiffElement Describe(string id, XElement element) => new(id, element.Name.LocalName, Name(element));

    private static string? Name(XElement element) => (string?)element.Attribute("name");

    private static (Dictionary<string, XElement> Elements, Dictionary<string, string> Layout) Read(string xml)
    {
        var document = BpmnXml.Load(xml);
        var elements = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (var element in document.Descendants().Where(IsElement))
        {
            elements.TryAdd((string)element.Attribute("id")!, element);
        }

        var layout = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var shape in document.Descendants(XName.Get("BPMNShape", BpmnDi)).Concat(document.Descendants(XName.Get("BPMNEdge", BpmnDi))))
        {
            if ((string?)shape.Attribute("bpmnElement") is { } target)
            {
                var points = shape.Elements(XName.Get("Bounds", Dc)).Concat(shape.Elements(XName.Get("waypoint", Di)))
                    .Select(p => string.Join(',', LayoutAttributes.Select(a => Number((string?)p.Attribute(a)))));
                layout[target] = string.Join(' ', points);
            }
        }

        return (elements, layout);
    }

    private static string Number(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? Math.Round(number, 1).ToString(CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>A semantic BPMN element with an id of its own: a flow node, a flow, a lane, a process, a participant.</summary>
    private static bool IsElement(XElement element) =>
        element.Name.NamespaceName == Bpmn
        && element.Attribute("id") is not null
        && !Containers.Contains(element.Name.LocalName)
        && !element.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal)
        && element.Ancestors().All(a => a.Name.LocalName != "extensionElements");

    /// <summary>The element's attributes and the text and attributes of its nested parts, by path.</summary>
    private static Dictionary<string, string> Properties(XElement element)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        AddAttributes(properties, element, prefix: string.Empty);
        var children = element.Elements().Where(c => !IsElement(c) && !Derived.Contains(c.Name.LocalName)).ToList();
        foreach (var group in children.GroupBy(c => Qualified(c, c.Name)))
        {
            var index = 0;
            foreach (var child in group)
            {
                var path = group.Count() == 1 ? group.Key : $"{group.Key}[{index++}]";
                AddPart(properties, child, path);
            }
        }

        // Lane membership is a set: order in the XML does not matter.
        if (element.Name.LocalName == "lane")
        {
            var members = element.Elements(XName.Get("flowNodeRef", Bpmn)).Select(e => e.Value.Trim()).Order(StringComparer.Ordinal);
            properties.Remove("flowNodeRef");
            foreach (var key in properties.Keys.Where(k => k.StartsWith("flowNodeRef[", StringComparison.Ordinal)).ToList())
            {
                properties.Remove(key);
            }

            properties["flowNodeRef"] = string.Join(", ", members);
        }

        return properties;
    }

    private static void AddPart(Dictionary<string, string> properties, XElement part, string path)
    {
        AddAttributes(properties, part, path + "/");
        var nested = part.Elements().Where(c => !IsElement(c)).ToList();
        if (nested.Count == 0)
        {
            var text = part.Value.Trim();
            if (text.Length > 0 || !part.HasAttributes)
            {
                properties[path] = text;
            }

            return;
        }

        foreach (var group in nested.GroupBy(c => Qualified(c, c.Name)))
        {
            var index = 0;
            foreach (var child in group)
            {
                AddPart(properties, child, group.Count() == 1 ? $"{path}/{group.Key}" : $"{path}/{group.Key}[{index++}]");
            }
        }
    }

    private static void AddAttributes(Dictionary<string, string> properties, XElement element, string prefix)
    {
        foreach (var attribute in element.Attributes().Where(a => !a.IsNamespaceDeclaration))
        {
            // Ids of nested parts (a timer definition's id) are generated by modelers and mean nothing.
            if (attribute.Name == "id" || attribute.Name.NamespaceName == "http://www.w3.org/2001/XMLSchema-instance")
            {
                continue;
            }

            properties[prefix + Qualified(element, attribute.Name)] = attribute.Value;
        }
    }

    private static string Qualified(XElement scope, XName name)
    {
        if (name.NamespaceName.Length == 0 || name.NamespaceName == Bpmn)
        {
            return name.LocalName;
        }

        var prefix = scope.GetPrefixOfNamespace(name.Namespace);
        return prefix is null ? name.LocalName : $"{prefix}:{name.LocalName}";
    }
}
