using k8s.Models;
using Microsoft.Extensions.Configuration;

namespace OrleansAgents.Tests.Deployment;

/// <summary>A container's environment as a kubelet builds it from the rendered manifests.</summary>
internal static class ContainerEnvironment
{
    /// <summary>
    /// <c>envFrom</c> first, then <c>env</c> (which wins), with ConfigMaps taken from <paramref name="overlay"/>,
    /// downward-API fields from <paramref name="pod"/> and Secret keys from <paramref name="secret"/> (name, key).
    /// </summary>
    public static Dictionary<string, string> Resolve(RenderedOverlay overlay, V1Container container, PodFacts pod, Func<string, string, string> secret)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            var configMap = source.ConfigMapRef ?? throw new NotSupportedException($"{container.Name}: envFrom other than a ConfigMap");
            foreach (var (key, value) in overlay.ConfigMap(configMap.Name).Data ?? new Dictionary<string, string>())
            {
                environment[source.Prefix + key] = value;
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            environment[variable.Name] = variable.ValueFrom switch
            {
                null => variable.Value ?? "",
                { FieldRef: { } field } => pod.Field(field.FieldPath),
                { ConfigMapKeyRef: { } key } => overlay.ConfigMap(key.Name).Data[key.Key],
                { SecretKeyRef: { } key } => secret(key.Name, key.Key),
                _ => throw new NotSupportedException($"{container.Name}: env {variable.Name} has a valueFrom this test kubelet does not resolve."),
            };
        }

        return environment;
    }

    /// <summary>Every variable name the container gets: its <c>env</c> and the keys of the ConfigMaps of its <c>envFrom</c>.</summary>
    public static IEnumerable<string> Names(RenderedOverlay overlay, V1Container container)
        => (container.EnvFrom ?? []).SelectMany(s => overlay.ConfigMap(s.ConfigMapRef.Name).Data.Keys.Select(k => s.Prefix + k))
            .Concat((container.Env ?? []).Select(e => e.Name));

    /// <summary>The configuration .NET builds from these variables (<c>A__B</c> is key <c>A:B</c>).</summary>
    public static IConfiguration ToConfiguration(IReadOnlyDictionary<string, string> environment)
        => new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), (string?)e.Value)))
            .Build();
}
