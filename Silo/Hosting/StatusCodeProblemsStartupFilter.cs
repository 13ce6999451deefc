namespace OrleansAgents.Silo.Hosting;

/// <summary>
/// Gives the responses the framework ends without a body (no route matched: 404; a route matched but not its method:
/// 405) the problem-details body with a <c>code</c> that every other error of the silo has. Runs first, so it sees
/// the status each request ends with; a response whose body was already written (an endpoint's or the exception
/// handler's problem) is left as it is.
/// </summary>
internal sealed class StatusCodeProblemsStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // With AddProblemDetails registered, status code pages write through IProblemDetailsService (and its
        // CustomizeProblemDetails, which adds the code).
        app.UseStatusCodePages();
        next(app);
    };
}
