using OrleansAgents.Agents;
using OrleansAgents.Errors;

namespace OrleansAgents.Client.Cli.Load;

/// <summary>Load through the grain SDK (<see cref="IAgentClient"/>): no HTTP, so errors carry the SDK's error code and status 0.</summary>
internal sealed class SdkLoadTarget(IAgentClient client) : ILoadTarget
{
    public async Task<IReadOnlyList<LoadAgent>> ListAgentsAsync(CancellationToken cancellationToken)
        => [.. (await client.ListAsync(cancellationToken)).Select(a => new LoadAgent(a.Name, a.Tier))];

    public async Task<LoadOutcome> SendAsync(LoadRequest request, CancellationToken cancellationToken)
    {
        var agentRequest = new AgentRequest
        {
            Text = request.Text,
            UserId = request.UserId,
            Sensitivity = request.Private ? Sensitivity.Private : Sensitivity.Public,
            CacheEnabled = request.CacheEnabled,
        };
        try
        {
            var response = await client.InvokeAsync(request.Agent, agentRequest, cancellationToken);
            return LoadOutcome.Success(200, response.CacheLayer.ToString().ToLowerInvariant());
        }
        catch (AgentException ex)
        {
            return LoadOutcome.Failure(0, char.ToLowerInvariant(ex.Code.ToString()[0]) + ex.Code.ToString()[1..]);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            return LoadOutcome.Failure(0, "transport");
        }
    }
}
