using OrleansAgents.Tests.Infrastructure;

namespace OrleansAgents.Tests.Observability;

/// <summary>Prometheus' <c>promtool</c> (Debian package <c>prometheus</c>, which ./test.sh installs).</summary>
internal static class Promtool
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    /// <summary>Runs <c>promtool <paramref name="arguments"/></c> in <c>k8s/monitoring/</c>; the output holds both streams.</summary>
    public static Task<(int Exit, string Output)> RunAsync(params string[] arguments)
        => ChildCommand.RunAsync(ChildCommand.Prepare("promtool", MonitoringFiles.Folder, arguments), Limit);

    /// <summary>Runs <c>promtool check metrics</c> on <paramref name="metrics"/> (it reads the scrape from standard input).</summary>
    public static async Task<(int Exit, string Output)> CheckMetricsAsync(string metrics)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, metrics);
            return await ChildCommand.RunAsync(
                ChildCommand.Prepare("bash", MonitoringFiles.Folder, ["-c", "promtool check metrics < \"$0\"", file]), Limit);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
