namespace OrleansAgents.Inference;

/// <summary>The checks of <see cref="InferenceOptions.Models"/>: known names, each listed once, valid devices.</summary>
internal static class ModelListValidation
{
    public static void Validate(InferenceOptions options, List<string> failures)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Models.Count; i++)
        {
            var entry = options.Models[i];
            var key = $"Inference:Models:{i}";
            if (string.IsNullOrWhiteSpace(entry.Name))
            {
                failures.Add($"{key}:Name is required (one of {string.Join(", ", NamedModels.Names)}).");
                continue;
            }

            if (!NamedModels.IsKnown(entry.Name))
            {
                failures.Add($"{key}:Name '{entry.Name}' is not a known model; known: {string.Join(", ", NamedModels.Names)}.");
            }

            if (!seen.Add(entry.Name))
            {
                failures.Add($"{key}:Name '{entry.Name}' is listed twice; give each model one entry with all its devices.");
            }

            foreach (var device in entry.Devices.Where(d => !DeviceName.TryParse(d, out _)))
            {
                failures.Add($"{key}:Devices entry '{device}' is not 'cpu', 'cuda:N', 'tensorrt:N' or 'ep:NAME[:N]'.");
            }

            if (entry.Devices.Distinct(StringComparer.OrdinalIgnoreCase).Count() != entry.Devices.Count)
            {
                failures.Add($"{key}:Devices lists a device twice.");
            }
        }
    }
}
