namespace OrleansAgents.Silo.Security;

/// <summary>
/// Where a request carries its credential. An API key comes as <c>X-Api-Key: KEY</c>, <c>Authorization: ApiKey KEY</c>,
/// or <c>Authorization: Bearer KEY</c> when KEY is not a JWT (a JWT has exactly two dots: header.payload.signature).
/// </summary>
internal static class ApiKeyCredentials
{
    public const string HeaderName = "X-Api-Key";

    /// <summary>The API key the request presents, or null when it presents none (or presents a JWT).</summary>
    public static string? Read(HttpRequest request)
    {
        if (request.Headers[HeaderName].FirstOrDefault() is { Length: > 0 } header)
        {
            return header.Trim();
        }

        var authorization = request.Headers.Authorization.FirstOrDefault();
        if (TryScheme(authorization, "ApiKey", out var key))
        {
            return key;
        }

        return TryScheme(authorization, "Bearer", out var bearer) && !LooksLikeJwt(bearer) ? bearer : null;
    }

    /// <summary>Whether the request carries a bearer token shaped like a JWT.</summary>
    public static bool PresentsJwt(HttpRequest request)
        => request.Headers[HeaderName].Count == 0
           && TryScheme(request.Headers.Authorization.FirstOrDefault(), "Bearer", out var token) && LooksLikeJwt(token);

    private static bool LooksLikeJwt(string token) => token.Count(c => c == '.') == 2;

    private static bool TryScheme(string? authorization, string scheme, out string value)
    {
        value = "";
        if (authorization is null || authorization.Length <= scheme.Length + 1
            || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || authorization[scheme.Length] != ' ')
        {
            return false;
        }

        value = authorization[(scheme.Length + 1)..].Trim();
        return value.Length > 0;
    }
}
