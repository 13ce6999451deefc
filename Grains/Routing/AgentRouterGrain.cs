using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansAgents.Agents;
using OrleansAgents.Diagnostics;
using OrleansAgents.Errors;
using OrleansAgents.Placement;

namespace OrleansAgents.Routing;

/// <summary>
/// The router of one capability (grain key, lower case): one activation cluster-wide, so every task of the capability
/// feeds and reads the same live scoreboard. Reentrant: scoring is in memory and the chosen agent's answer is awaited
/// without blocking other tasks. Loads come from the silo's load snapshot (refreshed every
/// <see cref="Placement.PlacementOptions.LoadRefreshPeriod"/>), never from calls to the candidates, which would activate
/// every candidate and keep it from being collected when idle; latency and success come from the calls the router makes.
/// The task's text is matched against the candidates' profiles (AgentRouterGrain.Text.cs).
/// </summary>
[Reentrant]
internal sealed partial class AgentRouterGrain(
    IAgentCatalog catalog,
    SiloLoadSnapshot loads,
    AgentProfileVectors profiles,
    IOptions<RouterOptions> options,
    IOptions<AgentCatalogOptions> agentOptions,
    RouterInstruments instruments,
    TimeProvider time,
    ILogger<AgentRouterGrain> logger) : Grain, IAgentRouter
{
    private AgentScoreboard? _board;
    private UserAffinities? _affinities;
    private AgentDescriptor[] _candidates = [];

    private string Capability => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _candidates = [.. catalog.Agents.Where(a => a.Capabilities.Contains(Capability, StringComparer.OrdinalIgnoreCase))];
        if (_candidates.Length > 0)
        {
            _board = new AgentScoreboard(_candidates.Select(a => (a.Name, a.Profile.MaxConcurrency)), options.Value);
            _affinities = new UserAffinities(options.Value, time);
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _affinities?.Dispose();
        return Task.CompletedTask;
    }

    public Task<RouteScore[]> GetScoresAsync(string? userId)
    {
        var board = Board();
        return Task.FromResult(board.Score(_affinities!.Get(userId)));
    }

    public async Task<TaskResponse> RouteAsync(RouteRequest task, CancellationToken cancellationToken = default)
    {
        var board = Board();
        AgentRequestValidator.Validate(task.Request, agentOptions.Value.MaxRequestBytes);
        var user = task.Request.UserId;
        string? affinity;
        if (task.PreferredAgent is { } preferred)
        {
            if (!catalog.TryResolve(preferred, out var agent) || !board.Contains(agent.Name))
            {
                throw new InvalidAgentRequestException("preferredAgent",
                    $"Preferred agent '{preferred}' does not have capability '{Capability}'; candidates: {string.Join(", ", board.Agents)}.");
            }

            affinity = agent.Name;
            if (user is not null)
            {
                _affinities!.Prefer(user, agent.Name);
            }
        }
        else
        {
            affinity = _affinities!.Get(user);
        }

        var matches = await MatchAsync(task.Request, cancellationToken);
        var scores = board.Score(affinity, matches);
        var chosen = PickBest(scores);
        instruments.OnChosen(Capability, chosen.Agent);

        var started = time.GetTimestamp();
        board.CallStarted(chosen.Agent);
        try
        {
            var response = await GrainFactory.GetGrain<IAgentGrain>(chosen.Agent).InvokeAsync(task.Request, cancellationToken);
            var latency = time.GetElapsedTime(started).TotalMilliseconds;
            board.Record(chosen.Agent, latency, success: true);
            _affinities!.Learn(user, chosen.Agent, latency, success: true);
            return new TaskResponse
            {
                Agent = chosen.Agent,
                Capability = Capability,
                Reason = Explain(chosen, scores.Length, affinity, _affinities.IsExplicit(user) || task.PreferredAgent is not null),
                Scores = scores,
                Response = response,
            };
        }
        catch (AgentException ex) when (ex.Code is AgentErrorCode.Timeout or AgentErrorCode.Overloaded or AgentErrorCode.StorageUnavailable)
        {
            // The agent failed to serve: that lowers its predicted performance. A caller's bad request does not.
            board.Record(chosen.Agent, time.GetElapsedTime(started).TotalMilliseconds, success: false);
            _affinities!.Learn(user, chosen.Agent, 0, success: false);
            throw;
        }
        finally
        {
            board.CallEnded(chosen.Agent);
        }
    }

    // Memory reads only: the snapshot is refreshed in the background, whatever the number of routers and candidates.
    private AgentScoreboard Board()
    {
        var board = _board ?? throw NoCandidates();
        foreach (var agent in board.Agents)
        {
            board.ReportInFlight(agent, loads.AgentInFlight(agent));
        }

        return board;
    }

    private InvalidAgentRequestException NoCandidates() => new(
        "capability",
        $"No agent has capability '{Capability}'. Capabilities: {string.Join(", ", catalog.Agents.SelectMany(a => a.Capabilities).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal))}.");

    // The best score wins; equal best scores are broken at random so that untried agents all get traffic.
    private static RouteScore PickBest(RouteScore[] scores)
    {
        var top = scores[0].Score;
        var tied = scores.TakeWhile(s => Math.Abs(s.Score - top) <= 1e-12).ToArray();
        return tied.Length == 1 ? tied[0] : tied[Random.Shared.Next(tied.Length)];
    }

    private static string Explain(RouteScore chosen, int candidates, string? affinity, bool explicitAffinity)
    {
        var why = $"{chosen.Agent} scored {chosen.Score:0.####} of {candidates} candidate(s): performance {chosen.Performance:0.####} " +
            $"(success {chosen.SuccessRate:0.###}, latency {chosen.LatencyMs:0.#} ms) × (1 − load {chosen.Load:0.###}) × affinity {chosen.Affinity:0.##}" +
            (chosen.Relevance is { } r ? $" × match {chosen.Match:0.###} (relevance {r:0.###})" : "");
        return affinity == chosen.Agent ? $"{why} ({(explicitAffinity ? "preferred" : "learned")} affinity of this user)" : why;
    }
}
