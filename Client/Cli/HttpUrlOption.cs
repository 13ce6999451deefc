using System.CommandLine;

namespace OrleansAgents.Client.Cli;

/// <summary>The <c>--url</c> option of the commands that talk to a silo's HTTP API.</summary>
internal static class HttpUrlOption
{
    public static Option<Uri> Create() => new("--url")
    {
        Description = "Silo HTTP address.",
        DefaultValueFactory = _ => new Uri("http://127.0.0.1:8080"),
        // System.CommandLine has no built-in Uri conversion; an absolute http(s) address or a clear parse error.
        CustomParser = result =>
        {
            var value = result.Tokens.Single().Value;
            if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                return uri;
            }

            result.AddError($"--url '{value}' is not an absolute http(s) address, e.g. http://127.0.0.1:8080.");
            return null;
        },
    };
}
