using Microsoft.Extensions.Options;
using OrleansAgents.Agents;
using OrleansAgents.Errors;
using OrleansAgents.Routing;
using Orleans.Runtime.Messaging;
using Polly;
using Polly.Registry;

namespace OrleansAgents.Client;

/// <summary><see cref="IAgentClient"/> over an Orleans cluster client.</summary>
internal sealed class AgentClient(
    IClusterClient cluster,
    IOptions<AgentClientOptions> options,
    ResiliencePipelineProvider<string> pipelines,
    GatewayLossSignal gatewayLoss)
    : IAgentClient
{
    /// <summary>Key of the SDK's retry pipeline.</summary>
    public const string RetryPipelineKey = "orleans-agents.client.retry";

    private readonly ResiliencePipeline _retry = pipelines.GetPipeline(RetryPipelineKey);

    public async Task<AgentResponse> InvokeAsync(string agent, AgentRequest request, CancellationToken cancellationToken = default)
    {
        CheckName(agent);
        AgentRequestValidator.Validate(request, options.Value.MaxRequestBytes);
        // A stable id across retries lets the cluster recognise a retried request as the same one (logged once).
        var withId = request.RequestId is null ? request with { RequestId = Guid.NewGuid().ToString("N") } : request;
        var grain = cluster.GetGrain<IAgentGrain>(agent.Trim());
        return await _retry.ExecuteAsync(
            static (state, ct) => state.self.AttemptAsync($"agent '{state.grain.GetPrimaryKeyString()}'", ct2 => state.grain.InvokeAsync(state.withId, ct2), ct),
            (self: this, grain, withId),
            cancellationToken);
    }

    public async Task<TaskResponse> RouteAsync(string capability, RouteRequest task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        capability = Capabilities.Normalize(capability);
        AgentRequestValidator.Validate(task.Request, options.Value.MaxRequestBytes);
        var withId = task.Request.RequestId is null ? task with { Request = task.Request with { RequestId = Guid.NewGuid().ToString("N") } } : task;
        var router = cluster.GetGrain<IAgentRouter>(capability);
        return await _retry.ExecuteAsync(
            static (state, ct) => state.self.AttemptAsync($"router '{state.capability}'", ct2 => state.router.RouteAsync(state.withId, ct2), ct),
            (self: this, router, withId, capability),
            cancellationToken);
    }

    // One try of a call: abandoned (and retried by the pipeline) if a gateway connection drops while it is in flight.
    // Abandoned here only, not cancelled in the cluster: the connection that dropped may not have been this call's (a
    // silo leaving gracefully closes its own), and an agent answers the retry, same request id, with the same answer.
    private ValueTask<T> AttemptAsync<T>(string target, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        => AttemptAsync(gatewayLoss, target, call, cancellationToken);

    /// <summary>One try of <paramref name="call"/>, abandoned as <see cref="GatewayLostException"/> if a gateway connection drops.</summary>
    internal static async ValueTask<T> AttemptAsync<T>(GatewayLossSignal gatewayLoss, string target, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var lost = gatewayLoss.Token;
        try
        {
            return await call(cancellationToken).WaitAsync(lost);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new GatewayLostException(target);
        }
    }

    /// <summary>Failures of the transport or of a silo going away, never answers of an agent.</summary>
    internal static bool IsTransient(Exception ex) => ex is not AgentException
        && ex is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException
            or TimeoutException or GatewayLostException;

    public Task<bool> InvalidateAsync(string agent, AgentRequest request, CancellationToken cancellationToken = default)
    {
        CheckName(agent);
        AgentRequestValidator.Validate(request, options.Value.MaxRequestBytes);
        cancellationToken.ThrowIfCancellationRequested();
        return cluster.GetGrain<IAgentGrain>(agent.Trim()).InvalidateAsync(request);
    }

    public Task InvalidateAllAsync(string agent, CancellationToken cancellationToken = default)
    {
        CheckName(agent);
        cancellationToken.ThrowIfCancellationRequested();
        return cluster.GetGrain<IAgentGrain>(agent.Trim()).InvalidateAllAsync();
    }

    public async Task<IReadOnlyList<AgentDescriptor>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await cluster.GetGrain<ICatalogGrain>(0).ListAsync();
    }

    public async Task<AgentDescriptor> GetAsync(string agent, CancellationToken cancellationToken = default)
    {
        CheckName(agent);
        cancellationToken.ThrowIfCancellationRequested();
        return await cluster.GetGrain<ICatalogGrain>(0).FindAsync(agent) ?? throw new AgentNotFoundException(agent);
    }

    private static void CheckName(string agent)
    {
        if (string.IsNullOrWhiteSpace(agent))
        {
            throw new AgentNotFoundException(agent ?? "");
        }
    }
}
