using System.Diagnostics;
using k8s.Models;

namespace OrleansAgents.Tests.Deployment;

/// <summary>A container's HTTP probe run the way the kubelet runs it: GET every period, each with the probe's timeout.</summary>
internal static class Probe
{
    /// <summary>
    /// Probes until the first success and returns how long that took; fails after <paramref name="attempts"/> failures
    /// (the startup probe's failureThreshold) or when <paramref name="container"/> exits.
    /// </summary>
    public static async Task<TimeSpan> UntilSuccessAsync(V1Probe probe, int attempts, Func<string, int> hostPort, ContainerProcess container)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(probe.TimeoutSeconds ?? 1) };
        var url = $"http://127.0.0.1:{hostPort(probe.HttpGet.Port.Value)}{probe.HttpGet.Path}";
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (container.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"the container exited ({container.ExitCode}) while probed at {url}:{Environment.NewLine}{container.Output}");
            }

            try
            {
                using var response = await http.GetAsync(url);
                if ((int)response.StatusCode is >= 200 and < 400)
                {
                    return Stopwatch.GetElapsedTime(started);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet, or too slow: a failed attempt, as for the kubelet
            }

            await Task.Delay(TimeSpan.FromSeconds(probe.PeriodSeconds ?? 10));
        }

        throw new Xunit.Sdk.XunitException($"{url} failed {attempts} probes:{Environment.NewLine}{container.Output}");
    }
}
