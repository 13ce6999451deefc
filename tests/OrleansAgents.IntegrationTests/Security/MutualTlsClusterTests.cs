using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Messaging;
using OrleansAgents.Agents;
using OrleansAgents.Client;
using OrleansAgents.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansAgents.Tests.Security;

/// <summary>
/// Two real silos joined through Redis with <c>Orleans:Tls</c> on: silo-to-silo and gateway connections are mutual TLS
/// against a CA made for the test. Plaintext clusters are covered by every other cluster test (AgentClientFailoverTests).
/// </summary>
public sealed class MutualTlsClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The client's connect timeout in these tests, and the bound that proves a refusal is no hang.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RefusalBound = TimeSpan.FromSeconds(20);

    private readonly string _clusterId = $"tls-{Guid.NewGuid():N}";
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private readonly List<WebApplication> _silos = [];

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 2; i++)
        {
            var silo = TestSilos.Create(
            [
                $"--Orleans:ClusterId={_clusterId}",
                "--Orleans:AdvertisedIPAddress=127.0.0.1",
                $"--ConnectionStrings:Clustering={TestRedis.ConnectionString}",
                "--Logging:LogLevel:Default=None",
                .. _certificates.SiloSettings(),
            ]);
            await silo.StartAsync();
            _silos.Add(silo);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        _certificates.Dispose();
    }

    [Fact]
    public async Task InvokeAsync_WhenClientPresentsACertificateFromTheClusterCa_BothSilosServe()
    {
        using var host = BuildClient(o => Present(o, _certificates.Client));
        await host.StartAsync();
        var client = host.Services.GetRequiredService<IAgentClient>();
        var agents = (await client.ListAsync()).Take(40).Select(a => a.Name).ToArray();

        var responses = await Task.WhenAll(agents.Select(a => client.InvokeAsync(a, new AgentRequest { Text = $"status of {a}", RequestId = $"tls-{a}" })));

        Assert.Equal(agents, responses.Select(r => r.Agent));
        // Agents are spread over both silos, so calls crossed the silo-to-silo link, which is TLS too.
        var management = host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
        Assert.Equal(2, (await management.GetHosts(onlyActive: true)).Count);
        var perSilo = (await management.GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains("AgentGrain", StringComparison.Ordinal))
            .GroupBy(s => s.SiloAddress)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
        output.WriteLine($"agent activations per silo: {string.Join(", ", perSilo.Values)}");
        Assert.Equal(2, perSilo.Count);
        await host.StopAsync();
    }

    [Fact]
    public async Task StartAsync_WhenClientHasNoCertificate_ConnectionIsRefused()
    {
        using var host = BuildClient(_ => { });

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync().WaitAsync(RefusalBound));

        output.WriteLine(ex.ToString());
        Assert.IsType<ConnectionFailedException>(ex);
        Assert.StartsWith($"No gateway of cluster '{_clusterId}' accepted a connection within 00:00:05", ex.Message);
    }

    [Fact]
    public async Task StartAsync_WhenClientCertificateIsFromAnotherCa_ConnectionIsRefused()
    {
        // The client trusts the cluster's CA, so only the silo's check of the client certificate can refuse it.
        using var host = BuildClient(o => Present(o, _certificates.ForeignClient));

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync().WaitAsync(RefusalBound));

        output.WriteLine(ex.ToString());
        Assert.IsType<ConnectionFailedException>(ex);
        Assert.StartsWith($"No gateway of cluster '{_clusterId}' accepted a connection within 00:00:05", ex.Message);
    }

    /// <summary>The client presents <paramref name="certificate"/> and trusts the cluster's CA.</summary>
    private void Present(AgentClientOptions options, (string CertificatePath, string KeyPath) certificate)
    {
        options.Tls.CertificatePath = certificate.CertificatePath;
        options.Tls.KeyPath = certificate.KeyPath;
        options.Tls.CaPath = _certificates.CaPath;
    }

    private IHost BuildClient(Action<AgentClientOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.None);
        builder.Services.AddAgentClient(o =>
        {
            o.ClusterId = _clusterId;
            o.RedisConnectionString = TestRedis.ConnectionString;
            o.MaxRetryAttempts = 0;
            o.ConnectTimeout = ConnectTimeout;
            configure(o);
        });
        return builder.Build();
    }
}
