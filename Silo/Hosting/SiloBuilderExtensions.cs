using Microsoft.Extensions.Options;
using System.Net;
using Orleans.Configuration;
using Orleans.Dashboard;
using OrleansAgents.Hosting;
using OrleansAgents.Persistence;
using Orleans.Providers;
using Orleans.Clustering.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansAgents.Redis;

namespace OrleansAgents.Silo.Hosting;

/// <summary>Wires the silo: clustering from <see cref="SiloClusterOptions"/>, storage, agents and the dashboard.</summary>
internal static class SiloBuilderExtensions
{
    /// <summary>Configuration section bound to Orleans' <see cref="ClusterMembershipOptions"/> (failure detection).</summary>
    public const string MembershipSectionName = "Orleans:Membership";

    public static ISiloBuilder ConfigureAgentsSilo(this ISiloBuilder silo, IConfiguration configuration, IHostEnvironment environment)
    {
        var cluster = configuration.GetSection(SiloClusterOptions.SectionName).Get<SiloClusterOptions>() ?? new SiloClusterOptions();
        Validate(cluster);
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
            silo.ConfigureEndpoints(AdvertisedAddress(cluster), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
            // Faster failure detection than Orleans' defaults (5 s probes): a killed silo is voted dead in about 10 s,
            // so callers retrying through the SDK are answered again well within 15 s. Override under Orleans:Membership.
            silo.Configure<ClusterMembershipOptions>(o => o.ProbeTimeout = TimeSpan.FromSeconds(3));
            silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(MembershipSectionName));
        }

        if (production)
        {
            var database = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
            silo.AddPostgresGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configuration.GetConnectionString("Postgres")!, database.GrainStorageMaxPoolSize);
        }
        else
        {
            silo.AddMemoryGrainStorageAsDefault();
        }

        silo.AddOrleansAgents();
        silo.AddDashboard();
        return silo;
    }

    private static void Validate(SiloClusterOptions cluster)
    {
        var context = new System.ComponentModel.DataAnnotations.ValidationContext(cluster);
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(cluster, context, results, validateAllProperties: true))
        {
            throw new OptionsValidationException(
                SiloClusterOptions.SectionName,
                typeof(SiloClusterOptions),
                results.Select(r => $"{SiloClusterOptions.SectionName}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }

        if (cluster.SiloPort == cluster.GatewayPort)
        {
            throw new OptionsValidationException(SiloClusterOptions.SectionName, typeof(SiloClusterOptions),
                [$"Orleans:SiloPort and Orleans:GatewayPort are both {cluster.SiloPort}; they must differ."]);
        }
    }

    private static IPAddress AdvertisedAddress(SiloClusterOptions cluster)
    {
        if (string.IsNullOrWhiteSpace(cluster.AdvertisedIPAddress))
        {
            return Dns.GetHostAddresses(Dns.GetHostName())
                .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
                ?? IPAddress.Loopback;
        }

        return IPAddress.TryParse(cluster.AdvertisedIPAddress, out var address)
            ? address
            : throw new OptionsValidationException(SiloClusterOptions.SectionName, typeof(SiloClusterOptions),
                [$"Orleans:AdvertisedIPAddress '{cluster.AdvertisedIPAddress}' is not an IP address."]);
    }
}
