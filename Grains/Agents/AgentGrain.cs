using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansAgents.Diagnostics;
using OrleansAgents.Errors;
using OrleansAgents.Inference;

namespace OrleansAgents.Agents;

/// <summary>
/// One agent of the catalog. Validates a request, embeds it through the silo-local <see cref="IInferenceGrain"/>
/// (batched with every other agent's requests) and scores it against the agent's label embeddings, which it computes
/// once per activation. Reentrant so that concurrent requests of one agent share inference batches; at most
/// <see cref="AgentProfile.MaxConcurrency"/> run at once, the rest wait within their deadline.
/// </summary>
[Reentrant]
internal sealed partial class AgentGrain(
    IAgentCatalog catalog,
    InferenceDevices devices,
    IOptions<AgentCatalogOptions> options,
    TimeProvider time,
    ILogger<AgentGrain> logger) : Grain, IAgentGrain
{
    private AgentDescriptor? _agent;
    private SemaphoreSlim? _slots;
    private Task<float[][]>? _labelVectors;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (catalog.TryResolve(this.GetPrimaryKeyString(), out var agent))
        {
            _agent = agent;
            _slots = new SemaphoreSlim(agent.Profile.MaxConcurrency);
        }

        return Task.CompletedTask;
    }

    public Task<AgentDescriptor> GetProfileAsync() => Task.FromResult(Resolve());

    public async Task<AgentResponse> InvokeAsync(AgentRequest request, CancellationToken cancellationToken = default)
    {
        var agent = Resolve();
        if (!string.Equals(agent.Name, this.GetPrimaryKeyString(), StringComparison.Ordinal))
        {
            // An alias (or a different casing) activates a thin forwarder; the canonical grain owns state and caches.
            DelayDeactivation(TimeSpan.FromMinutes(1));
            return await GrainFactory.GetGrain<IAgentGrain>(agent.Name).InvokeAsync(request, cancellationToken);
        }

        AgentRequestValidator.Validate(request, options.Value.MaxRequestBytes);
        var started = time.GetTimestamp();
        var timeout = request.Timeout ?? TimeSpan.FromMilliseconds(agent.Profile.TimeoutMs);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var outcome = "error";
        try
        {
            await _slots!.WaitAsync(linked.Token);
            try
            {
                var response = await AnswerAsync(agent, request, started, time.GetUtcNow() + timeout, linked.Token);
                outcome = "ok";
                return response;
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (Exception ex) when (IsDeadline(ex, deadline, cancellationToken))
        {
            outcome = "timeout";
            throw new AgentTimeoutException(agent.Name, timeout);
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            var tags = new TagList { { "agent", agent.Name }, { "tier", TierTag(agent.Tier) }, { "outcome", outcome } };
            AgentsInstruments.AgentRequests.Add(1, tags);
            AgentsInstruments.AgentRequestDuration.Record(time.GetElapsedTime(started).TotalMilliseconds, tags);
        }
    }

    private async Task<AgentResponse> AnswerAsync(
        AgentDescriptor agent, AgentRequest request, long started, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        // Cache seam: the caching issue looks up L1/L2 here, before inference.
        var labelVectors = await (_labelVectors ??= EmbedLabelsAsync(agent));
        var inference = GrainFactory.GetGrain<IInferenceGrain>(devices.PickDevice());
        var priority = request.Priority ?? agent.Profile.Priority;
        var embedding = await inference.EmbedAsync(new EmbeddingRequest(request.Text, priority, deadline), cancellationToken);
        var labels = LabelScorer.TopK(embedding.Vector, labelVectors, agent.Labels, request.TopK ?? options.Value.DefaultTopK);
        return new AgentResponse
        {
            RequestId = request.RequestId ?? Guid.NewGuid().ToString("N"),
            Agent = agent.Name,
            Labels = labels,
            CacheLayer = CacheLayer.None,
            Timings = new AgentTimings(embedding.QueueMs, embedding.InferenceMs, time.GetElapsedTime(started).TotalMilliseconds),
            BatchSize = embedding.BatchSize,
            TokenCount = embedding.TokenCount,
            Warnings = embedding.Truncated
                ? [$"The text was truncated to {embedding.TokenCount} tokens (Inference:MaxSequenceLength)."]
                : [],
        };
    }

    private async Task<float[][]> EmbedLabelsAsync(AgentDescriptor agent)
    {
        try
        {
            // Issued together, the labels share one batch.
            var inference = GrainFactory.GetGrain<IInferenceGrain>(devices.PickDevice());
            var results = await Task.WhenAll(agent.Labels.Select(label => inference.EmbedAsync(new EmbeddingRequest(label, agent.Profile.Priority))));
            LogLabelsEmbedded(logger, agent.Name, results.Length);
            return [.. results.Select(r => r.Vector)];
        }
        catch
        {
            _labelVectors = null; // let the next request retry
            throw;
        }
    }

    // The deadline fires as our own timer (cancellation) or as the batcher's deadline error, whichever is first.
    private static bool IsDeadline(Exception ex, CancellationTokenSource deadline, CancellationToken caller) => ex switch
    {
        OperationCanceledException => deadline.IsCancellationRequested && !caller.IsCancellationRequested,
        AgentException { Code: AgentErrorCode.Timeout } and not AgentTimeoutException => true,
        _ => false,
    };

    private AgentDescriptor Resolve()
    {
        if (_agent is null)
        {
            DeactivateOnIdle();
            throw new AgentNotFoundException(this.GetPrimaryKeyString());
        }

        return _agent;
    }

    private static string TierTag(AgentTier tier) => tier switch
    {
        AgentTier.Heavy => "heavy",
        AgentTier.Medium => "medium",
        _ => "light",
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Agent {Agent} embedded its {Count} labels")]
    private static partial void LogLabelsEmbedded(ILogger logger, string agent, int count);
}
