using Microsoft.Extensions.Time.Testing;
using OrleansAgents.Agents;

namespace OrleansAgents.Tests.Agents;

public sealed class RecentRequestsTests
{
    private readonly FakeTimeProvider _time = new();

    private static AgentResponse Response(string id) => new() { RequestId = id, Agent = "x", Labels = [], Timings = new AgentTimings(0, 0, 0) };

    [Fact]
    public void TryGet_WhenAnsweredOrInProgress_ReturnsThatAnswer()
    {
        var recent = new RecentRequests(_time);
        var answered = Task.FromResult(Response("a"));
        var running = new TaskCompletionSource<AgentResponse>().Task;
        recent.Add("a", answered);
        recent.Add("b", running);

        Assert.True(recent.TryGet("a", out var a));
        Assert.Same(answered, a);
        Assert.True(recent.TryGet("b", out var b));
        Assert.Same(running, b);
        Assert.False(recent.TryGet("c", out _));
    }

    [Fact]
    public void TryGet_WhenTheRequestFailed_ForgetsIt()
    {
        var recent = new RecentRequests(_time);
        recent.Add("a", Task.FromException<AgentResponse>(new TimeoutException()));

        Assert.False(recent.TryGet("a", out _));
        Assert.Equal(0, recent.Count);
    }

    [Fact]
    public void TryGet_WhenOlderThanMaxAge_ForgetsIt()
    {
        var recent = new RecentRequests(_time);
        recent.Add("a", Task.FromResult(Response("a")));
        _time.Advance(RecentRequests.MaxAge - TimeSpan.FromTicks(1));
        Assert.True(recent.TryGet("a", out _));

        _time.Advance(TimeSpan.FromTicks(1));

        Assert.False(recent.TryGet("a", out _));
    }

    [Fact]
    public void Add_WhenFull_ForgetsTheOldest()
    {
        var recent = new RecentRequests(_time);
        for (var i = 0; i <= RecentRequests.Capacity; i++)
        {
            recent.Add($"r{i}", Task.FromResult(Response($"r{i}")));
        }

        Assert.Equal(RecentRequests.Capacity, recent.Count);
        Assert.False(recent.TryGet("r0", out _));
        Assert.True(recent.TryGet($"r{RecentRequests.Capacity}", out _));
    }
}
