using Microsoft.Extensions.Options;
using System.Net;
using Orleans.Configuration;
using OrleansAgents.Hosting;
using OrleansAgents.Persistence;
using Orleans.Providers;
using Orleans.Clustering.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansAgents.Redis;

namespace OrleansAgents.Silo.Hosting;

/// <summary>Wires the silo: clustering from <see cref="SiloClusterOptions"/>, storage and agents.</summary>
internal static class SiloBuilderExtensions
{
    /// <summary>Configuration section bound to Orleans' <see cref="ClusterMembershipOptions"/> (failure detection).</summary>
    public const string MembershipSectionName = "Orleans:Membership";

    public static ISiloBuilder ConfigureAgentsSilo(this ISiloBuilder silo, IConfiguration configuration, IHostEnvironment environment)
    {
        // Read before the container exists: clustering and endpoints are chosen here. Same checks as at start.
        var cluster = configuration.ReadValidated(SiloClusterOptions.SectionName, new SiloClusterOptionsValidator());
        silo.Services.AddValidatedOptions<SiloClusterOptions, SiloClusterOptionsValidator>(SiloClusterOptions.SectionName);
        var kubernetes = KubernetesHostingPlan.Decide(
            PodEnvironment.FromProcess(), cluster, configuration.ReadValidated<KubernetesSiloOptions>(KubernetesSiloOptions.SectionName));
        silo.Services.AddValidatedOptions<KubernetesSiloOptions>(KubernetesSiloOptions.SectionName);
        var production = !environment.IsDevelopment();
        if (production)
        {
            ProductionSettings.Validate(configuration);
        }

        var clustering = configuration.GetConnectionString(SiloClusterOptions.ClusteringConnectionName);
        if (string.IsNullOrWhiteSpace(clustering))
        {
            // Embedded default: one host, nothing to install.
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }
        else
        {
            // One multiplexer per process: clustering borrows the shared connection (also the L2's when it is the same Redis).
            silo.Services.TryAddSingleton<RedisConnections>();
            silo.UseRedisClustering(_ => { });
            silo.Services.AddOptions<RedisClusteringOptions>().Configure<RedisConnections>((o, connections) =>
            {
                o.ConfigurationOptions = connections.Configure(clustering);
                o.CreateMultiplexer = async _ => (await connections.GetAsync(clustering), true);
            });
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.ConfigureEndpoints(kubernetes.AdvertisedAddress ?? AdvertisedAddress(cluster), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
            // Faster failure detection than Orleans' defaults (5 s probes): a killed silo is voted dead in about 10 s,
            // so callers retrying through the SDK are answered again well within 15 s. Override under Orleans:Membership.
            silo.Configure<ClusterMembershipOptions>(o => o.ProbeTimeout = TimeSpan.FromSeconds(3));
            silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(MembershipSectionName));
        }

        if (production)
        {
            var database = configuration.ReadValidated<DatabaseOptions>(DatabaseOptions.SectionName);
            silo.AddPostgresGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, PostgresConnection.From(configuration)!, database.GrainStorageMaxPoolSize);
        }
        else
        {
            silo.AddMemoryGrainStorageAsDefault();
        }

        silo.UseKubernetesHostingInPod(kubernetes);
        silo.UseClusterTls(configuration);
        silo.AddActivityPropagation(); // grain calls carry the caller's trace (SiloApplication traces them)
        silo.AddOrleansAgents();
        return silo;
    }

    private static IPAddress AdvertisedAddress(SiloClusterOptions cluster)
    {
        if (string.IsNullOrWhiteSpace(cluster.AdvertisedIPAddress))
        {
            return Dns.GetHostAddresses(Dns.GetHostName())
                .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
                ?? IPAddress.Loopback;
        }

        return IPAddress.Parse(cluster.AdvertisedIPAddress); // checked by SiloClusterOptionsValidator
    }
}
