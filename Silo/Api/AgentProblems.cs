using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using OrleansAgents.Errors;

namespace OrleansAgents.Silo.Api;

/// <summary>
/// The HTTP face of <see cref="AgentErrorCode"/>: one status and one title per code, each chosen on purpose, and the
/// problem-details body every error response of the silo writes (always with its <c>code</c>).
/// </summary>
internal static class AgentProblems
{
    // The switches below have no discard arm: a code added to the enum but not mapped here is a build error (CS8509);
    // a value outside the enum fails loudly at run time. Only the warning about such unnamed values is silenced.
#pragma warning disable CS8524
    /// <summary>The HTTP status of <paramref name="code"/>.</summary>
    public static int StatusFor(AgentErrorCode code) => code switch
    {
        AgentErrorCode.InvalidRequest => StatusCodes.Status400BadRequest,
        AgentErrorCode.UnknownAgent => StatusCodes.Status404NotFound,
        AgentErrorCode.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        AgentErrorCode.Timeout => StatusCodes.Status504GatewayTimeout,
        AgentErrorCode.Overloaded => StatusCodes.Status503ServiceUnavailable,
        AgentErrorCode.StorageUnavailable => StatusCodes.Status503ServiceUnavailable,
        AgentErrorCode.Unplaceable => StatusCodes.Status503ServiceUnavailable,
        AgentErrorCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        AgentErrorCode.NotConfigured => StatusCodes.Status503ServiceUnavailable,
        AgentErrorCode.Internal => StatusCodes.Status500InternalServerError,
        AgentErrorCode.RequestIdConflict => StatusCodes.Status409Conflict,
        AgentErrorCode.Forbidden => StatusCodes.Status403Forbidden,
        AgentErrorCode.IdentityMismatch => StatusCodes.Status403Forbidden,
        AgentErrorCode.RateLimited => StatusCodes.Status429TooManyRequests,
    };

    /// <summary>The problem title of <paramref name="code"/>.</summary>
    public static string TitleFor(AgentErrorCode code) => code switch
    {
        AgentErrorCode.InvalidRequest => "Invalid request",
        AgentErrorCode.UnknownAgent => "Unknown agent",
        AgentErrorCode.PayloadTooLarge => "Request text too large",
        AgentErrorCode.Timeout => "Agent timed out",
        AgentErrorCode.Overloaded => "Inference queue full",
        AgentErrorCode.StorageUnavailable => "Agent state storage unavailable",
        AgentErrorCode.Unplaceable => "Agent cannot be placed",
        AgentErrorCode.Unauthenticated => "Authentication required",
        AgentErrorCode.NotConfigured => "Not configured",
        AgentErrorCode.Internal => "Internal error",
        AgentErrorCode.RequestIdConflict => "Request id already used",
        AgentErrorCode.Forbidden => "Scope required",
        AgentErrorCode.IdentityMismatch => "Identity does not match the caller",
        AgentErrorCode.RateLimited => "Rate limit exceeded",
    };

    /// <summary>Whether a retry after a short wait can succeed (the response then carries <c>Retry-After: 1</c>).</summary>
    public static bool IsTransient(AgentErrorCode code) => code switch
    {
        AgentErrorCode.Overloaded or AgentErrorCode.StorageUnavailable => true,
        AgentErrorCode.InvalidRequest or AgentErrorCode.UnknownAgent or AgentErrorCode.PayloadTooLarge or AgentErrorCode.Timeout
            or AgentErrorCode.Unplaceable or AgentErrorCode.Unauthenticated or AgentErrorCode.NotConfigured
            or AgentErrorCode.Internal or AgentErrorCode.RequestIdConflict or AgentErrorCode.Forbidden
            or AgentErrorCode.IdentityMismatch => false,
        // Transient, but the wait is the limiter's own Retry-After, not 1 s.
        AgentErrorCode.RateLimited => false,
    };
#pragma warning restore CS8524

    /// <summary>The problem body for <paramref name="code"/>, with <paramref name="detail"/> saying what happened.</summary>
    public static ProblemDetails Create(AgentErrorCode code, string detail)
    {
        if (!Enum.IsDefined(code))
        {
            throw new UnreachableException($"AgentErrorCode {code} is not a defined code.");
        }

        var status = StatusFor(code);
        var details = new ProblemDetails { Status = status, Title = TitleFor(code), Detail = detail, Type = $"https://httpstatuses.io/{status}" };
        details.Extensions["code"] = code.ToString();
        return details;
    }

    /// <summary>
    /// Gives a problem body the framework wrote itself (an unhandled exception's 500, a request it could not bind) the
    /// <c>code</c> every problem body carries; bodies written from an <see cref="AgentErrorCode"/> already have theirs.
    /// </summary>
    public static void EnsureCode(ProblemDetailsContext context)
    {
        if (!context.ProblemDetails.Extensions.ContainsKey("code"))
        {
            context.ProblemDetails.Extensions["code"] = CodeForFrameworkStatus(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode).ToString();
        }
    }

    /// <summary>The code of a problem the framework raised with <paramref name="status"/>.</summary>
    internal static AgentErrorCode CodeForFrameworkStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => AgentErrorCode.Unauthenticated,
        StatusCodes.Status403Forbidden => AgentErrorCode.Forbidden,
        StatusCodes.Status429TooManyRequests => AgentErrorCode.RateLimited,
        StatusCodes.Status413PayloadTooLarge => AgentErrorCode.PayloadTooLarge,
        >= 400 and < 500 => AgentErrorCode.InvalidRequest, // the request could not be read or bound
        _ => AgentErrorCode.Internal,
    };

    /// <summary>The problem response for <paramref name="code"/>, for endpoints and filters that answer without throwing.</summary>
    public static IResult Result(AgentErrorCode code, string detail) => Results.Problem(Create(code, detail));
}
