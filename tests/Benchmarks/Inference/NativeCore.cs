using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace OrleansAgents.Benchmarks.Inference;

/// <summary>
/// Which native ONNX Runtime core (<c>libonnxruntime.so</c>) the benchmark process runs on. By default the build's own;
/// with <see cref="Variable"/> set, the file it names, bound before ONNX Runtime is first called.
/// </summary>
internal static class NativeCore
{
    /// <summary>The environment variable that names the native core to load.</summary>
    public const string Variable = "ORLEANS_AGENTS_ORT_NATIVE";

    /// <summary>The CPU package's and the GPU package's native cores in the NuGet cache, by the package that ships them.</summary>
    public static IReadOnlyDictionary<string, string> Packaged()
    {
        var metadata = typeof(NativeCore).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        var root = metadata["NuGetPackageRoot"]!;
        var version = metadata["OnnxRuntimeVersion"]!;
        string Core(string package) => Path.Combine(root, package.ToLowerInvariant(), version, "runtimes", "linux-x64", "native", "libonnxruntime.so");
        return new Dictionary<string, string>
        {
            [$"Microsoft.ML.OnnxRuntime {version}"] = Core("Microsoft.ML.OnnxRuntime"),
            [$"Microsoft.ML.OnnxRuntime.Gpu.Linux {version}"] = Core("Microsoft.ML.OnnxRuntime.Gpu.Linux"),
        };
    }

    /// <summary>Binds ONNX Runtime's managed API to the core <see cref="Variable"/> names, if it names one.</summary>
    public static void BindFromEnvironment()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } path)
        {
            return;
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{Variable} names '{path}', which does not exist.", path);
        }

        NativeLibrary.SetDllImportResolver(typeof(OrtEnv).Assembly, (name, _, _) => name == "onnxruntime" ? NativeLibrary.Load(path) : IntPtr.Zero);
    }

    /// <summary>The <c>libonnxruntime.so</c> this process has mapped, read from <c>/proc/self/maps</c>; null before it is loaded.</summary>
    public static string? Loaded() => File.Exists("/proc/self/maps")
        ? File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault())
            .FirstOrDefault(p => p is not null && p.EndsWith("/libonnxruntime.so", StringComparison.Ordinal))
        : null;
}
