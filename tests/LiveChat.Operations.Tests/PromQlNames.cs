namespace LiveChat.Operations.Tests;

using System.Text.RegularExpressions;

/// <summary>The metric names a PromQL expression reads (selectors), without functions, labels, keywords or durations.</summary>
public static partial class PromQlNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "inf", "nan",
    };

    public static IReadOnlyCollection<string> Of(string expression)
    {
        var text = StringLiteral().Replace(expression, "\"\"");
        text = LabelMatchers().Replace(text, " ");       // {label="x", ...}
        text = RangeOrSubquery().Replace(text, " ");     // [5m], [1h:1m]
        text = Grouping().Replace(text, " ");            // by (le), on (instance)
        text = TemplateVariable().Replace(text, " ");    // Grafana $variables
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match token in Identifier().Matches(text))
        {
            var name = token.Groups["name"].Value;
            var isFunction = token.Groups["call"].Success;
            if (!isFunction && !Keywords.Contains(name.ToLowerInvariant())) names.Add(name);
        }
        return names;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex RangeOrSubquery();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\$\{?\w+\}?")]
    private static partial Regex TemplateVariable();

    // An identifier not preceded by a digit or dot (numbers like 1e-9, 0.99), with whether a call follows.
    [GeneratedRegex(@"(?<![\w.])(?<name>[A-Za-z_:][A-Za-z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Identifier();
}
