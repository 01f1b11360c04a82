using System.Globalization;

namespace Sicantik.Workflows.Tests.Timers;

/// <summary>Sets the UI culture for one test, so messages are checked in a known language whatever the machine's.</summary>
internal sealed class UiCultureScope : IDisposable
{
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

    public UiCultureScope(string name)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
    }

    public static UiCultureScope Indonesian() => new("id-ID");

    public static UiCultureScope English() => new("en-US");

    public void Dispose() => CultureInfo.CurrentUICulture = _previous;
}
