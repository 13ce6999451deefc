namespace OrleansAgents.Tests.Deployment;

/// <summary>
/// What the last stage of a Dockerfile gives a container: its ENTRYPOINT, ENV and WORKDIR (the image cannot be built
/// here, so the test reads them from the Dockerfile and runs the published output in their place).
/// </summary>
internal sealed record ImageConfig(IReadOnlyList<string> Entrypoint, IReadOnlyDictionary<string, string> Environment, string WorkingDirectory)
{
    public static ImageConfig Parse(string dockerfile)
    {
        // Continuation lines joined; comments dropped; only the final stage counts.
        var instructions = File.ReadAllText(dockerfile).Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        var stage = instructions.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal));
        List<string> entrypoint = [];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var workingDirectory = "/";
        foreach (var line in instructions.Skip(stage + 1))
        {
            var (instruction, rest) = (line.Split(' ', 2)[0], line.Split(' ', 2).ElementAtOrDefault(1) ?? "");
            switch (instruction)
            {
                case "ENTRYPOINT":
                    entrypoint = System.Text.Json.JsonSerializer.Deserialize<List<string>>(rest)!;
                    break;
                case "WORKDIR":
                    workingDirectory = rest.Trim();
                    break;
                case "ENV":
                    foreach (var pair in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        var (name, value) = (pair.Split('=', 2)[0], pair.Split('=', 2).ElementAtOrDefault(1) ?? "");
                        environment[name] = value;
                    }

                    break;
            }
        }

        return new(entrypoint, environment, workingDirectory);
    }
}
