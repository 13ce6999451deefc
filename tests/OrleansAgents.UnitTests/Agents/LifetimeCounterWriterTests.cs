using Orleans.Storage;
using OrleansAgents.Agents;

namespace OrleansAgents.Tests.Agents;

public sealed class LifetimeCounterWriterTests
{
    [Fact]
    public async Task WriteAsync_WhenAnotherActivationWroteMeanwhile_AddsThisActivationsCountsToTheStoredOnes()
    {
        var store = new FakeAgentStore { Stored = new AgentState { Requests = 100, Errors = 1, CacheHits = 50 } };
        var departing = store.Open();
        var arriving = store.Open();
        var writer = new LifetimeCounterWriter(departing);
        writer.MarkStored();
        departing.State.Requests += 7;
        departing.State.CacheHits += 4;
        arriving.State.Requests += 3;
        arriving.State.Errors += 2;
        arriving.State.ProfileOverride = new ProfileUpdate { TtlSeconds = 120 };
        await arriving.WriteStateAsync();

        await writer.WriteAsync();

        Assert.Equal((110L, 3L, 54L), (store.Stored.Requests, store.Stored.Errors, store.Stored.CacheHits));
        Assert.Equal(120, store.Stored.ProfileOverride?.TtlSeconds);
        Assert.Equal(1, store.Conflicts);
    }

    [Fact]
    public async Task WriteAsync_AfterAMerge_WritesOnlyWhatWasCountedSince()
    {
        var store = new FakeAgentStore();
        var mine = store.Open();
        var other = store.Open();
        var writer = new LifetimeCounterWriter(mine);
        writer.MarkStored();
        mine.State.Requests += 5;
        other.State.Requests += 2;
        await other.WriteStateAsync();
        await writer.WriteAsync();

        mine.State.Requests += 1;
        await writer.WriteAsync();

        Assert.Equal(8, store.Stored.Requests);
        Assert.Equal(1, store.Conflicts);
    }

    [Fact]
    public async Task WriteAsync_WhenEveryAttemptConflicts_ThrowsAndKeepsTheCountsForTheNextWrite()
    {
        var store = new FakeAgentStore { ConflictAlways = true };
        var state = store.Open();
        var writer = new LifetimeCounterWriter(state);
        writer.MarkStored();
        state.State.Requests += 4;

        await Assert.ThrowsAsync<InconsistentStateException>(() => writer.WriteAsync());

        Assert.Equal(LifetimeCounterWriter.MaxAttempts, store.Conflicts);
        Assert.Equal(4, state.State.Requests);
        store.ConflictAlways = false;
        await writer.WriteAsync();
        Assert.Equal(4, store.Stored.Requests);
    }

    /// <summary>One stored record with an integer version as ETag, shared by the activations opened on it.</summary>
    private sealed class FakeAgentStore
    {
        public AgentState Stored { get; set; } = new();

        public int Version { get; private set; } = 1;

        public int Conflicts { get; private set; }

        public bool ConflictAlways { get; set; }

        public Handle Open()
        {
            var handle = new Handle(this);
            handle.ReadStateAsync().GetAwaiter().GetResult();
            return handle;
        }

        internal sealed class Handle(FakeAgentStore store) : IPersistentState<AgentState>
        {
            public AgentState State { get; set; } = new();

            public string? Etag { get; private set; }

            public bool RecordExists => true;

            public Task ClearStateAsync() => throw new NotSupportedException();

            public Task ReadStateAsync()
            {
                State = Copy(store.Stored);
                Etag = store.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            }

            public Task WriteStateAsync()
            {
                var current = store.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (store.ConflictAlways || Etag != current)
                {
                    store.Conflicts++;
                    throw new InconsistentStateException("Version conflict", current, Etag ?? "");
                }

                store.Stored = Copy(State);
                store.Version++;
                Etag = store.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            }

            private static AgentState Copy(AgentState s) => new()
            {
                CacheGeneration = s.CacheGeneration,
                ProfileOverride = s.ProfileOverride,
                Requests = s.Requests,
                Errors = s.Errors,
                CacheHits = s.CacheHits,
            };
        }
    }
}
