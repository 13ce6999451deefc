using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansAgents.Inference;
using OrleansAgents.Silo.Hosting;

namespace OrleansAgents.Tests.Deployment;

/// <summary>
/// Whether an environment variable a manifest sets is read by the silo: a known framework or Kubernetes variable, or
/// <c>Section__Property…</c> naming a property of one of the silo's options classes (found by their <c>SectionName</c>).
/// </summary>
internal static class OptionKeys
{
    private static readonly HashSet<string> FrameworkVariables =
    [
        "ASPNETCORE_URLS", // Kestrel's listen addresses (configuration key "urls")
        "XDG_CACHE_HOME", // InferenceOptions' default cache root
        "POD_NAME", "POD_NAMESPACE", "POD_IP", // Orleans' Kubernetes hosting
    ];

    private static readonly string[] FrameworkSections = ["ConnectionStrings", "Logging"];

    private static readonly Dictionary<string, Type> Sections = Discover();

    /// <summary>Null when <paramref name="variable"/> binds to something the silo reads; otherwise why not.</summary>
    public static string? Explain(string variable)
    {
        var path = variable.Split("__");
        if (FrameworkVariables.Contains(variable) || (path.Length > 1 && FrameworkSections.Contains(path[0])))
        {
            return null;
        }

        var section = Sections.Keys
            .Where(s => s.Split(':') is var segments && segments.Length < path.Length && segments.SequenceEqual(path[..segments.Length], StringComparer.OrdinalIgnoreCase))
            .MaxBy(s => s.Length);
        if (section is null)
        {
            return $"{variable}: no options class has section '{path[0]}'.";
        }

        var type = Sections[section];
        foreach (var segment in path[section.Split(':').Length..])
        {
            if (ElementType(type) is { } element)
            {
                if (!int.TryParse(segment, out _))
                {
                    return $"{variable}: '{segment}' is not an index into {type.Name}.";
                }

                type = element;
                continue;
            }

            var property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite && ElementType(property.PropertyType) is null)
            {
                return $"{variable}: {type.Name} has no settable property '{segment}'.";
            }

            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }

        return IsScalar(type) ? null : $"{variable}: ends on {type.Name}, not on a value.";
    }

    private static Type? ElementType(Type type)
        => type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) ? null
            : type.IsArray ? type.GetElementType()
            : type.GetGenericArguments() is [var element] ? element : null;

    private static bool IsScalar(Type type)
        => type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || type == typeof(decimal);

    private static Dictionary<string, Type> Discover()
    {
        var sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase)
        {
            [ShutdownOptionsValidator.SectionName] = typeof(HostOptions),
            [OrleansAgents.Silo.Hosting.SiloBuilderExtensions.MembershipSectionName] = typeof(ClusterMembershipOptions),
        };
        foreach (var type in typeof(SiloClusterOptions).Assembly.GetTypes().Concat(typeof(InferenceOptions).Assembly.GetTypes()))
        {
            if (type.Name.EndsWith("Options", StringComparison.Ordinal)
                && type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() is string name)
            {
                sections[name] = type;
            }
        }

        return sections;
    }
}
