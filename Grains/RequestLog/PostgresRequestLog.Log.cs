using Microsoft.Extensions.Logging;

namespace OrleansAgents.RequestLog;

/// <summary>Log messages of <see cref="PostgresRequestLog"/>.</summary>
internal sealed partial class PostgresRequestLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Request log buffer full ({Capacity} rows): {Dropped} row(s) dropped so far")]
    private static partial void LogDropped(ILogger logger, long dropped, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request log: writing {Count} row(s) failed ({Error}); buffering and retrying")]
    private static partial void LogWriteFailed(ILogger logger, int count, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request log: {Count} row(s) written after {Attempts} attempts")]
    private static partial void LogRecovered(ILogger logger, int count, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request log: {Count} row(s) lost at shutdown: {Error}")]
    private static partial void LogShutdownLoss(ILogger logger, int count, string error);
}
