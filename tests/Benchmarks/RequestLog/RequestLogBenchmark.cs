using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansAgents.Diagnostics;
using OrleansAgents.Persistence;
using OrleansAgents.RequestLog;

namespace OrleansAgents.Benchmarks.RequestLog;

/// <summary>
/// <c>requestlog [--json FILE] [--rows N] [--connection CS]</c>: rows/s into the request log by the production path
/// (batched binary COPY + merge, 500-row batches) against one INSERT per row, in a private schema of the PostgreSQL the
/// test script starts (<c>ConnectionStrings__Postgres</c> or <c>ORLEANS_AGENTS_TEST_POSTGRES</c>). It also measures the
/// acknowledged path (callers waiting for their row's group commit): rows/s and the wait per row.
/// </summary>
internal static class RequestLogBenchmark
{
    public static async Task<int> RunAsync(string? json, int rows, string? connectionString)
    {
        var connection = connectionString
            ?? Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? Environment.GetEnvironmentVariable("ORLEANS_AGENTS_TEST_POSTGRES")
            ?? "Host=127.0.0.1;Port=5432;Username=orleans_agents;Password=orleans_agents_test;Database=orleans_agents_test";
        var schema = $"bench_{Guid.NewGuid():N}";
        await ExecuteAsync(connection, $"CREATE SCHEMA {schema}");
        var scoped = new NpgsqlConnectionStringBuilder(connection) { SearchPath = schema }.ConnectionString;
        try
        {
            // The schema as the silos migrate it (the request log's table and indexes are in 0003, 0004 drops its unused view).
            await new DatabaseMigrator(NullLogger<DatabaseMigrator>.Instance).MigrateAsync(scoped, CancellationToken.None);
            var entries = Enumerable.Range(0, rows).Select(i => new RequestLogEntry(
                $"bench-{i}", $"agent-{i % 131}", "medium", $"user-{i % 97}", "tenant", "ok", i % 4 == 0 ? "l1" : "none", false, 16, 1.2, 3.4, 5.6,
                DateTimeOffset.UtcNow)).ToList();

            using var dataSource = RequestLogServiceCollectionExtensions.CreateDataSource(scoped);
            using var log = new PostgresRequestLog(
            dataSource, Options.Create(new RequestLogOptions()), new RequestLogInstruments(BenchmarkMeters.Factory), TimeProvider.System, NullLogger<PostgresRequestLog>.Instance);
            var started = Stopwatch.GetTimestamp();
            foreach (var chunk in entries.Chunk(new RequestLogOptions().BatchSize))
            {
                await log.WriteAsync(chunk, CancellationToken.None);
            }

            var copySeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            await ExecuteAsync(scoped, "TRUNCATE request_log");

            started = Stopwatch.GetTimestamp();
            await using (var conn = await dataSource.OpenConnectionAsync())
            {
                foreach (var e in entries)
                {
                    await using var insert = new NpgsqlCommand(
                        "INSERT INTO request_log (request_id, agent, tier, user_id, tenant, outcome, cache_layer, coalesced, batch_size, queue_ms, inference_ms, total_ms, created_at) " +
                        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (request_id) DO NOTHING", conn);
                    foreach (var value in new object[] { e.RequestId, e.Agent, e.Tier, e.UserId!, e.Tenant!, e.Outcome, e.CacheLayer, e.Coalesced, e.BatchSize, e.QueueMs, e.InferenceMs, e.TotalMs, e.CreatedAt.UtcDateTime })
                    {
                        insert.Parameters.AddWithValue(value);
                    }

                    await insert.ExecuteNonQueryAsync();
                }
            }

            var insertSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            await ExecuteAsync(scoped, "TRUNCATE request_log");
            var (ackRowsPerSecond, ackP50, ackP99) = await AcknowledgedAsync(dataSource, entries);
            var report = new Dictionary<string, double>
            {
                ["rows"] = rows,
                ["copyRowsPerSecond"] = Math.Round(rows / copySeconds),
                ["insertRowsPerSecond"] = Math.Round(rows / insertSeconds),
                ["copyOverInsert"] = Math.Round(insertSeconds / copySeconds, 2),
                ["acknowledgedCallers"] = AcknowledgedCallers,
                ["acknowledgedRowsPerSecond"] = Math.Round(ackRowsPerSecond),
                ["acknowledgedP50Ms"] = Math.Round(ackP50, 2),
                ["acknowledgedP99Ms"] = Math.Round(ackP99, 2),
            };
            foreach (var (key, value) in report)
            {
                Console.WriteLine($"{key,-26} {value}");
            }

            if (json is not null)
            {
                await File.WriteAllTextAsync(json, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
                Console.WriteLine($"wrote {json}");
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(connection, $"DROP SCHEMA IF EXISTS {schema} CASCADE");
        }

        return 0;
    }

    private const int AcknowledgedCallers = 64;

    /// <summary>
    /// The path a successful request takes with <c>RequestLog:Acknowledge</c> on: <see cref="AcknowledgedCallers"/>
    /// concurrent callers each append a row and wait for its commit (group commit), then append the next.
    /// </summary>
    private static async Task<(double RowsPerSecond, double P50Ms, double P99Ms)> AcknowledgedAsync(NpgsqlDataSource dataSource, List<RequestLogEntry> entries)
    {
        using var log = new PostgresRequestLog(
            dataSource, Options.Create(new RequestLogOptions()), new RequestLogInstruments(BenchmarkMeters.Factory), TimeProvider.System, NullLogger<PostgresRequestLog>.Instance);
        await log.StartAsync(CancellationToken.None);
        var waits = new double[entries.Count];
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, AcknowledgedCallers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < entries.Count; i = Interlocked.Increment(ref next))
            {
                var t = Stopwatch.GetTimestamp();
                await log.AppendAcknowledgedAsync(entries[i] with { RequestId = $"ack-{i}" });
                waits[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            }
        })));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await log.StopAsync(CancellationToken.None);
        Array.Sort(waits);
        return (entries.Count / seconds, waits[waits.Length / 2], waits[(int)(waits.Length * 0.99)]);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
