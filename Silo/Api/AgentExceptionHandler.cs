using Microsoft.AspNetCore.Diagnostics;
using OrleansAgents.Errors;

namespace OrleansAgents.Silo.Api;

/// <summary>Turns <see cref="AgentException"/>s into problem-details responses with the matching 4xx/5xx status.</summary>
internal sealed class AgentExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is AgentPlacementException placement)
        {
            return await WritePlacementProblemAsync(context, placement);
        }

        if (exception is not AgentException error)
        {
            return false;
        }

        var status = StatusFor(error.Code);
        context.Response.StatusCode = status;
        if (error.Code is AgentErrorCode.Overloaded or AgentErrorCode.StorageUnavailable)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = status,
            Title = TitleFor(error.Code),
            Detail = error.Message,
            Type = $"https://httpstatuses.io/{status}",
        };
        details.Extensions["code"] = error.Code.ToString();
        switch (error)
        {
            case InvalidAgentRequestException invalid:
                details.Extensions["field"] = invalid.Field;
                break;
            case AgentNotFoundException notFound:
                details.Extensions["agent"] = notFound.Agent;
                details.Extensions["catalog"] = "/api/agents";
                break;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }

    // No silo can host the agent right now (e.g. it needs a GPU and none is in the cluster): the service is unavailable
    // for this agent, not the request malformed.
    private async ValueTask<bool> WritePlacementProblemAsync(HttpContext context, AgentPlacementException placement)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Agent cannot be placed",
            Detail = placement.Message,
            Type = "https://httpstatuses.io/503",
        };
        details.Extensions["code"] = "Unplaceable";
        details.Extensions["agent"] = placement.Agent;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = placement });
    }

    internal static int StatusFor(AgentErrorCode code) => code switch
    {
        AgentErrorCode.UnknownAgent => StatusCodes.Status404NotFound,
        AgentErrorCode.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        AgentErrorCode.Timeout => StatusCodes.Status504GatewayTimeout,
        AgentErrorCode.Overloaded or AgentErrorCode.StorageUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    private static string TitleFor(AgentErrorCode code) => code switch
    {
        AgentErrorCode.UnknownAgent => "Unknown agent",
        AgentErrorCode.PayloadTooLarge => "Request text too large",
        AgentErrorCode.Timeout => "Agent timed out",
        AgentErrorCode.Overloaded => "Inference queue full",
        AgentErrorCode.StorageUnavailable => "Agent state storage unavailable",
        _ => "Invalid request",
    };
}
