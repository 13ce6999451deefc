using Microsoft.AspNetCore.Diagnostics;
using OrleansAgents.Errors;

namespace OrleansAgents.Silo.Api;

/// <summary>Turns <see cref="AgentException"/>s into problem-details responses with their code's status (<see cref="AgentProblems"/>).</summary>
internal sealed class AgentExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not AgentException error)
        {
            return false;
        }

        var details = AgentProblems.Create(error.Code, error.Message);
        context.Response.StatusCode = details.Status!.Value;
        if (AgentProblems.IsTransient(error.Code))
        {
            context.Response.Headers.RetryAfter = "1";
        }

        switch (error)
        {
            case InvalidAgentRequestException invalid:
                details.Extensions["field"] = invalid.Field;
                break;
            case AgentNotFoundException notFound:
                details.Extensions["agent"] = notFound.Agent;
                details.Extensions["catalog"] = "/api/agents";
                break;
            case AgentPlacementException placement:
                details.Extensions["agent"] = placement.Agent;
                break;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }
}
