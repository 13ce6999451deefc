using OrleansAgents.Errors;
using OrleansAgents.Silo.Api;

namespace OrleansAgents.Tests.Silo;

public sealed class AgentExceptionHandlerTests
{
    [Theory]
    [InlineData(AgentErrorCode.InvalidRequest, 400)]
    [InlineData(AgentErrorCode.UnknownAgent, 404)]
    [InlineData(AgentErrorCode.PayloadTooLarge, 413)]
    [InlineData(AgentErrorCode.Timeout, 504)]
    [InlineData(AgentErrorCode.Overloaded, 503)]
    [InlineData(AgentErrorCode.StorageUnavailable, 503)]
    [InlineData(AgentErrorCode.Unplaceable, 503)]
    [InlineData(AgentErrorCode.Unauthenticated, 401)]
    [InlineData(AgentErrorCode.NotConfigured, 503)]
    [InlineData(AgentErrorCode.Internal, 500)]
    [InlineData(AgentErrorCode.RequestIdConflict, 409)]
    public void StatusFor_MapsEveryErrorCode(AgentErrorCode code, int status) => Assert.Equal(status, AgentProblems.StatusFor(code));

    [Fact]
    public void Create_ForEveryDefinedCode_HasStatusTitleAndCode()
    {
        foreach (var code in Enum.GetValues<AgentErrorCode>())
        {
            var problem = AgentProblems.Create(code, "detail");

            Assert.InRange(problem.Status!.Value, 400, 599);
            Assert.False(string.IsNullOrWhiteSpace(problem.Title), $"{code} has no title");
            Assert.Equal(code.ToString(), problem.Extensions["code"]);
            Assert.Equal("detail", problem.Detail);
        }
    }

    [Fact]
    public void Create_WhenCodeUndefined_Throws()
        => Assert.Throws<System.Diagnostics.UnreachableException>(() => AgentProblems.Create((AgentErrorCode)999, "detail"));

    [Theory]
    [InlineData(AgentErrorCode.Overloaded, true)]
    [InlineData(AgentErrorCode.StorageUnavailable, true)]
    [InlineData(AgentErrorCode.Unplaceable, false)]
    [InlineData(AgentErrorCode.NotConfigured, false)]
    [InlineData(AgentErrorCode.Timeout, false)]
    public void IsTransient_OnlyForSheddingAndStorage(AgentErrorCode code, bool transient) => Assert.Equal(transient, AgentProblems.IsTransient(code));

    [Theory]
    [InlineData(400, AgentErrorCode.InvalidRequest)]
    [InlineData(401, AgentErrorCode.Unauthenticated)]
    [InlineData(405, AgentErrorCode.InvalidRequest)]
    [InlineData(413, AgentErrorCode.PayloadTooLarge)]
    [InlineData(500, AgentErrorCode.Internal)]
    [InlineData(503, AgentErrorCode.Internal)]
    public void CodeForFrameworkStatus_MapsTheStatusOfAProblemTheFrameworkWrote(int status, AgentErrorCode code)
        => Assert.Equal(code, AgentProblems.CodeForFrameworkStatus(status));

    [Fact]
    public void EnsureCode_WhenBodyHasACode_KeepsIt()
    {
        var context = new Microsoft.AspNetCore.Http.ProblemDetailsContext
        {
            HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext(),
            ProblemDetails = AgentProblems.Create(AgentErrorCode.Overloaded, "full"),
        };

        AgentProblems.EnsureCode(context);

        Assert.Equal("Overloaded", context.ProblemDetails.Extensions["code"]);
    }
}
