using Microsoft.Extensions.Time.Testing;
using OrleansAgents.Agents;
using OrleansAgents.Errors;

namespace OrleansAgents.Tests.Agents;

public sealed class RecentRequestsTests
{
    private readonly FakeTimeProvider _time = new();

    private static AgentResponse Response(string id) => new() { RequestId = id, Agent = "x", Labels = [], Timings = new AgentTimings(0, 0, 0) };

    private static AgentRequest Request(string id, string? user = null) => new() { RequestId = id, Text = "sql injection", UserId = user };

    [Fact]
    public void TryGet_WhenAnsweredOrInProgress_ReturnsThatAnswer()
    {
        var recent = new RecentRequests(_time);
        var answered = Task.FromResult(Response("a"));
        var running = new TaskCompletionSource<AgentResponse>().Task;
        recent.Add(Request("a"), answered);
        recent.Add(Request("b"), running);

        Assert.True(recent.TryGet(Request("a"), out var a));
        Assert.Same(answered, a);
        Assert.True(recent.TryGet(Request("b"), out var b));
        Assert.Same(running, b);
        Assert.False(recent.TryGet(Request("c"), out _));
    }

    [Fact]
    public void TryGet_WhenTheRequestFailed_ForgetsIt()
    {
        var recent = new RecentRequests(_time);
        recent.Add(Request("a"), Task.FromException<AgentResponse>(new TimeoutException()));

        Assert.False(recent.TryGet(Request("a"), out _));
        Assert.Equal(0, recent.Count);
    }

    [Fact]
    public void TryGet_WhenOlderThanMaxAge_ForgetsIt()
    {
        var recent = new RecentRequests(_time);
        recent.Add(Request("a"), Task.FromResult(Response("a")));
        _time.Advance(RecentRequests.MaxAge - TimeSpan.FromTicks(1));
        Assert.True(recent.TryGet(Request("a"), out _));

        _time.Advance(TimeSpan.FromTicks(1));

        Assert.False(recent.TryGet(Request("a"), out _));
    }

    [Fact]
    public void Add_WhenFull_ForgetsTheOldest()
    {
        var recent = new RecentRequests(_time);
        for (var i = 0; i <= RecentRequests.Capacity; i++)
        {
            recent.Add(Request($"r{i}"), Task.FromResult(Response($"r{i}")));
        }

        Assert.Equal(RecentRequests.Capacity, recent.Count);
        Assert.False(recent.TryGet(Request("r0"), out _));
        Assert.True(recent.TryGet(Request($"r{RecentRequests.Capacity}"), out _));
    }

    [Fact]
    public void TryGet_WhenTheIdWasUsedForAnotherRequest_RefusesWithRequestIdConflict()
    {
        var recent = new RecentRequests(_time);
        recent.Add(Request("a", user: "alice"), Task.FromResult(Response("a")));

        var ex = Assert.Throws<InvalidAgentRequestException>(() => recent.TryGet(Request("a", user: "mallory"), out _));

        Assert.Equal(AgentErrorCode.RequestIdConflict, ex.Code);
        Assert.Equal("requestId", ex.Field);
        Assert.True(recent.TryGet(Request("a", user: "alice"), out _)); // the owner's retry still gets its answer
    }

    [Fact]
    public void TryGet_WhenTheRequestWithThatIdFailed_TreatsAnotherRequestAsNew()
    {
        var recent = new RecentRequests(_time);
        recent.Add(Request("a", user: "alice"), Task.FromException<AgentResponse>(new TimeoutException()));

        Assert.False(recent.TryGet(Request("a", user: "bob"), out _));
    }
}
