using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace OrleansAgents.Inference;

/// <summary>
/// Finds out, without creating a session, why ONNX Runtime's CUDA or TensorRT provider cannot load on this machine: the
/// provider library missing from the build (the CPU flavour), or the CUDA 13 / cuDNN 9 / TensorRT 10 libraries it links
/// against missing from the library path. The answer names every missing library and what to install.
/// </summary>
internal static partial class ProviderLibraries
{
    internal const string CudaProvider = "libonnxruntime_providers_cuda.so";
    internal const string TensorRtProvider = "libonnxruntime_providers_tensorrt.so";

    /// <summary>What the CUDA provider links against (its ELF DT_NEEDED, less the C runtime), and cuDNN, which it opens when a session starts.</summary>
    internal static readonly IReadOnlyList<string> Cuda = ["libcuda.so.1", "libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcurand.so.10", "libcudnn.so.9"];

    /// <summary>What the TensorRT provider links against beyond the CUDA libraries.</summary>
    internal static readonly IReadOnlyList<string> TensorRt = ["libnvinfer.so.10", "libnvonnxparser.so.10"];

    /// <summary>
    /// Throws <see cref="InferenceProviderUnavailableException"/> when <paramref name="device"/> needs a provider that
    /// cannot load here; does nothing for the CPU and plugin devices, or when everything it needs loads.
    /// </summary>
    /// <param name="device">The device.</param>
    /// <param name="searchDirectories">Where the build's native libraries are; default: the application's directory and
    /// its <c>runtimes/linux-x64/native</c>.</param>
    /// <param name="tryLoad">Loads a library by name or path and returns the loader's error, or null when it loaded.</param>
    public static void EnsureLoadable(DeviceName device, IReadOnlyList<string>? searchDirectories = null, Func<string, string?>? tryLoad = null)
    {
        if (device.Kind is not (DeviceName.Cuda or DeviceName.TensorRt) || !OperatingSystem.IsLinux())
        {
            return;
        }

        tryLoad ??= TryLoad;
        var tensorRt = device.Kind == DeviceName.TensorRt;
        var providers = tensorRt ? new[] { CudaProvider, TensorRtProvider } : [CudaProvider];
        var directories = searchDirectories ?? NativeDirectories();
        foreach (var provider in providers)
        {
            if (!directories.Any(d => File.Exists(Path.Combine(d, provider))))
            {
                throw new InferenceProviderUnavailableException(device.ToString(), [provider],
                    $"Inference device '{device}' needs {provider}, which this build does not ship: it was built with the CPU-only " +
                    "ONNX Runtime (-p:OnnxRuntimeFlavor=Cpu). Build or publish with the default flavour (Gpu) to use a GPU, or set " +
                    "Inference:Devices to [\"cpu\"].");
            }
        }

        var needed = tensorRt ? Cuda.Concat(TensorRt).ToArray() : [.. Cuda];
        var missing = needed.Where(library => tryLoad(library) is not null).ToList();
        string? loaderError = null;
        if (missing.Count == 0)
        {
            // Everything we know of loads; the provider itself may still lack something (a newer dependency): ask the loader.
            var provider = directories.Select(d => Path.Combine(d, providers[^1])).First(File.Exists);
            loaderError = tryLoad(provider);
            if (loaderError is null)
            {
                return;
            }

            missing.AddRange(MissingFromLoaderError(loaderError));
        }

        var what = missing.Count > 0 ? string.Join(", ", missing) : "a library it links against";
        throw new InferenceProviderUnavailableException(device.ToString(), missing,
            $"Inference device '{device}' needs the {(tensorRt ? "TensorRT" : "CUDA")} execution provider, which cannot load on this " +
            $"machine: {what} not found{(loaderError is null ? "" : $" ({FirstLine(loaderError)})")}. Install " +
            (missing.Contains("libcuda.so.1") ? "the NVIDIA driver, " : "") +
            "the CUDA 13 runtime (cudart, cuBLAS, cuRAND) and cuDNN 9" + (tensorRt ? " and TensorRT 10" : "") +
            " and put them on the library path (ldconfig or LD_LIBRARY_PATH), or run on the CPU: set Inference:Devices to " +
            "[\"cpu\"] (and build with -p:OnnxRuntimeFlavor=Cpu for a slim CPU-only output).");
    }

    /// <summary>The library names a loader error says it could not open.</summary>
    internal static IEnumerable<string> MissingFromLoaderError(string error)
        => CannotOpen().Matches(error).Select(m => m.Groups["library"].Value).Distinct();

    private static string? TryLoad(string library)
    {
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(library));
            return null;
        }
        catch (DllNotFoundException ex)
        {
            return ex.Message;
        }
    }

    private static string[] NativeDirectories()
    {
        var root = AppContext.BaseDirectory;
        return [root, Path.Combine(root, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"), Path.Combine(root, "runtimes", "linux-x64", "native")];
    }

    private static string FirstLine(string error)
    {
        var missing = CannotOpen().Match(error);
        return missing.Success ? missing.Value : error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
    }

    [GeneratedRegex(@"(?<library>[\w.+-]+\.so[\w.]*): cannot open shared object file[^\n]*")]
    private static partial Regex CannotOpen();
}
