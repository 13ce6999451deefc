using System.Reflection;
using System.Runtime.Loader;

namespace OrleansAgents.Inference;

/// <summary>
/// Reads a <see cref="NamedModel"/>'s model and vocabulary from its package assembly's manifest resources. The assembly
/// is loaded for its resources only; none of its types (or their dependencies) are ever used.
/// </summary>
internal static class NamedModelResources
{
    /// <summary>The ONNX model bytes and the vocabulary stream of <paramref name="model"/>.</summary>
    /// <exception cref="InvalidOperationException">The package's assembly or a resource is missing.</exception>
    public static (byte[] Model, Stream Vocab) Open(NamedModel model)
    {
        var assembly = LoadAssembly(model);
        using var onnx = OpenResource(assembly, model, model.ModelResource);
        var bytes = new byte[onnx.Length];
        onnx.ReadExactly(bytes);
        return (bytes, OpenResource(assembly, model, model.VocabResource));
    }

    private static Assembly LoadAssembly(NamedModel model)
    {
        var path = Path.Combine(AppContext.BaseDirectory, model.AssemblyName + ".dll");
        try
        {
            return File.Exists(path)
                ? AssemblyLoadContext.Default.LoadFromAssemblyPath(path)
                : Assembly.Load(new AssemblyName(model.AssemblyName));
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new InvalidOperationException(
                $"Inference:Model '{model.Name}' needs the NuGet package {model.Package} (assembly {model.AssemblyName}.dll), " +
                $"which is not in {AppContext.BaseDirectory}: {ex.Message}", ex);
        }
    }

    private static Stream OpenResource(Assembly assembly, NamedModel model, string resource)
        => assembly.GetManifestResourceStream(resource)
           ?? throw new InvalidOperationException(
               $"Inference:Model '{model.Name}': package {model.Package} has no resource '{resource}' " +
               $"(it has {string.Join(", ", assembly.GetManifestResourceNames())}).");
}
