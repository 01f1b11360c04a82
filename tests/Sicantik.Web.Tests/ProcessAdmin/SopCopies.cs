using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Sicantik.Web.Tests.Support;
using Sicantik.Workflows.Definitions;

namespace Sicantik.Web.Tests.ProcessAdmin;

/// <summary>Edited copies of workflows/penerbitan-izin.bpmn, deployed through the engine as an administrator would.</summary>
public static class SopCopies
{
    public const string Key = "penerbitan-izin";

    public static string Original => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", "penerbitan-izin.bpmn"));

    /// <summary>Renames an element everywhere (its id, the flows and lane that refer to it, its shape).</summary>
    public static string Rename(this string xml, string id, string newId) => xml.Replace(id, newId, StringComparison.Ordinal);

    /// <summary>Sets the duration of a boundary timer (a step's baku mutu), or the interval of its repeating cycle.</summary>
    public static string WithTimer(this string xml, string timerId, string duration)
    {
        var start = xml.IndexOf($"id=\"{timerId}\"", StringComparison.Ordinal);
        Assert.True(start > 0, timerId);
        var end = xml.IndexOf("</bpmn:timerEventDefinition>", start, StringComparison.Ordinal);
        var open = new[] { "<bpmn:timeDuration", "<bpmn:timeCycle" }
            .Select(tag => xml.IndexOf(tag, start, end - start, StringComparison.Ordinal))
            .Where(i => i > 0)
            .DefaultIfEmpty(-1)
            .Min();
        Assert.True(open > 0, timerId);
        var valueStart = xml.IndexOf('>', open) + 1;
        var valueEnd = xml.IndexOf('<', valueStart);

        // The SOP's baku mutu timers repeat as reminders (R3/PT5M): the baku mutu is the cycle's interval.
        var current = xml[valueStart..valueEnd];
        var slash = current.IndexOf('/', StringComparison.Ordinal);
        return xml[..valueStart] + (slash > 0 ? current[..(slash + 1)] : string.Empty) + duration + xml[valueEnd..];
    }

    /// <summary>Sets an element's name attribute.</summary>
    public static string WithName(this string xml, string id, string name)
    {
        var changed = Regex.Replace(xml, $"(id=\"{Regex.Escape(id)}\" name=\")[^\"]*(\")", m => m.Groups[1].Value + name + m.Groups[2].Value);
        Assert.NotEqual(xml, changed);
        return changed;
    }

    /// <summary>Moves an element's shape to the right.</summary>
    public static string MoveShape(this string xml, string id, int dx)
    {
        var changed = Regex.Replace(xml, $"(bpmnElement=\"{Regex.Escape(id)}\">\\s*<dc:Bounds x=\")(\\d+)", m => m.Groups[1].Value + (int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) + dx).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEqual(xml, changed);
        return changed;
    }

    /// <summary>Deploys <paramref name="xml"/> as the next version (a draft) and returns its number.</summary>
    public static async Task<int> DeployAsync(SicantikWebFactory host, string xml, bool publish = false)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var deployed = await scope.ServiceProvider.GetRequiredService<DefinitionService>().DeployAsync(xml, "admin-uji", publish);
        Assert.True(deployed.IsNew);
        return deployed.Definition.Version;
    }
}
