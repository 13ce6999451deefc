using Orleans.Storage;

namespace OrleansAgents.Agents;

/// <summary>
/// Writes an agent's state on behalf of its lifetime counters, which count in memory between writes. Should another
/// activation of the agent have written meanwhile (two activations overlapping during a handover), the write fails on a
/// version conflict; retrying with the stale ETag could never succeed, so the state is read again and the counts this
/// activation added since its last read or write are added to the stored ones: neither activation's counts are lost,
/// and the stored profile and cache generation, the newer ones, are kept.
/// </summary>
internal sealed class LifetimeCounterWriter(IPersistentState<AgentState> state)
{
    /// <summary>Read-merge-write rounds before a conflict is given up on (the caller keeps the counts for the next write).</summary>
    internal const int MaxAttempts = 3;

    private AgentCounters _stored = new(0, 0, 0);

    /// <summary>Records the counters as storage holds them now: call after the state was read (or handed over).</summary>
    public void MarkStored() => _stored = Counters(state.State);

    /// <summary>Writes the state, merging the counters on a version conflict; other failures propagate.</summary>
    public async Task WriteAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await state.WriteStateAsync(cancellationToken);
                MarkStored();
                return;
            }
            catch (InconsistentStateException) when (attempt < MaxAttempts)
            {
                var mine = state.State;
                await state.ReadStateAsync(cancellationToken);
                // Counted after the read too: requests that ran during it incremented the instance the read replaced.
                var added = Subtract(Counters(mine), _stored);
                MarkStored();
                Add(state.State, added);
            }
        }
    }

    /// <summary>The counters of <paramref name="state"/>.</summary>
    internal static AgentCounters Counters(AgentState state) => new(state.Requests, state.Errors, state.CacheHits);

    /// <summary>What was counted between <paramref name="before"/> and <paramref name="now"/>.</summary>
    internal static AgentCounters Subtract(AgentCounters now, AgentCounters before)
        => new(now.Requests - before.Requests, now.Errors - before.Errors, now.CacheHits - before.CacheHits);

    /// <summary>Adds <paramref name="added"/> to <paramref name="state"/>'s counters.</summary>
    internal static void Add(AgentState state, AgentCounters added)
    {
        state.Requests += added.Requests;
        state.Errors += added.Errors;
        state.CacheHits += added.CacheHits;
    }
}
