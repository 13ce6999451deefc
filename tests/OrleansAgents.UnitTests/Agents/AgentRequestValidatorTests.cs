using OrleansAgents.Agents;
using OrleansAgents.Errors;

namespace OrleansAgents.Tests.Agents;

public sealed class AgentRequestValidatorTests
{
    [Theory]
    [InlineData("", "text")]
    [InlineData("   ", "text")]
    public void Validate_WhenTextEmpty_ThrowsForText(string text, string field)
    {
        var ex = Assert.Throws<InvalidAgentRequestException>(() => AgentRequestValidator.Validate(new AgentRequest { Text = text }));
        Assert.Equal(field, ex.Field);
        Assert.Equal(AgentErrorCode.InvalidRequest, ex.Code);
    }

    [Fact]
    public void Validate_WhenTextOverLimit_ThrowsPayloadTooLarge()
    {
        var ex = Assert.Throws<InvalidAgentRequestException>(
            () => AgentRequestValidator.Validate(new AgentRequest { Text = new string('é', 600) }, maxRequestBytes: 1024));
        Assert.Equal(AgentErrorCode.PayloadTooLarge, ex.Code);
        Assert.Equal("The request text is 1200 bytes of UTF-8; the limit (Agents:MaxRequestBytes) is 1024.", ex.Message);
    }

    [Fact]
    public void Validate_WhenTextExactlyAtLimit_Passes()
        => AgentRequestValidator.Validate(new AgentRequest { Text = new string('x', 1024) }, maxRequestBytes: 1024);

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(300_001)]
    public void Validate_WhenTimeoutOutOfRange_ThrowsForTimeout(int ms)
    {
        var ex = Assert.Throws<InvalidAgentRequestException>(
            () => AgentRequestValidator.Validate(new AgentRequest { Text = "x", Timeout = TimeSpan.FromMilliseconds(ms) }));
        Assert.Equal("timeoutMs", ex.Field);
    }

    [Theory]
    [InlineData(-1, null, "priority")]
    [InlineData(10, null, "priority")]
    [InlineData(null, 0, "topK")]
    [InlineData(null, 17, "topK")]
    public void Validate_WhenPriorityOrTopKOutOfRange_ThrowsForField(int? priority, int? topK, string field)
    {
        var ex = Assert.Throws<InvalidAgentRequestException>(
            () => AgentRequestValidator.Validate(new AgentRequest { Text = "x", Priority = priority, TopK = topK }));
        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void Validate_WhenPrivateWithoutUser_ThrowsForUserId()
    {
        var ex = Assert.Throws<InvalidAgentRequestException>(
            () => AgentRequestValidator.Validate(new AgentRequest { Text = "x", Sensitivity = Sensitivity.Private }));
        Assert.Equal("userId", ex.Field);
    }

    [Fact]
    public void Validate_WhenUserIdHasControlCharacters_ThrowsForUserId()
    {
        var ex = Assert.Throws<InvalidAgentRequestException>(
            () => AgentRequestValidator.Validate(new AgentRequest { Text = "x", UserId = "a\nb" }));
        Assert.Equal("userId", ex.Field);
    }
}
