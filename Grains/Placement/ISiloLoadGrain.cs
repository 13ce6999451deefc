namespace OrleansAgents.Placement;

/// <summary>
/// One per silo, keyed by the silo's parsable address and placed on it with a placement hint: answers the load that
/// Orleans' runtime statistics do not carry (inference queue depth, agents' requests in flight).
/// </summary>
[Alias("OrleansAgents.ISiloLoadGrain")]
internal interface ISiloLoadGrain : IGrainWithStringKey
{
    /// <summary>The silo that answered and its own load figures.</summary>
    [Alias("GetLocalLoadAsync")]
    Task<SiloLocalLoad> GetLocalLoadAsync();
}
