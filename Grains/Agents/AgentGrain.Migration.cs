using Microsoft.Extensions.Logging;
using OrleansAgents.Caching;

namespace OrleansAgents.Agents;

/// <summary>
/// Live migration (a draining silo, or the rebalancer): the agent takes its L1 along, so answers it gave before the move
/// are still hits after it. Orleans carries the persistent state (and its ETag) itself.
/// </summary>
internal sealed partial class AgentGrain
{
    private const string L1MigrationKey = "orleans-agents.l1";
    private List<L1Entry>? _departingL1;
    private List<L1Entry>? _arrivingL1;

    public void OnDehydrate(IDehydrationContext dehydrationContext)
    {
        if (_departingL1 is { Count: > 0 } entries)
        {
            dehydrationContext.AddBytes(L1MigrationKey, L1MigrationCodec.Serialize(entries));
        }
    }

    public void OnRehydrate(IRehydrationContext rehydrationContext)
    {
        if (!rehydrationContext.TryGetBytes(L1MigrationKey, out var bytes))
        {
            return;
        }

        try
        {
            _arrivingL1 = L1MigrationCodec.Deserialize(bytes);
        }
        catch (InvalidDataException ex)
        {
            LogL1NotRestored(logger, this.GetPrimaryKeyString(), ex.Message); // a cold L1 only costs misses
        }
    }

    // OnDeactivateAsync runs before OnDehydrate and disposes the cache: the entries are taken out first.
    private void KeepL1IfMigrating(DeactivationReason reason)
    {
        if (reason.ReasonCode == DeactivationReasonCode.Migrating && _cache is not null)
        {
            _departingL1 = _cache.L1.Export(caching.Value.L1MigrationBytes);
        }
    }

    // Rehydration runs before OnActivateAsync, which builds the cache these entries go into.
    private void RestoreL1()
    {
        if (_arrivingL1 is { } entries && _cache is not null)
        {
            LogL1Restored(logger, _agent!.Name, _cache.L1.Restore(entries), entries.Count);
        }

        _arrivingL1 = null;
    }
}
