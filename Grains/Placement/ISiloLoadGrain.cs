namespace OrleansAgents.Placement;

/// <summary>
/// One per silo, keyed by the silo's parsable address and placed on it with a placement hint: answers the inference
/// queue depth that Orleans' runtime statistics do not carry.
/// </summary>
[Alias("OrleansAgents.ISiloLoadGrain")]
internal interface ISiloLoadGrain : IGrainWithStringKey
{
    /// <summary>The silo that answered and its inference queue depth.</summary>
    [Alias("GetQueueDepthAsync")]
    Task<SiloQueueDepth> GetQueueDepthAsync();
}
