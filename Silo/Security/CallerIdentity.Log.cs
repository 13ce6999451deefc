namespace OrleansAgents.Silo.Security;

internal sealed partial class CallerIdentity
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Caller {Client} (scope agents.impersonate) acts for tenant {Tenant}, user {UserId}")]
        public static partial void Impersonating(ILogger logger, string client, string? tenant, string? userId);
    }
}
