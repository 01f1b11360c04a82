using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Sicantik.Web.ProcessAdmin;

public static class ProcessAdminServiceCollectionExtensions
{
    /// <summary>The process administration's read models: versions, instances, heat maps.</summary>
    public static IServiceCollection AddProcessAdmin(this IServiceCollection services)
    {
        services.TryAddScoped<DefinitionOverview>();
        services.TryAddScoped<InstanceViews>();
        services.TryAddScoped<HeatMapService>();
        return services;
    }
}
