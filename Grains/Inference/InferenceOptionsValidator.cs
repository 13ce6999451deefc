using Microsoft.Extensions.Options;

namespace OrleansAgents.Inference;

/// <summary>Cross-field checks of <see cref="InferenceOptions"/> that attributes cannot express.</summary>
internal sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    public ValidateOptionsResult Validate(string? name, InferenceOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.ModelPath))
        {
            if (!File.Exists(options.ModelPath))
            {
                failures.Add($"Inference:ModelPath '{options.ModelPath}' does not exist.");
            }

            if (string.IsNullOrEmpty(options.VocabPath))
            {
                failures.Add("Inference:VocabPath (a BERT vocab.txt) is required with Inference:ModelPath.");
            }
            else if (!File.Exists(options.VocabPath))
            {
                failures.Add($"Inference:VocabPath '{options.VocabPath}' does not exist.");
            }
        }

        foreach (var device in options.EffectiveDevices)
        {
            if (!DeviceName.TryParse(device, out _))
            {
                failures.Add($"Inference:Devices entry '{device}' is not 'cpu', 'cuda:N', 'tensorrt:N' or 'ep:NAME[:N]'.");
            }
        }

        foreach (var plugin in options.PluginProviders)
        {
            if (string.IsNullOrWhiteSpace(plugin.RegistrationName) || string.IsNullOrWhiteSpace(plugin.LibraryPath))
            {
                failures.Add("Every Inference:PluginProviders entry needs a RegistrationName and a LibraryPath.");
            }
            else if (!File.Exists(plugin.LibraryPath))
            {
                failures.Add($"Inference:PluginProviders '{plugin.RegistrationName}': library '{plugin.LibraryPath}' does not exist.");
            }
        }

        if (options.EffectiveDevices.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.EffectiveDevices.Count)
        {
            failures.Add("Inference:Devices lists a device twice.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
