using System.Text.RegularExpressions;

namespace OrleansAgents.Tests.Observability;

/// <summary>The metric names a PromQL expression reads, found without a full parser: what is left once strings, label
/// matchers, ranges, grouping clauses, functions and keywords are taken out.</summary>
internal static partial class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan",
    };

    public static IReadOnlySet<string> MetricNames(string expression)
    {
        var rest = Strings().Replace(expression, " ");
        rest = Matchers().Replace(rest, " ");
        rest = Ranges().Replace(rest, " ");
        rest = Grouping().Replace(rest, " ");
        return Identifiers().Matches(rest)
            .Where(m => !Keywords.Contains(m.Value) && !IsCall(rest, m.Index + m.Length))
            .Select(m => m.Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static bool IsCall(string text, int after)
    {
        while (after < text.Length && char.IsWhiteSpace(text[after]))
        {
            after++;
        }

        return after < text.Length && text[after] == '(';
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifiers();
}
