using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansAgents.Agents;
using OrleansAgents.Client;

namespace OrleansAgents.Tests.Cluster;

/// <summary>
/// Load for the cluster drills: workers calling the agents in turn through the SDK until stopped, each call with its own
/// request id and a text from a small pool per agent (so the load mixes cache hits and model runs). Every call is kept.
/// </summary>
internal sealed class DrillLoad
{
    private readonly ConcurrentBag<DrillCall> _calls = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;

    private DrillLoad(IAgentClient client, string[] agents, int workers)
    {
        _workers = [.. Enumerable.Range(0, workers).Select(w => Task.Run(() => RunAsync(client, agents, w)))];
    }

    /// <summary>Time since the load started.</summary>
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public IReadOnlyCollection<DrillCall> Calls => _calls;

    /// <summary>Starts <paramref name="workers"/> workers over <paramref name="agents"/>.</summary>
    public static DrillLoad Start(IAgentClient client, string[] agents, int workers) => new(client, agents, workers);

    /// <summary>Stops the workers once their calls in flight end; returns every call made.</summary>
    public async Task<IReadOnlyCollection<DrillCall>> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _stop.Dispose();
        return _calls;
    }

    /// <summary>The longest a call running at <paramref name="at"/>, or started after it, waited for its answer.</summary>
    public TimeSpan LongestWaitAcross(TimeSpan at)
        => _calls.Where(c => c.Ended > at).Select(c => c.Ended - (c.Started > at ? c.Started : at)).DefaultIfEmpty().Max();

    /// <summary>The longest wait of a call that ended before <paramref name="at"/> (the load's ordinary latency).</summary>
    public TimeSpan LongestWaitBefore(TimeSpan at)
        => _calls.Where(c => c.Ended <= at).Select(c => c.Ended - c.Started).DefaultIfEmpty().Max();

    /// <summary>Asserts that every call succeeded.</summary>
    public void AssertNoFailures()
    {
        var failures = _calls.Where(c => c.Error is not null).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} call(s) failed, first: {failures.FirstOrDefault()?.Error}");
    }

    /// <summary>Asserts that every answered request id is in the request log exactly once, and nothing else the load sent is.</summary>
    public void AssertEveryAnswerLoggedOnce(IReadOnlyDictionary<string, long> logged)
    {
        var missing = _calls.Where(c => !logged.ContainsKey(c.Id)).Select(c => c.Id).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} answered request(s) missing from the log, e.g. {string.Join(", ", missing.Take(5))}");
        Assert.All(_calls, c => Assert.Equal(1, logged[c.Id]));
        Assert.Equal(_calls.Count, logged.Keys.Count(k => k.StartsWith('w')));
    }

    private async Task RunAsync(IAgentClient client, string[] agents, int worker)
    {
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var agent = agents[((worker * 17) + n) % agents.Length];
            var id = $"w{worker}-{n}";
            var started = Clock.Elapsed;
            try
            {
                // Five texts per agent: once each has been asked, the agent's L1 answers them.
                var response = await client.InvokeAsync(agent, new AgentRequest { Text = $"check {agent} build #{n % 5}", RequestId = id });
                _calls.Add(new DrillCall(id, agent, started, Clock.Elapsed, null, response.CacheLayer));
            }
            catch (Exception ex)
            {
                _calls.Add(new DrillCall(id, agent, started, Clock.Elapsed, ex, null));
            }
        }
    }
}

/// <summary>One call of a <see cref="DrillLoad"/>: times since the load started, and the cache layer that answered.</summary>
internal sealed record DrillCall(string Id, string Agent, TimeSpan Started, TimeSpan Ended, Exception? Error, CacheLayer? Layer);
