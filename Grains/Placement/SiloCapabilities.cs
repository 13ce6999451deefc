using System.Globalization;
using OrleansAgents.Inference;

namespace OrleansAgents.Placement;

/// <summary>
/// What a silo advertises to placement through Orleans silo metadata: its accelerators, its role and the models it
/// loads at start (metadata is fixed at start: the load snapshot carries later changes, <see cref="SiloLoad.Models"/>).
/// </summary>
internal sealed record SiloCapabilities(IReadOnlyList<string> Accelerators, int AcceleratorCount, string Role)
{
    public const string AcceleratorsKey = "orleans-agents.accelerators";
    public const string ModelsKey = "orleans-agents.models";
    public const string AcceleratorCountKey = "orleans-agents.accelerator-count";
    public const string RoleKey = "orleans-agents.role";

    /// <summary>A silo that advertised nothing (or whose metadata has not arrived yet).</summary>
    public static SiloCapabilities None { get; } = new([], 0, "cpu");

    public bool HasAccelerator => AcceleratorCount > 0;

    /// <summary>The models the silo loaded at start (<c>Inference:Models</c>); empty when it advertised none.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>This silo's capabilities: accelerator devices of <c>Inference:Devices</c>, unless overridden.</summary>
    public static SiloCapabilities From(InferenceOptions inference, PlacementOptions placement)
    {
        var accelerators = inference.AllDevices
            .Where(d => DeviceName.TryParse(d, out var device) && device.Kind != DeviceName.Cpu)
            .ToArray();
        var count = placement.AdvertisedAccelerators ?? accelerators.Length;
        return new(accelerators, count, placement.Role is { Length: > 0 } role ? role : count > 0 ? "gpu" : "cpu")
        {
            Models = [.. inference.EffectiveModels.Select(m => m.Name)],
        };
    }

    /// <summary>Reads capabilities from silo metadata; anything missing or malformed reads as none.</summary>
    public static SiloCapabilities FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(AcceleratorCountKey, out var text)
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return None;
        }

        var accelerators = metadata.TryGetValue(AcceleratorsKey, out var list) && list.Length > 0 ? list.Split(',') : [];
        var models = metadata.TryGetValue(ModelsKey, out var names) && names.Length > 0 ? names.Split(',') : [];
        return new(accelerators, count, metadata.GetValueOrDefault(RoleKey) ?? None.Role) { Models = models };
    }

    public IEnumerable<KeyValuePair<string, string>> ToMetadata() =>
    [
        new(AcceleratorsKey, string.Join(',', Accelerators)),
        new(AcceleratorCountKey, AcceleratorCount.ToString(CultureInfo.InvariantCulture)),
        new(RoleKey, Role),
        new(ModelsKey, string.Join(',', Models)),
    ];
}
