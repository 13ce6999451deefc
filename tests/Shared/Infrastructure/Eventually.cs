using System.Diagnostics;

namespace OrleansAgents.Tests.Infrastructure;

/// <summary>
/// Waits for a background effect (a write, a join, a flush) with a bound in real time: synchronisation, not a timing
/// assertion. A bound counted in attempts or yields is reached in milliseconds on a fast idle machine and too soon on a
/// loaded one, which is how such waits become flaky.
/// </summary>
internal static class Eventually
{
    /// <summary>The default bound: far beyond any healthy wait, short enough to fail a broken test promptly.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes; returns its last value.</summary>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await condition())
        {
            if (Stopwatch.GetElapsedTime(started) >= (timeout ?? DefaultTimeout))
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }
}
