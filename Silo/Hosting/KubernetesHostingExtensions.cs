using Orleans.Hosting.Kubernetes;
using Orleans.Runtime;

namespace OrleansAgents.Silo.Hosting;

/// <summary>Applies a <see cref="KubernetesHostingPlan"/> to the silo.</summary>
internal static class KubernetesHostingExtensions
{
    /// <summary>Calls Orleans' <c>UseKubernetesHosting()</c> when the plan says the silo is in a pod; else does nothing.</summary>
    public static ISiloBuilder UseKubernetesHostingInPod(this ISiloBuilder silo, KubernetesHostingPlan plan)
    {
        silo.Services.UseKubernetesHostingInPod(plan);
        return silo;
    }

    /// <inheritdoc cref="UseKubernetesHostingInPod(ISiloBuilder, KubernetesHostingPlan)"/>
    public static IServiceCollection UseKubernetesHostingInPod(this IServiceCollection services, KubernetesHostingPlan plan)
    {
        if (!plan.Enabled)
        {
            return services;
        }

        // Silo name = POD_NAME; listening on every pod interface; advertised address set by ConfigureEndpoints (POD_IP).
        services.UseKubernetesHosting();
        if (!plan.WatchPods)
        {
            // The package has no switch for its watcher, whose constructor needs the in-cluster API configuration and
            // throws without it: take its registration out.
            for (var i = services.Count - 1; i >= 0; i--)
            {
                if (services[i].ServiceType == typeof(ILifecycleParticipant<ISiloLifecycle>) && services[i].ImplementationType == typeof(KubernetesClusterAgent))
                {
                    services.RemoveAt(i);
                }
            }
        }

        services.AddSingleton(plan);
        services.AddHostedService<KubernetesHostingReport>();
        return services;
    }
}
