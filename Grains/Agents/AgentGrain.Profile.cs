using OrleansAgents.Caching;
using OrleansAgents.Diagnostics;

namespace OrleansAgents.Agents;

/// <summary>Profile changes and lifetime counters of an agent.</summary>
internal sealed partial class AgentGrain
{
    public async Task<AgentDescriptor> UpdateProfileAsync(ProfileUpdate update)
    {
        var agent = Resolve();
        if (IsAlias(agent))
        {
            return await GrainFactory.GetGrain<IAgentGrain>(agent.Name).UpdateProfileAsync(update);
        }

        ProfileRules.Validate(update);
        state.State.ProfileOverride = ProfileRules.Merge(state.State.ProfileOverride, update);
        await state.WriteStateAsync();
        UseProfile(ProfileRules.Apply(_catalogAgent!, state.State.ProfileOverride));
        return _agent!;
    }

    public Task<AgentCounters> GetCountersAsync()
    {
        Resolve();
        return Task.FromResult(new AgentCounters(state.State.Requests, state.State.Errors, state.State.CacheHits));
    }

    // A new profile starts a new L1 (budget and TTL may have changed): the old answers are dropped with it.
    private void UseProfile(AgentDescriptor agent)
    {
        if (_cache is not null)
        {
            CacheInstruments.UntrackL1(agent.Name, _cache.L1);
        }

        _agent = agent;
        _cache = new AgentCache(agent, l2, caching.Value, time);
        CacheInstruments.TrackL1(agent.Name, _cache.L1);
    }

    private async Task CountAsync(string outcome, AgentResponse? response)
    {
        var s = state.State;
        s.Requests++;
        s.Errors += outcome == "ok" ? 0 : 1;
        s.CacheHits += response is { CacheLayer: not CacheLayer.None } or { Coalesced: true } ? 1 : 0;
        if (s.Requests % CounterFlushEvery == 0)
        {
            await state.WriteStateAsync();
        }
    }
}
