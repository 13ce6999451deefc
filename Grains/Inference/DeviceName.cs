namespace OrleansAgents.Inference;

/// <summary>A parsed device name: <c>cpu</c> or <c>cuda:N</c>.</summary>
internal readonly record struct DeviceName(string Kind, int Index)
{
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";

    public static bool TryParse(string? text, out DeviceName device)
    {
        device = default;
        var value = text?.Trim().ToLowerInvariant();
        if (value == Cpu)
        {
            device = new DeviceName(Cpu, 0);
            return true;
        }

        if (value is not null && value.StartsWith(Cuda + ":", StringComparison.Ordinal)
            && int.TryParse(value.AsSpan(Cuda.Length + 1), System.Globalization.NumberStyles.None, null, out var index))
        {
            device = new DeviceName(Cuda, index);
            return true;
        }

        return false;
    }

    public override string ToString() => Kind == Cpu ? Cpu : $"{Kind}:{Index}";
}
