using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OrleansAgents.Silo.Security;

/// <summary>
/// The configured keys, held as SHA-256 digests and matched in constant time: every entry is compared whatever the
/// outcome, and digests have one length, so neither timing nor length says how close a guess came.
/// </summary>
internal sealed class ApiKeyStore(IOptionsMonitor<SecurityOptions> options)
{
    private (SecurityOptions Source, Entry[] Entries) _cache;

    /// <summary>The claims of the caller whose key is <paramref name="presented"/>, or null when no key matches.</summary>
    public IReadOnlyList<Claim>? Find(string presented)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        IReadOnlyList<Claim>? found = null;
        foreach (var entry in Entries())
        {
            if (CryptographicOperations.FixedTimeEquals(digest, entry.Digest))
            {
                found = entry.Claims;
            }
        }

        return found;
    }

    private Entry[] Entries()
    {
        var current = options.CurrentValue;
        var cache = _cache;
        if (!ReferenceEquals(cache.Source, current))
        {
            cache = (current, Build(current).ToArray());
            _cache = cache;
        }

        return cache.Entries;
    }

    private static IEnumerable<Entry> Build(SecurityOptions security)
    {
        for (var i = 0; i < security.ApiKeys.Count; i++)
        {
            yield return new(Digest(security.ApiKeys[i]), [new(AgentClaims.Client, $"admin-{i}"), .. AgentScopes.All.Select(s => new Claim(AgentClaims.Scope, s))]);
        }

        for (var i = 0; i < security.Clients.Count; i++)
        {
            var client = security.Clients[i];
            List<Claim> claims = [new(AgentClaims.Client, $"client-{i}"), new(security.Jwt.TenantClaim, client.Tenant ?? "")];
            if (!string.IsNullOrEmpty(client.UserId))
            {
                claims.Add(new(security.Jwt.UserClaim, client.UserId));
            }

            if (!string.IsNullOrEmpty(client.Tier))
            {
                claims.Add(new(AgentClaims.Tier, client.Tier));
            }

            claims.AddRange(client.Scopes.Select(s => new Claim(AgentClaims.Scope, s)));
            yield return new(Digest(client.Key ?? ""), claims);
        }
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private sealed record Entry(byte[] Digest, IReadOnlyList<Claim> Claims);
}
