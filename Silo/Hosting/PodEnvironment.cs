namespace OrleansAgents.Silo.Hosting;

/// <summary>
/// What a Kubernetes pod tells the process through environment variables: the downward-API values the manifests set,
/// the API server address the kubelet injects, and Orleans' own cluster identity variables.
/// </summary>
internal sealed record PodEnvironment(
    string? PodName,
    string? PodNamespace,
    string? PodIP,
    string? ApiServerHost,
    string? ClusterId,
    string? ServiceId)
{
    public const string PodNameVariable = "POD_NAME";
    public const string PodNamespaceVariable = "POD_NAMESPACE";
    public const string PodIPVariable = "POD_IP";
    public const string ApiServerHostVariable = "KUBERNETES_SERVICE_HOST";

    /// <summary>Read by Orleans' Kubernetes hosting itself, which would override <c>ClusterOptions.ClusterId</c> with it.</summary>
    public const string ClusterIdVariable = "ORLEANS_CLUSTER_ID";

    /// <summary>Read by Orleans' Kubernetes hosting itself, which would override <c>ClusterOptions.ServiceId</c> with it.</summary>
    public const string ServiceIdVariable = "ORLEANS_SERVICE_ID";

    /// <summary>Not in a pod: no variable set.</summary>
    public static PodEnvironment None { get; } = new(null, null, null, null, null, null);

    /// <summary>The variables of this process (Orleans' Kubernetes hosting reads the same ones from the process).</summary>
    public static PodEnvironment FromProcess() => From(Environment.GetEnvironmentVariable);

    /// <summary>The variables as <paramref name="read"/> returns them; blank counts as unset.</summary>
    public static PodEnvironment From(Func<string, string?> read)
    {
        string? Value(string name) => read(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        return new(
            Value(PodNameVariable),
            Value(PodNamespaceVariable),
            Value(PodIPVariable),
            Value(ApiServerHostVariable),
            Value(ClusterIdVariable),
            Value(ServiceIdVariable));
    }
}
