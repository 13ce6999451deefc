using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace OrleansAgents.Inference;

/// <summary>
/// Appends a device's execution provider to session options: CPU, CUDA, TensorRT or a plugin EP library registered
/// with the process-wide ONNX Runtime environment. A provider the native build lacks fails here, at silo start.
/// </summary>
internal static class ExecutionProviders
{
    private static readonly ConcurrentDictionary<string, Lazy<bool>> Registered = new(StringComparer.Ordinal);

    /// <summary>Appends the provider of <paramref name="device"/>; returns its name.</summary>
    public static string Append(SessionOptions sessionOptions, DeviceName device, InferenceOptions options)
    {
        try
        {
            switch (device.Kind)
            {
                case DeviceName.Cpu:
                    return "CPUExecutionProvider";
                case DeviceName.Cuda:
                    sessionOptions.AppendExecutionProvider_CUDA(device.Index);
                    return "CUDAExecutionProvider";
                case DeviceName.TensorRt:
                    sessionOptions.AppendExecutionProvider_Tensorrt(device.Index);
                    return "TensorrtExecutionProvider";
                default:
                    return AppendPlugin(sessionOptions, device, options);
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException or OnnxRuntimeException)
        {
            // Say which library is missing and what to install, at start rather than at the first request.
            ProviderLibraries.EnsureLoadable(device);
            throw new InferenceProviderUnavailableException(device.ToString(), [],
                $"Inference device '{device}' needs the {Describe(device)} execution provider, which this ONNX Runtime build cannot load " +
                $"({ex.GetType().Name}: {ex.Message}). Use the default GPU build (OnnxRuntimeFlavor=Gpu) with the CUDA 13 runtime and " +
                "cuDNN 9 on the library path, load a plugin EP library through Inference:PluginProviders and name the device " +
                "'ep:NAME', or set Inference:Devices to [\"cpu\"].", ex);
        }
    }

    private static string AppendPlugin(SessionOptions sessionOptions, DeviceName device, InferenceOptions options)
    {
        var env = OrtEnv.Instance();
        foreach (var plugin in options.PluginProviders)
        {
            Register(env, plugin);
        }

        var matches = env.GetEpDevices()
            .Where(d => string.Equals(d.EpName, device.ProviderName, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (device.Index >= matches.Count)
        {
            var available = string.Join(", ", env.GetEpDevices().Select(d => $"{d.EpName} ({d.HardwareDevice.Type})").Distinct());
            throw new InvalidOperationException(
                $"Inference device '{device}' names execution provider '{device.ProviderName}' device #{device.Index}, but ONNX Runtime " +
                $"offers {matches.Count} such device(s). Available EP devices: {(available.Length == 0 ? "none" : available)}. " +
                "Register the EP's library under Inference:PluginProviders.");
        }

        var providerOptions = options.PluginProviders
            .FirstOrDefault(p => string.Equals(p.EpName ?? p.RegistrationName, device.ProviderName, StringComparison.OrdinalIgnoreCase))?.Options ?? [];
        sessionOptions.AppendExecutionProvider(env, [matches[device.Index]], providerOptions);
        return matches[device.Index].EpName;
    }

    private static void Register(OrtEnv env, PluginProviderOptions plugin)
    {
        // RegisterExecutionProviderLibrary may be called once per name and process.
        _ = Registered.GetOrAdd(plugin.RegistrationName, _ => new Lazy<bool>(() =>
        {
            foreach (var dependency in plugin.PreloadLibraries)
            {
                NativeLibrary.Load(dependency);
            }

            env.RegisterExecutionProviderLibrary(plugin.RegistrationName, plugin.LibraryPath);
            return true;
        })).Value;
    }

    private static string Describe(DeviceName device) => device.Kind switch
    {
        DeviceName.Cuda => "CUDA",
        DeviceName.TensorRt => "TensorRT",
        _ => $"plugin '{device.ProviderName}'",
    };
}
