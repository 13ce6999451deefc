using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using OrleansAgents.Agents;

namespace OrleansAgents.Caching;

/// <summary>
/// Builds cache keys: <c>oa:v1:{agent}:m{model}:g{generation}:{sha256(text)}:{userTier}:{public|private}:{scope}[:t{bucket}]</c>.
/// The model is the agent's embedding model, so an answer computed with one model (say the int8 variant) is never
/// served as another's, in L1, L2 or request coalescing, and the semantic cache's scope (the key without the text hash)
/// only ever compares embeddings of one model.
/// The text is normalised first (trim, Unicode NFC, whitespace runs collapsed to one space). For a private request the
/// scope is a hash of tenant and user, so a private answer can only ever be found by that same tenant and user, and no
/// identity appears in Redis in clear.
/// </summary>
internal static class CacheKeyBuilder
{
    public const string DefaultUserTier = "standard";

    public static CacheKey Build(string agent, string model, long generation, AgentRequest request, AgentProfile profile, DateTimeOffset now, TimeSpan timeBucket)
    {
        var tier = request.UserTier ?? DefaultUserTier;
        var scope = request.Sensitivity == Sensitivity.Private
            ? $"private:{ScopeHash(request.Tenant ?? "", request.UserId ?? "")}"
            : "public:all";
        var bucket = profile.TimeSensitive ? $":t{now.ToUnixTimeSeconds() / (long)timeBucket.TotalSeconds}" : "";
        var prefix = $"oa:v1:{agent}:m{ModelSegment(model)}:g{generation}";
        var suffix = $"{tier}:{scope}{bucket}";
        return new CacheKey($"{prefix}:{TextHash(request.Text)}:{suffix}", $"{prefix}:{suffix}");
    }

    /// <summary>Trim, NFC, and every run of whitespace as one space.</summary>
    public static string Normalize(string text)
    {
        var nfc = text.Trim().Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(nfc.Length);
        var pendingSpace = false;
        foreach (var c in nfc)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    public static string TextHash(string text)
    {
        var normalized = Normalize(text);
        var max = Encoding.UTF8.GetMaxByteCount(normalized.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = Encoding.UTF8.GetBytes(normalized, buffer);
            return Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A model name as it is (names are plain tokens); a path (Inference:ModelPath) as a hash of it.</summary>
    public static string ModelSegment(string model)
        => model.Length > 0 && model.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
            ? model
            : "h" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(model)))[..16];

    private static string ScopeHash(string tenant, string user)
    {
        // Length-prefixed so that ("a:b", "c") and ("a", "b:c") differ.
        var material = $"{tenant.Length}:{tenant}|{user.Length}:{user}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)))[..32];
    }
}
