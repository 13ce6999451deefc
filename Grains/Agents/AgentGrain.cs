using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansAgents.Caching;
using OrleansAgents.Diagnostics;
using OrleansAgents.Errors;
using OrleansAgents.Inference;
using OrleansAgents.Placement;
using OrleansAgents.RequestLog;

namespace OrleansAgents.Agents;

/// <summary>
/// One agent of the catalog. Validates a request and asks the agent's cache hierarchy (<see cref="AgentCache"/>: L1,
/// coalescing, L2) for the answer; on a miss the cache calls the agent's one answer source, which embeds the text through
/// the silo-local <see cref="IInferenceGrain"/> (batched with every other agent's requests; it picks the device) and
/// returns the embedding with a deferred scoring against the agent's label embeddings (computed once per activation).
/// Reentrant so that concurrent requests share batches; at most <see cref="AgentProfile.MaxConcurrency"/> run at once.
/// </summary>
[Reentrant, AgentPlacement]
internal sealed partial class AgentGrain(
    IAgentCatalog catalog,
    AgentL2Cache l2,
    IOptions<AgentCatalogOptions> options,
    IOptions<CachingOptions> caching,
    IOptions<InferenceOptions> inference,
    [PersistentState("agent")] IPersistentState<AgentState> state,
    IRequestLog requestLog,
    AgentInstruments instruments,
    CacheInstruments cacheInstruments,
    AgentsInFlight inFlight,
    LocalAgents localAgents,
    LabelEmbeddings labelEmbeddings,
    TimeProvider time,
    ILogger<AgentGrain> logger) : Grain, IAgentGrain, IGrainMigrationParticipant
{
    // Lifetime counters are written every this many requests and at deactivation, not on every request.
    private const int CounterFlushEvery = 100;
    private AgentDescriptor? _catalogAgent;
    private AgentDescriptor? _agent;
    private SemaphoreSlim? _slots;
    private AgentCache? _cache;
    private Task<float[][]>? _labelVectors;
    private LifetimeCounterWriter _counters = null!;
    private RecentRequests _recent = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        localAgents.Add(GrainContext);
        _counters = new LifetimeCounterWriter(state);
        _counters.MarkStored(); // read from storage, or handed over by the previous activation with its ETag
        _recent = new RecentRequests(time);
        if (catalog.TryResolve(this.GetPrimaryKeyString(), out var agent))
        {
            _catalogAgent = agent;
            _slots = new SemaphoreSlim(agent.Profile.MaxConcurrency);
            UseProfile(ProfileRules.Apply(agent, state.State.ProfileOverride));
            RestoreL1();
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        localAgents.Remove(GrainContext);
        KeepL1IfMigrating(reason);
        _cache?.Dispose();
        if (_agent is not null && _cache is not null)
        {
            if (!IsAlias(_agent) && state.State.Requests > 0)
            {
                try
                {
                    // Counters since the last periodic write. When migrating, this completes before the state (with the
                    // new ETag) is handed to the next activation, which never reads it from storage: no overlap.
                    await _counters.WriteAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // E.g. the embedded default shutting down: its in-memory storage is going away with the process.
                    LogCounterWriteFailed(logger, _agent.Name, ex.Message);
                }
            }
        }
    }

    public Task<AgentDescriptor> GetProfileAsync() => Task.FromResult(Resolve());

    public Task<AgentActivation> GetActivationAsync()
    {
        var agent = Resolve();
        return IsAlias(agent)
            ? GrainFactory.GetGrain<IAgentGrain>(agent.Name).GetActivationAsync()
            : Task.FromResult(new AgentActivation { Agent = agent.Name, Silo = GrainContext.Address.SiloAddress!.ToString() });
    }

    public async Task<AgentResponse> InvokeAsync(AgentRequest request, CancellationToken cancellationToken = default)
    {
        var agent = Resolve();
        if (IsAlias(agent))
        {
            // An alias (or a different casing) activates a thin forwarder; the canonical grain owns state and caches.
            DelayDeactivation(TimeSpan.FromMinutes(1));
            return await GrainFactory.GetGrain<IAgentGrain>(agent.Name).InvokeAsync(request, cancellationToken);
        }

        AgentRequestValidator.Validate(request, options.Value.MaxRequestBytes);
        if (request.RequestId is null)
        {
            return await AnswerOnceAsync(agent, request, cancellationToken);
        }

        // A retry of a request answered here (or being answered) gets that answer: answered, counted and logged once.
        if (!_recent.TryGet(request, out var answer))
        {
            answer = AnswerOnceAsync(agent, request, cancellationToken);
            _recent.Add(request, answer);
        }

        return await answer.WaitAsync(cancellationToken);
    }

    private async Task<AgentResponse> AnswerOnceAsync(AgentDescriptor agent, AgentRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var timeout = request.Timeout ?? TimeSpan.FromMilliseconds(agent.Profile.TimeoutMs);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var outcome = RequestOutcome.Error;
        AgentResponse? response = null;
        var span = AgentsActivitySource.StartInvoke(agent.Name, agent.Tier, time.GetUtcNow());
        inFlight.Started(agent.Name);
        instruments.OnRequestStarted(agent.Name, agent.Tier);
        try
        {
            await _slots!.WaitAsync(linked.Token);
            try
            {
                response = await AnswerAsync(agent, request, started, time.GetUtcNow() + timeout, linked.Token);
                outcome = RequestOutcome.Ok;
                return response;
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            outcome = RequestOutcome.Timeout;
            throw new AgentTimeoutException(agent.Name, timeout);
        }
        catch (AgentTimeoutException)
        {
            outcome = RequestOutcome.Timeout; // the deadline passed while the request waited for inference
            throw;
        }
        catch (OperationCanceledException)
        {
            outcome = RequestOutcome.Cancelled;
            throw;
        }
        finally
        {
            inFlight.Ended(agent.Name);
            var total = time.GetElapsedTime(started);
            instruments.OnRequestFinished(agent.Name, agent.Tier, outcome, total);
            span.OnInvokeFinished(outcome, response?.CacheLayer, response?.Coalesced == true, time.GetUtcNow());
            var entry = RequestLogEntries.Create(agent.Name, agent.Tier, request, response, outcome, total.TotalMilliseconds, time.GetUtcNow());
            await CountAsync(outcome, response);
            if (response is null)
            {
                requestLog.Append(entry);
            }
            else
            {
                // A caller that sees an answer can find it in the log, even if this silo dies right after replying.
                await requestLog.AppendAcknowledgedAsync(entry);
            }
        }
    }

    public async Task InvalidateAllAsync()
    {
        var agent = Resolve();
        if (IsAlias(agent))
        {
            await GrainFactory.GetGrain<IAgentGrain>(agent.Name).InvalidateAllAsync();
            return;
        }

        state.State.CacheGeneration++;
        try
        {
            await WriteStateOrThrowAsync("cache generation");
        }
        catch
        {
            state.State.CacheGeneration--;
            throw;
        }

        _cache!.Clear();
        LogInvalidated(logger, agent.Name, state.State.CacheGeneration);
    }

    public async Task<bool> InvalidateAsync(AgentRequest request)
    {
        var agent = Resolve();
        if (IsAlias(agent))
        {
            return await GrainFactory.GetGrain<IAgentGrain>(agent.Name).InvalidateAsync(request);
        }

        AgentRequestValidator.Validate(request, options.Value.MaxRequestBytes);
        return await _cache!.RemoveAsync(KeyFor(agent, request));
    }

    private async Task<AgentResponse> AnswerAsync(
        AgentDescriptor agent, AgentRequest request, long started, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var embedding = new EmbeddingRequest(request.Text, request.Priority ?? agent.Profile.Priority, deadline, request.Tenant, ModelOf(agent));
        CacheLookup lookup;
        if (request.CacheEnabled)
        {
            // A shared computation must outlive the caller that started it: it runs to its deadline, uncancelled.
            lookup = await _cache!.GetAsync(KeyFor(agent, request), () => ComputeAsync(agent, embedding, CancellationToken.None), cancellationToken);
        }
        else
        {
            var computed = await ComputeAsync(agent, embedding, cancellationToken);
            lookup = new CacheLookup(await computed.ScoreAsync(), CacheLayer.None, computed.Embedding);
        }

        var topK = Math.Min(request.TopK ?? options.Value.DefaultTopK, lookup.Answer.Labels.Length);
        return new AgentResponse
        {
            RequestId = request.RequestId ?? Guid.NewGuid().ToString("N"),
            Agent = agent.Name,
            Labels = lookup.Answer.Labels[..topK],
            CacheLayer = lookup.Layer,
            Timings = new AgentTimings(
                lookup.Embedding?.QueueMs ?? 0, lookup.Embedding?.InferenceMs ?? 0, time.GetElapsedTime(started).TotalMilliseconds),
            BatchSize = lookup.Embedding?.BatchSize ?? 0,
            TokenCount = lookup.Answer.TokenCount,
            Warnings = lookup.Answer.Warnings,
            Coalesced = lookup.Coalesced,
            Similarity = lookup.Similarity,
        };
    }

    private CacheKey KeyFor(AgentDescriptor agent, AgentRequest request) => CacheKeyBuilder.Build(
        agent.Name, ModelOf(agent), state.State.CacheGeneration, request, agent.Profile, time.GetUtcNow(), caching.Value.TimeBucket);

    private bool IsAlias(AgentDescriptor agent) => !string.Equals(agent.Name, this.GetPrimaryKeyString(), StringComparison.Ordinal);

    private AgentDescriptor Resolve()
    {
        if (_agent is null)
        {
            DeactivateOnIdle();
            throw new AgentNotFoundException(this.GetPrimaryKeyString());
        }

        return _agent;
    }
}
