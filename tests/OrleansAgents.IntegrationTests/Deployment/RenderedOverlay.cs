using k8s;
using k8s.Models;
using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Deployment;

/// <summary>
/// One kustomize overlay of <c>k8s/overlays/</c> as <c>kubectl kustomize</c> renders it, parsed into the Kubernetes
/// client's models in strict mode: an unknown or misspelt field fails the parse.
/// </summary>
internal sealed class RenderedOverlay
{
    /// <summary>The overlays the repository ships.</summary>
    public static readonly string[] Names = ["dev", "production", "gpu"];

    private RenderedOverlay(string name, IReadOnlyList<object> objects)
    {
        Name = name;
        Objects = objects;
    }

    public string Name { get; }

    public IReadOnlyList<object> Objects { get; }

    /// <summary>The silo Deployment.</summary>
    public V1Deployment Silo => Single<V1Deployment>("orleans-agents");

    public V1PodSpec PodSpec => Silo.Spec.Template.Spec;

    /// <summary>The silo container.</summary>
    public V1Container SiloContainer => PodSpec.Containers.Single(c => c.Name == "silo");

    /// <summary>The containers that run the silo image: the silo and its init containers.</summary>
    public IEnumerable<V1Container> SiloImageContainers => [.. PodSpec.InitContainers ?? [], .. PodSpec.Containers];

    /// <summary>Renders <c>k8s/overlays/<paramref name="name"/></c> with kubectl (./test.sh installs it).</summary>
    public static async Task<RenderedOverlay> RenderAsync(string name)
    {
        var start = ChildCommand.Prepare("kubectl", TestPaths.RepositoryRoot, ["kustomize", Path.Combine("k8s", "overlays", name)]);
        var (exit, yaml, errors) = await ChildCommand.RunSeparatelyAsync(start, TimeSpan.FromMinutes(1), errorsInOutput: false);
        Assert.True(exit == 0, $"kubectl kustomize k8s/overlays/{name} failed:{Environment.NewLine}{errors}");
        return new RenderedOverlay(name, KubernetesYaml.LoadAllFromString(yaml, strict: true));
    }

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T Single<T>(string name) where T : IMetadata<V1ObjectMeta>
        => Assert.Single(All<T>(), o => o.Metadata.Name == name);

    /// <summary>A ConfigMap by its name as the pod refers to it (kustomize's hashed name).</summary>
    public V1ConfigMap ConfigMap(string name) => Single<V1ConfigMap>(name);

    /// <summary>The port number of the container port named <paramref name="name"/>.</summary>
    public static int Port(V1Container container, string name) => Assert.Single(container.Ports, p => p.Name == name).ContainerPort;

    public override string ToString() => Name;
}
