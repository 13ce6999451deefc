using System.Diagnostics;
using System.Diagnostics.Metrics;
using Orleans.TestingHost;
using OrleansAgents.Agents;
using OrleansAgents.Caching;
using OrleansAgents.Diagnostics;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Cluster;

/// <summary>Redis dies mid-run: every request still succeeds, L2 is bypassed, and L2 resumes when Redis returns.</summary>
public sealed class RedisFaultTests : IAsyncLifetime
{
    private readonly int _port = FreePorts.Next();
    private Process _redis = null!;
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _redis = TestRedis.StartServer(_port);
        await TestRedis.WaitUntilUpAsync(_port);
        _cluster = await TestClusters.StartAsync(1, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{_port}",
            ["Caching:L2BreakDuration"] = "00:00:00.500",
            // Outage behaviour is under test, not the 50 ms budget, which a loaded CI machine can exceed with Redis up.
            ["Caching:L2Timeout"] = "00:00:00.500",
        });
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Stop(_redis);
    }

    [Fact]
    public async Task InvokeAsync_WhenRedisDiesAndReturns_EveryRequestSucceedsAndL2Resumes()
    {
        long bypassed = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == InstrumentNames.Meter && instrument.Name == InstrumentNames.CacheL2Bypassed)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref bypassed, value));
        listener.Start();

        var agent = _cluster.Client.GetGrain<IAgentGrain>("log-aggregator-loki");
        var profile = await agent.GetProfileAsync();
        var run = Guid.NewGuid().ToString("N");
        AgentRequest Request(string phase, int i) => new() { Text = $"error spike in service {phase} {i} {run}" };

        // Redis up: answers reach L2 (the first calls may time out while the client connects under load).
        var before = 0;
        await WaitForAsync(async () =>
        {
            var request = Request("before", before++);
            Assert.Equal(CacheLayer.None, (await agent.InvokeAsync(request)).CacheLayer);
            return await KeyExistsAsync(Key(profile, request));
        }, "L2 write before the outage");

        // Redis down: every request still answers from inference, and L2 is bypassed.
        Stop(_redis);
        for (var i = 0; i < 20; i++)
        {
            var response = await agent.InvokeAsync(Request("during", i));
            Assert.Equal(CacheLayer.None, response.CacheLayer);
            Assert.NotEmpty(response.Labels);
        }

        Assert.True(Interlocked.Read(ref bypassed) > 0);

        // Redis back (empty): once the breaker lets calls through again, answers reach L2 again.
        _redis = TestRedis.StartServer(_port);
        await TestRedis.WaitUntilUpAsync(_port);
        var n = 0;
        await WaitForAsync(async () =>
        {
            var request = Request("after", n++);
            Assert.Equal(CacheLayer.None, (await agent.InvokeAsync(request)).CacheLayer);
            return await KeyExistsAsync(Key(profile, request));
        }, "L2 write after Redis returned");

        var last = Request("after", n - 1);
        await WaitForAsync(async () =>
        {
            await _cluster.DeactivateAsync(agent);
            return (await agent.InvokeAsync(last)).CacheLayer == CacheLayer.L2;
        }, "an L2 hit after Redis returned");
    }

    private static string Key(AgentDescriptor agent, AgentRequest request)
        => CacheKeyBuilder.Build(agent.Name, TestPaths.Model, 0, request, agent.Profile, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)).Value;

    private async Task<bool> KeyExistsAsync(string key)
    {
        try
        {
            using var redis = await TestRedis.ConnectAsync($"127.0.0.1:{_port},connectTimeout=500");
            return await redis.GetDatabase().KeyExistsAsync(key);
        }
        catch (StackExchange.Redis.RedisConnectionException)
        {
            return false;
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        // Polls a condition (synchronisation with the circuit breaker's real clock), bounded so a regression fails.
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            if (await condition())
            {
                return;
            }
        }

        Assert.Fail($"Timed out waiting for {what}.");
    }

    private static void Stop(Process redis)
    {
        if (!redis.HasExited)
        {
            redis.Kill();
            redis.WaitForExit();
        }

        redis.Dispose();
    }
}
