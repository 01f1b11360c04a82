using System.Globalization;
using System.Runtime.CompilerServices;

namespace Sicantik.Perizinan.Tests.Support;

/// <summary>
/// Every test reads the office's language (Bahasa Indonesia, the neutral resources) whatever the machine's locale, so
/// that messages and snapshots are the same everywhere; a test that wants English sets it for itself.
/// </summary>
internal static class TestCulture
{
#pragma warning disable CA2255 // A test assembly: setting the default culture once for all its tests is the point.
    [ModuleInitializer]
#pragma warning restore CA2255
    public static void UseIndonesian()
    {
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.GetCultureInfo("id-ID");
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.GetCultureInfo("id-ID");
    }
}
