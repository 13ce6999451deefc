using OrleansAgents.Caching;
using OrleansAgents.Diagnostics;
using OrleansAgents.Errors;

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
        var previous = state.State.ProfileOverride;
        state.State.ProfileOverride = ProfileRules.Merge(previous, update);
        try
        {
            await WriteStateOrThrowAsync("profile");
        }
        catch
        {
            state.State.ProfileOverride = previous; // not stored, so not applied
            throw;
        }

        UseProfile(ProfileRules.Apply(_catalogAgent!, state.State.ProfileOverride));
        return _agent!;
    }

    public Task<AgentCounters> GetCountersAsync()
    {
        var agent = Resolve();
        return IsAlias(agent)
            ? GrainFactory.GetGrain<IAgentGrain>(agent.Name).GetCountersAsync()
            : Task.FromResult(new AgentCounters(state.State.Requests, state.State.Errors, state.State.CacheHits));
    }

    // A new profile starts a new L1 (budget and TTL may have changed): the old answers are dropped with it.
    private void UseProfile(AgentDescriptor agent)
    {
        _cache?.Dispose();
        _agent = agent;
        _cache = new AgentCache(agent, l2, caching.Value, cacheInstruments, time);
    }

    private async Task CountAsync(RequestOutcome outcome, AgentResponse? response)
    {
        var s = state.State;
        s.Requests++;
        s.Errors += outcome == RequestOutcome.Ok ? 0 : 1;
        s.CacheHits += response is { CacheLayer: not CacheLayer.None } or { Coalesced: true } ? 1 : 0;
        if (s.Requests % CounterFlushEvery == 0)
        {
            try
            {
                await _counters.WriteAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Counters are best effort between writes: the next flush (or deactivation) carries them.
                LogCounterWriteFailed(logger, Resolve().Name, ex.Message);
            }
        }
    }

    /// <summary>Writes the state; a storage failure becomes a typed, serializable <see cref="AgentStorageUnavailableException"/>.</summary>
    private async Task WriteStateOrThrowAsync(string what)
    {
        try
        {
            await state.WriteStateAsync();
            _counters.MarkStored();
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or Orleans.Storage.InconsistentStateException))
        {
            LogStateWriteFailed(logger, Resolve().Name, what, ex.Message);
            throw new AgentStorageUnavailableException(Resolve().Name, what, ex.GetType().Name);
        }
    }
}
