using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAgents.Diagnostics;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Timeout;

namespace OrleansAgents.Caching;

/// <summary>
/// The L2 answer cache over <see cref="IDistributedCache"/> (Redis in production, memory in the embedded default).
/// Every call runs through the <see cref="PipelineKey"/> Polly pipeline (timeout + circuit breaker); a failing, slow
/// or broken L2 is bypassed: a read becomes a miss, a write is dropped, and <c>cache.l2.bypassed</c> counts it.
/// Never throws to its caller.
/// </summary>
internal sealed partial class AgentL2Cache(
    IDistributedCache cache,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<CachingOptions> options,
    CacheInstruments instruments,
    ILogger<AgentL2Cache> logger)
{
    /// <summary>Key of the L2 resilience pipeline.</summary>
    public const string PipelineKey = "orleans-agents.l2";

    private readonly ResiliencePipeline _pipeline = pipelines.GetPipeline(PipelineKey);

    public async Task<CachedAnswer?> GetAsync(string key)
    {
        if (!options.Value.L2Enabled)
        {
            return null;
        }

        try
        {
            var value = await _pipeline.ExecuteAsync(
                static async (state, ct) => await state.cache.GetAsync(state.key, ct).WaitAsync(ct).ConfigureAwait(false),
                (cache, key),
                CancellationToken.None).ConfigureAwait(false);
            return value is null ? null : CachedAnswerCodec.Deserialize(value);
        }
        catch (Exception ex)
        {
            Bypassed(ex, L2Operation.Get);
            return null;
        }
    }

    /// <summary>Stores <paramref name="answer"/> in the background; the caller does not wait for Redis.</summary>
    public void SetInBackground(string key, CachedAnswer answer, TimeSpan ttl)
    {
        if (!options.Value.L2Enabled)
        {
            return;
        }

        var value = CachedAnswerCodec.Serialize(answer, options.Value.CompressionThresholdBytes);
        var entry = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl };
        _ = Task.Run(async () =>
        {
            try
            {
                await _pipeline.ExecuteAsync(
                    static async (state, ct) => await state.cache.SetAsync(state.key, state.value, state.entry, ct).WaitAsync(ct).ConfigureAwait(false),
                    (cache, key, value, entry),
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Bypassed(ex, L2Operation.Set);
            }
        });
    }

    public async Task RemoveAsync(string key)
    {
        if (!options.Value.L2Enabled)
        {
            return;
        }

        try
        {
            await _pipeline.ExecuteAsync(
                static async (state, ct) => await state.cache.RemoveAsync(state.key, ct).WaitAsync(ct).ConfigureAwait(false),
                (cache, key),
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Bypassed(ex, L2Operation.Remove);
        }
    }

    private void Bypassed(Exception ex, L2Operation operation)
    {
        var reason = ex switch
        {
            BrokenCircuitException => L2BypassReason.CircuitOpen,
            TimeoutRejectedException => L2BypassReason.Timeout,
            InvalidDataException => L2BypassReason.CorruptValue,
            _ => L2BypassReason.Error,
        };
        instruments.OnL2Bypassed(operation, reason);
        if (reason == L2BypassReason.CircuitOpen)
        {
            return; // one log line when the circuit opens is enough (Polly logs the transition)
        }

        LogBypassed(logger, operation.ToTag(), reason.ToTag(), ex.Message);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "L2 cache {Operation} bypassed ({Reason}): {Error}; serving from L1/inference")]
    private static partial void LogBypassed(ILogger logger, string operation, string reason, string error);
}
