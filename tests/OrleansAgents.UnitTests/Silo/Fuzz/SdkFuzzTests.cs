using System.Collections.Concurrent;
using CsCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansAgents.Agents;
using OrleansAgents.Client;
using OrleansAgents.Errors;
using OrleansAgents.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansAgents.Tests.Silo.Fuzz;

/// <summary>
/// Bad input through the SDK against the real silo's gateway: generated requests either succeed or throw one of the
/// typed <see cref="AgentException"/>s, never another exception, and never hang.
/// </summary>
public sealed class SdkFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Calls = 1_500;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    // Mostly plausible values, so that a hostile one in a single field is what a call is refused for (or survives).
    private static readonly Gen<string?> Strings = Gen.Frequency<string?>(
        (3, Gen.Const((string?)null)),
        (2, Gen.OneOf<string?>("alice", "acme", "hardcoded secret in config", "gold")),
        (2, HostileJson.Text.Select(t => (string?)t)));

    private static readonly Gen<TimeSpan?> Timeouts = Gen.Frequency<TimeSpan?>(
        (6, Gen.Const((TimeSpan?)null)),
        (1, Gen.OneOf<TimeSpan?>(TimeSpan.Zero, TimeSpan.MinValue, TimeSpan.MaxValue, TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(-1), TimeSpan.FromDays(400), TimeSpan.FromMinutes(1))),
        (1, Gen.Long.Select(t => (TimeSpan?)TimeSpan.FromTicks(t))));

    private static readonly Gen<int?> Numbers = Gen.Frequency<int?>(
        (6, Gen.Const((int?)null)),
        (3, Gen.Int[-20, 20].Select(i => (int?)i)),
        (1, Gen.OneOf<int?>(int.MinValue, int.MaxValue, -1, 0, 17)),
        (1, Gen.Int.Select(i => (int?)i)));

    private static readonly Gen<AgentRequest> Requests = Gen.Select(
        Gen.Select(Strings, Strings, Strings, Strings),
        Gen.Select(Numbers, Gen.Int[0, 3].Select(s => (Sensitivity)s), Gen.Bool, Timeouts),
        Gen.Select(Numbers, Strings),
        (ids, knobs, rest) => new AgentRequest
        {
            RequestId = ids.Item1,
            UserId = ids.Item2,
            Tenant = ids.Item3,
            Text = ids.Item4 ?? "check this sql query",
            Priority = knobs.Item1,
            Sensitivity = knobs.Item2,
            CacheEnabled = knobs.Item3,
            Timeout = knobs.Item4,
            TopK = rest.Item1,
            UserTier = rest.Item2,
        });

    private static readonly Gen<string> Agents = Gen.Frequency(
        (4, Gen.OneOf("semgrep", "semgrep-security-analyzer", "SEMGREP")),
        (1, HostileJson.Text.Select(t => t.Length > 3_000 ? t[..3_000] : t)));

    private WebApplication _silo = null!;
    private IHost _client = null!;

    public async Task InitializeAsync()
    {
        var gateway = FreePorts.Next();
        _silo = TestSilos.Create($"--Orleans:GatewayPort={gateway}");
        await _silo.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAgentClient(o => o.Gateways = [$"127.0.0.1:{gateway}"]);
        _client = builder.Build();
        await _client.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.StopAsync();
        _client.Dispose();
        await _silo.StopAsync();
        await _silo.DisposeAsync();
    }

    [Fact]
    public async Task InvokeAsync_WhenGeneratedHostileRequests_SucceedsOrThrowsTypedAgentExceptionsOnly()
    {
        var client = _client.Services.GetRequiredService<IAgentClient>();
        var outcomes = new ConcurrentDictionary<string, int>();
        var tried = 0;

        await Gen.Select(Agents, Requests).SampleAsync(
            async (agent, request) =>
            {
                Interlocked.Increment(ref tried);
                var outcome = await OutcomeAsync(() => client.InvokeAsync(agent, request));
                outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            },
            iter: Calls,
            threads: 8,
            print: t => $"{t.Item1.Length} chars agent '{(t.Item1.Length > 60 ? t.Item1[..60] : t.Item1)}', {t.Item2 with { Text = t.Item2.Text?.Length > 200 ? t.Item2.Text[..200] : t.Item2.Text! }}");

        output.WriteLine($"tried {tried} generated SDK calls; outcomes: {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}×{o.Value}"))}");
        Assert.True(tried >= Calls);
        var answer = await client.InvokeAsync("semgrep", new AgentRequest { Text = "hardcoded secret", TopK = 3 });
        Assert.Equal("semgrep-security-analyzer", answer.Agent);
        Assert.Equal("hardcoded secret", answer.Labels[0].Label);
    }

    /// <summary>"ok", or the typed exception's type and code; anything else (or no answer within the bound) fails.</summary>
    private static async Task<string> OutcomeAsync(Func<Task<AgentResponse>> call)
    {
        try
        {
            await call().WaitAsync(Bound);
            return "ok";
        }
        catch (TimeoutException ex)
        {
            throw new Xunit.Sdk.XunitException($"The call did not end within {Bound}: a hang. {ex.Message}");
        }
        catch (AgentException ex)
        {
            Assert.True(Enum.IsDefined(ex.Code), $"undefined code {ex.Code}");
            return $"{ex.GetType().Name} {ex.Code}";
        }
    }
}
