using System.Globalization;
using System.Net;
using System.Text;

namespace OrleansAgents.Client.Cli.Load;

/// <summary>A dependency-free line chart drawn as inline SVG: x is the second of the run, one polyline per series.</summary>
internal static class SvgLineChart
{
    private const int Width = 900;
    private const int Height = 280;
    private const int Left = 60;
    private const int Bottom = 30;
    private const int Top = 20;
    private const int Right = 120;

    private static readonly string[] Colors = ["#2b6cb0", "#dd6b20", "#c53030", "#2f855a"];

    /// <summary>An <c>&lt;svg id="…"&gt;</c> with axes, a legend and one <c>polyline.series</c> per entry of <paramref name="series"/>.</summary>
    public static string Render(string id, string title, string unit, IReadOnlyList<(string Name, double[] Values)> series)
    {
        var points = series.Count == 0 ? 0 : series.Max(s => s.Values.Length);
        var max = Math.Max(1e-9, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(int i) => Left + (points <= 1 ? 0 : plotWidth * i / (double)(points - 1));
        double Y(double v) => Top + plotHeight * (1 - v / max);

        var svg = new StringBuilder();
        svg.Append(Inv($"<svg id=\"{id}\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\">"));
        svg.Append(Inv($"<title>{WebUtility.HtmlEncode(title)}</title>"));
        svg.Append(Inv($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Left + plotWidth}\" y2=\"{Top + plotHeight}\" stroke=\"#555\"/>"));
        svg.Append(Inv($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotHeight}\" stroke=\"#555\"/>"));
        for (var tick = 0; tick <= 4; tick++)
        {
            var value = max * tick / 4;
            svg.Append(Inv($"<text x=\"{Left - 6}\" y=\"{Y(value) + 4:0.#}\" text-anchor=\"end\" font-size=\"11\">{value:0.#}</text>"));
        }

        svg.Append(Inv($"<text x=\"{Left}\" y=\"{Height - 6}\" font-size=\"11\">0 s</text>"));
        svg.Append(Inv($"<text x=\"{Left + plotWidth}\" y=\"{Height - 6}\" text-anchor=\"end\" font-size=\"11\">{Math.Max(0, points - 1)} s</text>"));
        svg.Append(Inv($"<text x=\"4\" y=\"{Top - 6}\" font-size=\"11\">{WebUtility.HtmlEncode(unit)}</text>"));
        for (var s = 0; s < series.Count; s++)
        {
            var (name, values) = series[s];
            var color = Colors[s % Colors.Length];
            var coordinates = string.Join(' ', values.Select((v, i) => Inv($"{X(i):0.#},{Y(v):0.#}")));
            svg.Append(Inv($"<polyline class=\"series\" data-series=\"{WebUtility.HtmlEncode(name)}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{coordinates}\"/>"));
            var legendY = Top + 16 * s + 8;
            svg.Append(Inv($"<line x1=\"{Width - Right + 10}\" y1=\"{legendY}\" x2=\"{Width - Right + 30}\" y2=\"{legendY}\" stroke=\"{color}\" stroke-width=\"2\"/>"));
            svg.Append(Inv($"<text x=\"{Width - Right + 36}\" y=\"{legendY + 4}\" font-size=\"12\">{WebUtility.HtmlEncode(name)}</text>"));
        }

        return svg.Append("</svg>").ToString();
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
