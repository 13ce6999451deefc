using Npgsql;

namespace OrleansAgents.RequestLog;

/// <summary>Answers latency percentiles, volume, error rate and hit ratio of an agent from the request log.</summary>
internal sealed class RequestLogStats(NpgsqlDataSource dataSource, TimeProvider time) : IAgentStatsSource
{
    /// <summary>Longest window the stats endpoint accepts.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(31);

    public async Task<AgentStats> GetAsync(string agent, TimeSpan window, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT count(*),
                   coalesce(avg(CASE WHEN outcome <> 'ok' THEN 1.0 ELSE 0.0 END), 0),
                   coalesce(avg(CASE WHEN cache_layer <> 'none' OR coalesced THEN 1.0 ELSE 0.0 END), 0),
                   percentile_cont(0.50) WITHIN GROUP (ORDER BY total_ms),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY total_ms),
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY total_ms),
                   count(*) FILTER (WHERE outcome <> 'ok')
            FROM request_log
            WHERE agent = $1 AND created_at >= $2
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(agent);
        command.Parameters.AddWithValue((time.GetUtcNow() - window).UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        double? Nullable(int i) => reader.IsDBNull(i) ? null : Math.Round(reader.GetDouble(i), 3);
        return new AgentStats(
            agent,
            window,
            reader.GetInt64(0),
            Math.Round((double)reader.GetDecimal(1), 4),
            Math.Round((double)reader.GetDecimal(2), 4),
            Nullable(3),
            Nullable(4),
            Nullable(5),
            reader.GetInt64(6),
            AgentStats.PostgresSource);
    }

    /// <summary>Parses windows like <c>15m</c>, <c>1h</c>, <c>7d</c> (up to 31 days).</summary>
    public static bool TryParseWindow(string? text, out TimeSpan window)
    {
        window = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length < 2
            || !int.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.None, null, out var amount) || amount <= 0)
        {
            return false;
        }

        window = char.ToLowerInvariant(text[^1]) switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            'd' => TimeSpan.FromDays(amount),
            _ => TimeSpan.Zero,
        };
        return window > TimeSpan.Zero && window <= MaxWindow;
    }
}
