using System.Globalization;

namespace OrleansAgents.Inference;

/// <summary>A parsed device name: <c>cpu</c>, <c>cuda:N</c>, <c>tensorrt:N</c> or <c>ep:NAME[:N]</c>.</summary>
internal readonly record struct DeviceName(string Kind, int Index, string? ProviderName = null)
{
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";
    public const string TensorRt = "tensorrt";
    public const string Plugin = "ep";

    public static bool TryParse(string? text, out DeviceName device)
    {
        device = default;
        var parts = (text ?? "").Trim().Split(':');
        switch (parts[0].ToLowerInvariant())
        {
            case Cpu when parts.Length == 1:
                device = new DeviceName(Cpu, 0);
                return true;
            case Cuda or TensorRt when parts.Length == 2 && TryIndex(parts[1], out var index):
                device = new DeviceName(parts[0].ToLowerInvariant(), index);
                return true;
            case Plugin when parts.Length is 2 or 3 && parts[1].Length > 0:
                var pluginIndex = 0;
                if (parts.Length == 3 && !TryIndex(parts[2], out pluginIndex))
                {
                    return false;
                }

                device = new DeviceName(Plugin, pluginIndex, parts[1]);
                return true;
            default:
                return false;
        }
    }

    private static bool TryIndex(string text, out int index)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index < 64;

    public override string ToString() => Kind switch
    {
        Cpu => Cpu,
        Plugin => $"{Plugin}:{ProviderName}:{Index}",
        _ => $"{Kind}:{Index}",
    };
}
