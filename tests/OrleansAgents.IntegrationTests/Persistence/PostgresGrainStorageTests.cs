using Orleans.Storage;
using OrleansAgents.Agents;

namespace OrleansAgents.Tests.Persistence;

/// <summary>Orleans' ADO.NET grain storage on this project's PostgreSQL schema, in a real silo.</summary>
public sealed class PostgresGrainStorageTests(PostgresClusterFixture fixture) : IClassFixture<PostgresClusterFixture>
{
    private const string StateName = "persistence-test";

    private static GrainId NewGrainId() => GrainId.Create("persistence-test", Guid.NewGuid().ToString("N"));

    private Task<List<object?[]>> AgentRowsAsync(string agent) => fixture.Schema.QueryAsync(
        "SELECT grain_type, version, payload FROM orleans_grain_state WHERE service_id = @service AND grain_id_extension = @agent",
        ("service", fixture.ServiceId), ("agent", agent));

    [Fact]
    public async Task InvalidateAllAsync_WhenGrainDeactivatedBetweenWrites_ContinuesFromTheStoredState()
    {
        // The canonical name: an alias forwards to, and its state lives in, the canonical grain.
        const string Name = "semgrep-security-analyzer";
        var agent = fixture.Cluster.Client.GetGrain<IAgentGrain>(Name);
        await agent.InvalidateAllAsync();
        await agent.InvalidateAllAsync();

        var written = Assert.Single(await AgentRowsAsync(Name));
        Assert.Equal("agent", written[0]);
        Assert.Equal(2, written[1]);
        Assert.Equal(2, fixture.Serializer.Deserialize<AgentState>(new BinaryData((byte[])written[2]!))!.CacheGeneration);

        await fixture.Cluster.DeactivateAsync(agent);
        // Changed behind the grain's back: only an activation that reads it back (generation 10, ETag "3") can write next;
        // the old activation's ETag "2" would be a version conflict.
        await fixture.Storage.WriteStateAsync("agent", agent.GetGrainId(), new GrainState<AgentState>(new AgentState { CacheGeneration = 10 }, "2"));
        await agent.InvalidateAllAsync();

        var reread = Assert.Single(await AgentRowsAsync(Name));
        Assert.Equal(4, reread[1]);
        Assert.Equal(11, fixture.Serializer.Deserialize<AgentState>(new BinaryData((byte[])reread[2]!))!.CacheGeneration);
    }

    [Fact]
    public async Task ReadStateAsync_WhenNothingWritten_ReturnsNoRecordAndNoETag()
    {
        var state = new GrainState<AgentState>(new AgentState());

        await fixture.Storage.ReadStateAsync(StateName, NewGrainId(), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State!.CacheGeneration);
    }

    [Fact]
    public async Task WriteStateAsync_WhenWrittenThenRead_RoundTripsStateAndVersion()
    {
        var grain = NewGrainId();
        var written = new GrainState<AgentState>(new AgentState { CacheGeneration = 41 });
        await fixture.Storage.WriteStateAsync(StateName, grain, written);
        written.State!.CacheGeneration = 42;
        await fixture.Storage.WriteStateAsync(StateName, grain, written);

        var read = new GrainState<AgentState>(new AgentState());
        await fixture.Storage.ReadStateAsync(StateName, grain, read);

        Assert.Equal("2", written.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal("2", read.ETag);
        Assert.Equal(42, read.State!.CacheGeneration);
    }

    [Fact]
    public async Task WriteStateAsync_WhenETagIsStale_ThrowsInconsistentStateException()
    {
        var grain = NewGrainId();
        var first = new GrainState<AgentState>(new AgentState { CacheGeneration = 1 });
        await fixture.Storage.WriteStateAsync(StateName, grain, first);
        var stale = new GrainState<AgentState>(new AgentState { CacheGeneration = 7 }, first.ETag);
        await fixture.Storage.WriteStateAsync(StateName, grain, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => fixture.Storage.WriteStateAsync(StateName, grain, stale));

        var read = new GrainState<AgentState>(new AgentState());
        await fixture.Storage.ReadStateAsync(StateName, grain, read);
        Assert.Equal("2", read.ETag);
        Assert.Equal(1, read.State!.CacheGeneration);
    }

    [Fact]
    public async Task WriteStateAsync_WhenRecordExistsButCallerHasNoETag_ThrowsInconsistentStateException()
    {
        var grain = NewGrainId();
        await fixture.Storage.WriteStateAsync(StateName, grain, new GrainState<AgentState>(new AgentState { CacheGeneration = 1 }));

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => fixture.Storage.WriteStateAsync(StateName, grain, new GrainState<AgentState>(new AgentState { CacheGeneration = 2 })));
    }

    [Fact]
    public async Task ClearStateAsync_WhenStateWritten_LeavesNoRecordAndBumpsTheVersion()
    {
        var grain = NewGrainId();
        var state = new GrainState<AgentState>(new AgentState { CacheGeneration = 5 });
        await fixture.Storage.WriteStateAsync(StateName, grain, state);

        await fixture.Storage.ClearStateAsync(StateName, grain, state);
        var read = new GrainState<AgentState>(new AgentState());
        await fixture.Storage.ReadStateAsync(StateName, grain, read);

        Assert.Equal("2", state.ETag);
        Assert.False(read.RecordExists);
        Assert.Equal("2", read.ETag);
        Assert.Equal(0, read.State!.CacheGeneration);
        read.State!.CacheGeneration = 6;
        await fixture.Storage.WriteStateAsync(StateName, grain, read);
        Assert.Equal("3", read.ETag);
    }
}
