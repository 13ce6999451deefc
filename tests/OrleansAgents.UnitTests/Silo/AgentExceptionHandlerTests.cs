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
    public void StatusFor_MapsEveryErrorCode(AgentErrorCode code, int status) => Assert.Equal(status, AgentExceptionHandler.StatusFor(code));
}
