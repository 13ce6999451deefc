using System.Globalization;

namespace OrleansAgents.Client.Cli.Load;

/// <summary>Durations as operators type them: <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c>, also <c>1.5s</c> and <c>250us</c>.</summary>
internal static class LoadDuration
{
    private static readonly (string Suffix, double Ticks)[] Units =
    [
        ("us", TimeSpan.TicksPerMicrosecond),
        ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute),
        ("h", TimeSpan.TicksPerHour),
    ];

    /// <summary>Parses <paramref name="text"/>; a bare number or an unknown unit is not a duration.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim().ToLowerInvariant();
        // Longest suffix first, so "ms" is not read as "m" with a trailing "s".
        foreach (var (suffix, ticks) in Units.OrderByDescending(u => u.Suffix.Length))
        {
            if (trimmed.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(trimmed[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                && number * ticks < TimeSpan.MaxValue.Ticks)
            {
                value = TimeSpan.FromTicks((long)Math.Round(number * ticks));
                return true;
            }
        }

        return false;
    }

    /// <summary>A short human form, e.g. <c>30s</c> or <c>250ms</c>.</summary>
    public static string Format(TimeSpan value) => value.TotalSeconds >= 1 && value.Ticks % TimeSpan.TicksPerSecond == 0
        ? $"{(long)value.TotalSeconds}s"
        : $"{value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)}ms";
}
