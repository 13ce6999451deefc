using Microsoft.Extensions.Options;

namespace OrleansAgents.Placement;

/// <summary>Checks what data annotations cannot: the load score needs at least one weight.</summary>
internal sealed class PlacementOptionsValidator : IValidateOptions<PlacementOptions>
{
    public ValidateOptionsResult Validate(string? name, PlacementOptions options)
        => options.CpuWeight + options.MemoryWeight + options.ActivationWeight + options.QueueDepthWeight > 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                "Placement:CpuWeight, MemoryWeight, ActivationWeight and QueueDepthWeight are all 0; at least one must be positive.");
}
