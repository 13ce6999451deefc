using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansAgents.Agents;
using OrleansAgents.Client;
using OrleansAgents.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansAgents.Tests.Client;

/// <summary>Two real silos joined through Redis; one is torn down while the SDK is calling: no call fails.</summary>
public sealed class AgentClientFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _clusterId = $"failover-{Guid.NewGuid():N}";
    private readonly List<WebApplication> _silos = [];
    private IHost _client = null!;

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 2; i++)
        {
            var silo = TestSilos.Create(
                $"--Orleans:ClusterId={_clusterId}",
                "--Orleans:AdvertisedIPAddress=127.0.0.1",
                $"--ConnectionStrings:Clustering={TestRedis.ConnectionString}",
                "--Logging:LogLevel:Default=None");
            await silo.StartAsync();
            _silos.Add(silo);
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAgentClient(o =>
        {
            o.ClusterId = _clusterId;
            o.RedisConnectionString = TestRedis.ConnectionString;
            // Two silos, default membership settings: the survivor declares the torn-down one dead after ~15–20 s.
            o.MaxRetryAttempts = 40;
        });
        _client = builder.Build();
        await _client.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.StopAsync();
        _client.Dispose();
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task InvokeAsync_WhenASiloDiesMidRun_EveryCallSucceedsThroughRetries()
    {
        var client = _client.Services.GetRequiredService<IAgentClient>();
        var agents = (await client.ListAsync()).Take(40).Select(a => a.Name).ToArray();
        async Task<int> CallAllAsync(string round)
        {
            var responses = await Task.WhenAll(agents.Select(a => client.InvokeAsync(a, new AgentRequest { Text = $"{round} status of {a}", RequestId = $"{round}-{a}" })));
            Assert.Equal(agents, responses.Select(r => r.Agent));
            Assert.Equal(agents.Select(a => $"{round}-{a}"), responses.Select(r => r.RequestId));
            return responses.Length;
        }

        Assert.Equal(40, await CallAllAsync("before"));
        var during = CallAllAsync("during");
        await _silos[0].DisposeAsync(); // torn down without a graceful stop: its sockets close, membership still lists it
        _silos.RemoveAt(0);
        Assert.Equal(40, await during);

        // The first round after the loss waits (retrying) until the survivor declares the dead silo gone.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Assert.Equal(40, await CallAllAsync("after"));
        output.WriteLine($"first round after the silo died answered after {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        Assert.Equal(40, await CallAllAsync("again"));
    }
}
