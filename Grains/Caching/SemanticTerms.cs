using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace OrleansAgents.Caching;

/// <summary>
/// The guard of the semantic cache (<see cref="SemanticGuardMode.Terms"/>): an embedding's cosine cannot tell "enable
/// TLS" from "disable TLS", port 8080 from 8081, or "with retries" from "without retries" — sentence encoders place
/// such pairs at 0.97–0.99, above any useful threshold. So a similar request may reuse a cached answer only when its
/// terms are the cached request's terms in the same order: case, punctuation, spacing and courtesy words aside, with at
/// most one slip of the keyboard in a long word. Numbers, versions, names and negations must match exactly.
/// </summary>
internal static partial class SemanticTerms
{
    // Words that never change what is asked: courtesy, hesitation, articles. Negations and quantifiers are not here.
    private static readonly FrozenSet<string> Fillers = FrozenSet.ToFrozenSet(
    [
        "a", "an", "the", "please", "pls", "plz", "kindly", "hey", "hi", "hello", "thanks", "thank", "thx", "you", "quick",
        "question", "just", "um", "uh", "ok", "okay", "so", "btw",
    ], StringComparer.Ordinal);

    /// <summary>The terms of <paramref name="text"/>, in order: lower-cased words and numbers, fillers left out.</summary>
    public static string[] Of(string text)
    {
        var terms = new List<string>();
        foreach (var match in Term().EnumerateMatches(text))
        {
            var term = text.Substring(match.Index, match.Length).ToLowerInvariant();
            if (!Fillers.Contains(term))
            {
                terms.Add(term);
            }
        }

        return [.. terms];
    }

    /// <summary>Whether two requests' terms agree: pairwise equal, or a one-character slip in a word of five letters or more.</summary>
    public static bool Agree(string[] cached, string[] request)
    {
        if (cached.Length != request.Length)
        {
            return false;
        }

        for (var i = 0; i < cached.Length; i++)
        {
            if (!string.Equals(cached[i], request[i], StringComparison.Ordinal) && !IsSlip(cached[i], request[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One substitution, insertion, deletion or swap of adjacent letters, in words of letters only.</summary>
    internal static bool IsSlip(string a, string b)
    {
        if (Math.Min(a.Length, b.Length) < 5 || Math.Abs(a.Length - b.Length) > 1 || !a.All(char.IsLetter) || !b.All(char.IsLetter))
        {
            return false;
        }

        var start = 0;
        while (start < a.Length && start < b.Length && a[start] == b[start])
        {
            start++;
        }

        var (endA, endB) = (a.Length, b.Length);
        while (endA > start && endB > start && a[endA - 1] == b[endB - 1])
        {
            (endA, endB) = (endA - 1, endB - 1);
        }

        var (restA, restB) = (endA - start, endB - start);
        return (restA, restB) switch
        {
            (<= 1, <= 1) => true, // one substitution, insertion or deletion
            (2, 2) => a[start] == b[start + 1] && a[start + 1] == b[start], // adjacent letters swapped
            _ => false,
        };
    }

    // Runs of letters and digits, kept whole across inner dots, colons, slashes, dashes, underscores and apostrophes,
    // so that "2.3.1", "api:v2", "can't" and "user_id" are one term each.
    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’.:/_-][\p{L}\p{N}]+)*")]
    private static partial Regex Term();
}
