using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace OrleansAgents.Tests.Silo.Fuzz;

/// <summary>Generators of hostile JSON text: every type in every field, absurd numbers, control characters, deep nesting.</summary>
internal static class HostileJson
{
    /// <summary>The fields of an invoke or task body (README), plus the routing fields and one the API does not know.</summary>
    public static readonly string[] Fields =
        ["text", "requestId", "userId", "tenant", "priority", "sensitivity", "cacheEnabled", "timeoutMs", "topK", "capability", "preferredAgent", "userTier", "Text", "unknown"];

    public static readonly Gen<string> Number = Gen.OneOf(
        Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture)),
        Gen.Double.Where(double.IsFinite).Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.OneOf(
            "1e400", "-1e400", "99999999999999999999999999999", "-9223372036854775809", "9223372036854775808", "0.5", "-0",
            "1E2", "2147483648", "-2147483649", "0", "-1", "300001", "17", "1e-400", "0x10", "NaN", "Infinity", "+1", "01"));

    /// <summary>Strings that are hostile as text: control characters, lone surrogates, very long, mixed scripts.</summary>
    public static readonly Gen<string> Text = Gen.OneOf(
        Gen.String,
        Gen.Char[(char)0, (char)31].Array[0, 40].Select(c => new string(c)),
        Gen.Char[(char)0xD800, (char)0xDFFF].Array[1, 4].Select(c => "a" + new string(c)),
        Gen.Int[1, 70_000].Select(n => new string('x', n)),
        Gen.OneOf("", " ", "\t\n", "semgrep", "private", "PUBLIC", "public", "private ", "true", "null", "hardcoded secret", "\u0000", "é\u0301", "🔥💥"));

    /// <summary>A JSON string literal for <paramref name="text"/>: escaped properly, or raw (control characters unescaped).</summary>
    public static readonly Gen<string> StringLiteral = Gen.Select(Text, Gen.Int[0, 9], (text, how) => how switch
    {
        0 => "\"" + text + "\"", // raw: control characters and quotes as they are, usually invalid JSON
        _ => JsonSerializer.Serialize(text),
    });

    public static readonly Gen<string> Scalar = Gen.Frequency(
        (3, StringLiteral),
        (3, Number),
        (1, Gen.OneOf("true", "false", "null", "tru", "nul", "'single'", "undefined")));

    /// <summary>Any JSON value up to <paramref name="depth"/> levels of arrays and objects.</summary>
    public static Gen<string> Value(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (1, Value(depth - 1).Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
            (1, Gen.Select(Gen.OneOf(Fields), Value(depth - 1)).Array[0, 4].Select(Object)));

    /// <summary>
    /// An object that has some invoke fields, each a plausible or a hostile value of any type. A short but valid
    /// <c>timeoutMs</c> is left out: its 504 would be the documented answer to a valid request, not to bad input.
    /// </summary>
    public static readonly Gen<string> InvokeObject = Gen.Select(Gen.OneOf(Fields), Gen.Frequency((2, Plausible()), (1, Value(2))))
        .Array[0, 9].Where(fields => !fields.Any(IsShortTimeout)).Select(Object);

    /// <summary>Deeply nested arrays or objects, past System.Text.Json's default depth of 64.</summary>
    public static readonly Gen<string> DeepNesting = Gen.Select(Gen.Int[60, 5_000], Gen.Bool, (depth, array) => array
        ? new string('[', depth) + new string(']', depth)
        : "{\"text\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth + 1));

    /// <summary>A body: an invoke object, any value, deep nesting, or a valid-looking body with bytes that are not UTF-8.</summary>
    public static readonly Gen<byte[]> Body = Gen.Frequency(
        (6, InvokeObject.Select(Encoding.UTF8.GetBytes)),
        (2, Value(3).Select(Encoding.UTF8.GetBytes)),
        (1, DeepNesting.Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Select(InvokeObject, InvalidUtf8, Gen.Int[0, 100], Splice)),
        (1, Gen.Byte.Array[0, 64]),
        (1, Gen.Int[60_000, 500_000].Select(n => Encoding.UTF8.GetBytes($"{{\"text\":\"{new string('x', n)}\"}}"))),
        (1, Gen.Const(Array.Empty<byte>())));

    private static Gen<byte[]> InvalidUtf8 => Gen.OneOf<byte[]>(
        [0xFF], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xFE, 0xFF]);

    private static Gen<string> Plausible() => Gen.OneOf(
        Gen.Const("\"hardcoded secret in config\""), Gen.Const("\"private\""), Gen.Const("\"alice\""), Gen.Const("3"), Gen.Const("true"),
        Gen.Const("60000"), Gen.Const("300001"), Gen.Const("0"), Gen.Const("-5"), Gen.Const("16"), Gen.Const("9"));

    private static bool IsShortTimeout((string Name, string Value) field)
        => field.Name == "timeoutMs" && long.TryParse(field.Value, CultureInfo.InvariantCulture, out var ms) && ms is > 0 and < 60_000;

    private static string Object((string Name, string Value)[] fields)
        => "{" + string.Join(",", fields.Select(f => JsonSerializer.Serialize(f.Name) + ":" + f.Value)) + "}";

    private static byte[] Splice(string json, byte[] bad, int percent)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var at = bytes.Length * percent / 100;
        return [.. bytes.AsSpan(0, at), .. bad, .. bytes.AsSpan(at)];
    }
}
