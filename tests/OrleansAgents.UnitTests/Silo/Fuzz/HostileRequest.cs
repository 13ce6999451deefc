using System.Net.Http.Headers;
using System.Text;
using CsCheck;

namespace OrleansAgents.Tests.Silo.Fuzz;

/// <summary>One generated HTTP request: any method, a path under <c>/api</c>, any body, content type and extra headers.</summary>
internal sealed record HostileRequest(HttpMethod Method, string Path, byte[]? Body, string? ContentType, (string Name, string Value)[] Headers)
{
    private static readonly HttpMethod[] Methods =
        [HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Head, HttpMethod.Options, new("PROPFIND")];

    private static readonly Gen<string> AgentName = Gen.Frequency(
        (8, Gen.OneOf("semgrep", "semgrep-security-analyzer", "SEMGREP")),
        (3, Gen.OneOf("semgrep", "semgrep-security-analyzer", "SEMGREP", " semgrep ", "nope", "..", "%2e%2e", "a%2Fb", "%00", "%0A%0D")),
        (2, HostileJson.Text.Select(t => Uri.EscapeDataString(t.Length > 2_000 ? t[..2_000] : t)).Where(t => t.Length is > 0 and < 6_000)),
        (1, Gen.Int[1_000, 5_000].Select(n => new string('a', n))));

    private static readonly Gen<string> Query = HostileJson.Text.Select(t => Uri.EscapeDataString(t.Length > 500 ? t[..500] : t));

    /// <summary>Paths of every endpoint with hostile parameters and the method it takes, and random ones under <c>/api</c>.</summary>
    private static readonly Gen<(string Path, HttpMethod Method)> Paths = Gen.Frequency(
        (8, AgentName.Select(n => ($"/api/agents/{n}/invoke", HttpMethod.Post))),
        (3, Gen.Const(("/api/tasks", HttpMethod.Post))),
        (1, AgentName.Select(n => ($"/api/agents/{n}", HttpMethod.Get))),
        (1, AgentName.Select(n => ($"/api/agents/{n}/profile", HttpMethod.Put))),
        (1, AgentName.Select(n => ($"/api/agents/{n}/cache", HttpMethod.Delete))),
        // A window that parses would reach the request log, which this silo has not configured (a 503 by design).
        (1, Gen.Select(AgentName, Query.Where(w => !OrleansAgents.RequestLog.RequestLogStats.TryParseWindow(Uri.UnescapeDataString(w), out _)),
            (n, w) => ($"/api/agents/{n}/stats?window={w}", HttpMethod.Get))),
        (1, Gen.Select(Query, Query, (c, u) => ($"/api/tasks/{(c.Length == 0 ? "x" : c)}/scores?userId={u}", HttpMethod.Get))),
        (2, Gen.OneOf(Gen.OneOf("agents", "tasks", "invoke", "scores", "cache", "profile", "..", "%00", "api", "health"), Query.Where(q => q.Length > 0))
            .Array[0, 5].Select(segments => ("/api/" + string.Join('/', segments), HttpMethod.Post))));

    private static readonly Gen<string?> ContentTypes = Gen.OneOf<string?>(
        "application/json", "application/json; charset=utf-8", "text/plain", "application/json; charset=utf-16", "application/xml",
        "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "*/*", "application/problem+json", null);

    /// <summary>Extra headers, some very long (under Kestrel's 32 KB header limit, which it enforces before the app).</summary>
    private static readonly Gen<(string, string)[]> HeaderSets = Gen.Select(
        Gen.OneOf("X-Request-Id", "X-Api-Key", "Authorization", "Accept", "X-Tenant", "X-Forwarded-For", "User-Agent", "X-Fuzz"),
        Gen.Frequency(
            (3, Gen.Char[' ', '~'].Array[0, 200].Select(c => new string(c))),
            (1, Gen.Int[1_000, 9_000].Select(n => new string('k', n))),
            // Non-ASCII: UTF-8 bytes sent as they are (Kestrel reads them), now and then bytes that are not UTF-8.
            (1, Gen.String.Select(t => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(t))).Where(t => !t.Any(char.IsControl))),
            (1, Gen.Frequency((9, Gen.Const("")), (1, Gen.Char['\u00a0', '\u00ff'].Array[1, 50].Select(c => new string(c)))))))
        .Array[0, 3];

    public static readonly Gen<HostileRequest> Any = Gen.Select(
        // The endpoint's own method most of the time, any other now and then.
        Gen.Select(Paths, Gen.Frequency((6, Gen.Const((HttpMethod?)null)), (1, Gen.OneOf(Methods).Select(m => (HttpMethod?)m))))
            .Select((target, other) => (target.Path, Method: other ?? target.Method)),
        Gen.Frequency((9, HostileJson.Body.Select(b => (byte[]?)b)), (1, Gen.Const((byte[]?)null))),
        ContentTypes,
        HeaderSets,
        (target, body, type, headers) => new HostileRequest(target.Method, target.Path, body, type, headers));

    /// <summary>
    /// The status Kestrel itself refuses this request with, before any middleware runs, or null: 400 for an encoded NUL
    /// in the path as sent (after the client removed dot segments) or a header value whose bytes (sent as Latin-1) are
    /// not valid UTF-8, which Kestrel decodes header values as; 414 for a
    /// request line over its 8 KB limit.
    /// </summary>
    public int? KestrelRejection
    {
        get
        {
            var uri = new Uri(new Uri("http://127.0.0.1"), Path);
            if (uri.AbsolutePath.Contains("%00", StringComparison.Ordinal)
                || Headers.Any(h => !System.Text.Unicode.Utf8.IsValid(Encoding.Latin1.GetBytes(h.Value))))
            {
                return 400;
            }

            return Method.Method.Length + uri.PathAndQuery.Length + " HTTP/1.1\r\n".Length > 8 * 1024 ? 414 : null;
        }
    }

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Path);
        if (Body is not null && Method != HttpMethod.Get && Method != HttpMethod.Head)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return message;
    }

    public override string ToString()
    {
        var body = Body is null ? "(none)" : Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 300)));
        var path = Path.Length > 300 ? Path[..150] + "…" + Path[^150..] : Path;
        var headers = string.Join(", ", Headers.Select(h => $"{h.Name}: {(h.Value.Length > 40 ? $"{h.Value[..40]}… ({h.Value.Length})" : h.Value)}"));
        return $"{Method} {path} [{ContentType}] {{{headers}}} {Body?.Length ?? 0} bytes: {body}";
    }
}
