using Microsoft.Extensions.Options;
using OrleansAgents.Inference;

namespace OrleansAgents.Silo.Hosting;

/// <summary>
/// Checks made before the host starts, so that a silo that cannot run stops with one line that says why (exit code
/// <see cref="ConfigurationError"/>) instead of a stack trace from the middle of Orleans' start.
/// </summary>
public static class StartupChecks
{
    /// <summary>The exit code of a silo that cannot start as configured (sysexits' EX_CONFIG).</summary>
    public const int ConfigurationError = 78;

    /// <summary>
    /// Throws <see cref="InferenceProviderUnavailableException"/> when the provider of a device that any configured model
    /// runs on (<c>Inference:Devices</c> and <c>Inference:Models</c>) cannot load here.
    /// </summary>
    public static void CheckInferenceProviders(this IHost app)
    {
        foreach (var device in app.Services.GetRequiredService<IOptions<InferenceOptions>>().Value.AllDevices)
        {
            if (DeviceName.TryParse(device, out var parsed))
            {
                ProviderLibraries.EnsureLoadable(parsed);
            }
        }
    }

    /// <summary>Whether <paramref name="exception"/> is a configuration problem that its message alone explains.</summary>
    public static bool IsConfigurationError(Exception exception)
        => exception is InferenceProviderUnavailableException or OptionsValidationException;

    /// <summary>Writes the one-line reason to standard error and returns <see cref="ConfigurationError"/>.</summary>
    public static int Report(Exception exception)
    {
        Console.Error.WriteLine($"orleans-agents: the silo cannot start: {exception.Message}");
        return ConfigurationError;
    }
}
