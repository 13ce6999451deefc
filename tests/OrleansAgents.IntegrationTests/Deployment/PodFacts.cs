using k8s.Models;

namespace OrleansAgents.Tests.Deployment;

/// <summary>What a kubelet knows about a pod and hands to its containers through the downward API.</summary>
internal sealed record PodFacts(string Name, string Namespace, string IP, IDictionary<string, string> Labels)
{
    /// <summary>A pod of <paramref name="deployment"/> named <paramref name="name"/> with address <paramref name="ip"/>.</summary>
    public static PodFacts Of(V1Deployment deployment, string name, string ip)
        => new(name, deployment.Metadata.NamespaceProperty, ip, deployment.Spec.Template.Metadata.Labels);

    /// <summary>The value of a downward-API <c>fieldRef</c>.</summary>
    public string Field(string path)
    {
        const string labelPrefix = "metadata.labels['";
        return path switch
        {
            "metadata.name" => Name,
            "metadata.namespace" => Namespace,
            "status.podIP" => IP,
            _ when path.StartsWith(labelPrefix, StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal)
                => Labels.TryGetValue(path[labelPrefix.Length..^2], out var value)
                    ? value
                    : throw new InvalidOperationException($"fieldRef {path}: the pod template has no such label."),
            _ => throw new NotSupportedException($"fieldRef {path} is not one this test kubelet resolves."),
        };
    }
}
