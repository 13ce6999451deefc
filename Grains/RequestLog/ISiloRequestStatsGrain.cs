namespace OrleansAgents.RequestLog;

/// <summary>
/// One per silo, keyed by the silo's parsable address and placed on it with a placement hint: answers that silo's
/// in-memory figures of an agent (<see cref="LiveRequestStats"/>).
/// </summary>
[Alias("OrleansAgents.ISiloRequestStatsGrain")]
internal interface ISiloRequestStatsGrain : IGrainWithStringKey
{
    /// <summary>The silo that answered and the agent's figures there over the last <paramref name="window"/>.</summary>
    [Alias("GetAsync")]
    Task<SiloRequestCounts> GetAsync(string agent, TimeSpan window);
}
