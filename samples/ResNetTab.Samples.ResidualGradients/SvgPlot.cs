using System.Globalization;
using System.Text;

namespace ResNetTab.Samples.ResidualGradients;

/// <summary>A minimal SVG line plot with a logarithmic y axis.</summary>
internal static class SvgPlot
{
    public static string LogLines(string title, string xLabel, string yLabel, IReadOnlyList<(string name, string colour, double[] values)> series)
    {
        const double width = 720, height = 440, left = 80, right = 170, top = 50, bottom = 60;
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        var n = series.Max(s => s.values.Length);
        var positive = series.SelectMany(s => s.values).Where(v => v > 0).ToArray();
        var lo = Math.Floor(Math.Log10(positive.Min()));
        var hi = Math.Ceiling(Math.Log10(positive.Max()));
        if (hi <= lo) hi = lo + 1;

        string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        double X(int i) => left + (n == 1 ? plotW / 2 : plotW * i / (n - 1));
        double Y(double v) => top + plotH * (hi - Math.Log10(Math.Max(v, Math.Pow(10, lo)))) / (hi - lo);

        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(width)}\" height=\"{F(height)}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<rect width=\"{F(width)}\" height=\"{F(height)}\" fill=\"white\"/>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{F(left + plotW / 2)}\" y=\"28\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>");
        for (var e = (int)lo; e <= (int)hi; e++)
        {
            var y = Y(Math.Pow(10, e));
            svg.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{F(left)}\" y1=\"{F(y)}\" x2=\"{F(left + plotW)}\" y2=\"{F(y)}\" stroke=\"#ddd\"/>");
            svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{F(left - 8)}\" y=\"{F(y + 4)}\" text-anchor=\"end\">1e{e}</text>");
        }
        for (var i = 0; i < n; i++)
            svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{F(X(i))}\" y=\"{F(top + plotH + 18)}\" text-anchor=\"middle\">{i + 1}</text>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<rect x=\"{F(left)}\" y=\"{F(top)}\" width=\"{F(plotW)}\" height=\"{F(plotH)}\" fill=\"none\" stroke=\"#333\"/>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{F(left + plotW / 2)}\" y=\"{F(height - 16)}\" text-anchor=\"middle\">{Escape(xLabel)}</text>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"20\" y=\"{F(top + plotH / 2)}\" text-anchor=\"middle\" transform=\"rotate(-90 20 {F(top + plotH / 2)})\">{Escape(yLabel)}</text>");

        var legendY = top + 10;
        foreach (var (name, colour, values) in series)
        {
            var points = string.Join(" ", values.Select((v, i) => $"{F(X(i))},{F(Y(v))}"));
            svg.AppendLine(CultureInfo.InvariantCulture, $"<polyline points=\"{points}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>");
            foreach (var (v, i) in values.Select((v, i) => (v, i)))
                svg.AppendLine(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(i))}\" cy=\"{F(Y(v))}\" r=\"3\" fill=\"{colour}\"/>");
            svg.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{F(left + plotW + 15)}\" y1=\"{F(legendY)}\" x2=\"{F(left + plotW + 40)}\" y2=\"{F(legendY)}\" stroke=\"{colour}\" stroke-width=\"2\"/>");
            svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{F(left + plotW + 46)}\" y=\"{F(legendY + 4)}\">{Escape(name)}</text>");
            legendY += 20;
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
