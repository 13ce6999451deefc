using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansAgents.Placement;

/// <summary>Options of agent placement (configuration section <c>Placement</c>).</summary>
public sealed class PlacementOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Placement";

    /// <summary>
    /// Accelerators this silo advertises to the cluster, overriding the count derived from <c>Inference:Devices</c>
    /// (<c>cuda:N</c>, <c>tensorrt:N</c> and <c>ep:NAME</c> count, <c>cpu</c> does not). Only placement reads it: a
    /// CPU-only silo set to 1 is treated as a GPU silo while its inference still runs on its real devices.
    /// Default: none (derived); range 0–64.
    /// </summary>
    [Range(0, 64)]
    public int? AdvertisedAccelerators { get; set; }

    /// <summary>Role this silo advertises. Default: <c>gpu</c> when it advertises an accelerator, else <c>cpu</c>.</summary>
    [StringLength(64)]
    public string? Role { get; set; }

    /// <summary>
    /// What happens to an agent that requires a GPU when no silo advertises an accelerator: <c>cpu</c> places it
    /// load-aware among all silos, <c>fail</c> fails its activation. Default <c>cpu</c>.
    /// </summary>
    public GpuFallbackMode GpuFallback { get; set; } = GpuFallbackMode.Cpu;

    /// <summary>
    /// What happens to an agent whose model (<c>profile.model</c>, else <c>Inference:Model</c>) no silo serves:
    /// <c>load</c> places it by load among all silos, and the chosen silo loads the model on first use (its first
    /// requests wait for the load); <c>fail</c> fails its activation (<c>Unplaceable</c>). Default <c>load</c>: an agent
    /// stays reachable, at the price of one more model in some silo's memory.
    /// </summary>
    public ModelFallbackMode ModelFallback { get; set; } = ModelFallbackMode.Load;

    /// <summary>How often each silo refreshes its snapshot of every silo's load. Default 2 s; range 100 ms–1 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:01:00")]
    public TimeSpan LoadRefreshPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Requests this silo adds to its real inference queue depth when it publishes its load: a test and drill knob that
    /// makes a silo look busy to placement (it queues nothing). Read live, so a configuration reload applies it.
    /// Default 0; range 0–1,000,000.
    /// </summary>
    [Range(0, 1_000_000)]
    public int SimulatedQueueDepth { get; set; }

    /// <summary>
    /// Whether a silo holding more agents than the cluster's mean (+1) moves the excess to a silo holding under half of it
    /// (a silo that just joined), checked every <see cref="LoadRefreshPeriod"/> (<see cref="AgentRebalancer"/>). Default true.
    /// </summary>
    public bool Rebalance { get; set; } = true;

    /// <summary>Weight of CPU usage in the load score. Default 0.2; range 0–1.</summary>
    [Range(0.0, 1.0)]
    public double CpuWeight { get; set; } = 0.2;

    /// <summary>Weight of memory usage in the load score. Default 0.1; range 0–1.</summary>
    [Range(0.0, 1.0)]
    public double MemoryWeight { get; set; } = 0.1;

    /// <summary>Weight of the activation count (relative to the busiest candidate) in the load score. Default 0.3; range 0–1.</summary>
    [Range(0.0, 1.0)]
    public double ActivationWeight { get; set; } = 0.3;

    /// <summary>Weight of the inference queue depth (relative to the deepest candidate) in the load score. Default 0.4; range 0–1.</summary>
    [Range(0.0, 1.0)]
    public double QueueDepthWeight { get; set; } = 0.4;
}

/// <summary>Checks what data annotations cannot: the load score needs at least one weight.</summary>
internal sealed class PlacementOptionsValidator : IValidateOptions<PlacementOptions>
{
    public ValidateOptionsResult Validate(string? name, PlacementOptions options)
        => options.CpuWeight + options.MemoryWeight + options.ActivationWeight + options.QueueDepthWeight > 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                "Placement:CpuWeight, MemoryWeight, ActivationWeight and QueueDepthWeight are all 0; at least one must be positive.");
}
