namespace OrleansAgents.Inference;

/// <summary>Checks of a free-form provider-option dictionary against the keys typed options already set.</summary>
internal static class ProviderOptionKeys
{
    /// <summary>One failure per empty key and per key that <paramref name="typedKeys"/> owns.</summary>
    public static IEnumerable<string> Validate(Dictionary<string, string> options, string section, string[] typedKeys)
    {
        foreach (var key in options.Keys)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                yield return $"{section} has an empty key.";
            }
            else if (typedKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                yield return $"{section} may not set '{key}': it has its own option (or comes from the device name).";
            }
        }
    }
}
