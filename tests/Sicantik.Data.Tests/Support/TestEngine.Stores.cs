using Microsoft.Extensions.DependencyInjection;
using Sicantik.Data;
using Sicantik.Data.Tests.Support;

namespace Sicantik.Workflows.Tests.Support;

/// <summary>In this project, every engine test runs on the EF Core stores over a fresh, migrated database.</summary>
internal sealed partial class TestEngine
{
    static partial void UseStores(IServiceCollection services, List<Func<ValueTask>> cleanups)
    {
        var database = TestDatabase.Create();
        services.AddSicantikDatabase(database.Options);
        cleanups.Add(database.Drop);
    }

    static partial void PrepareStores(IServiceProvider provider) => TestDatabase.Migrate(provider);
}
