using Microsoft.Extensions.Options;
using OrleansAgents.Agents;
using OrleansAgents.Errors;

namespace OrleansAgents.Client;

/// <summary><see cref="IAgentClient"/> over an Orleans cluster client.</summary>
internal sealed class AgentClient(IClusterClient cluster, IOptions<AgentClientOptions> options) : IAgentClient
{
    public Task<AgentResponse> InvokeAsync(string agent, AgentRequest request, CancellationToken cancellationToken = default)
    {
        CheckName(agent);
        AgentRequestValidator.Validate(request, options.Value.MaxRequestBytes);
        // A stable id lets the cluster recognise a retried request as the same one.
        var withId = request.RequestId is null ? request with { RequestId = Guid.NewGuid().ToString("N") } : request;
        return cluster.GetGrain<IAgentGrain>(agent.Trim()).InvokeAsync(withId, cancellationToken);
    }

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
