namespace OrleansAgents.Placement;

/// <summary>Reads what each silo advertises, without a call per placement.</summary>
internal interface ISiloCapabilitiesReader
{
    SiloCapabilities Get(SiloAddress silo);
}
