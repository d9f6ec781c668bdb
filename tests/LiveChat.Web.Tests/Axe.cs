namespace LiveChat.Web.Tests;

using System.Text;
using System.Text.Json;

/// <summary>
/// axe-core (npm, pinned by tests/Axe/package-lock.json, installed by scripts/install-axe.sh) run in
/// a page over the WCAG 2.1 A and AA rules. Locally a missing axe-core skips the tests that need it
/// with a clear message; in CI (CI=true) it fails them.
/// </summary>
public static class Axe
{
    public static string ScriptPath { get; } =
        Path.Combine(GatewayProcess.RepositoryRoot, "tests", "Axe", "node_modules", "axe-core", "axe.min.js");

    public static bool IsInstalled => File.Exists(ScriptPath);

    public const string MissingMessage =
        "tests/Axe/node_modules/axe-core is missing: run scripts/install-axe.sh (npm ci) to run the accessibility tests.";

    /// <summary>The rule sets the pages must pass: WCAG 2.0 and 2.1, levels A and AA.</summary>
    public static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    /// <summary>
    /// Best-practice rules checked as well, beyond the WCAG tags: one level-one heading per page and
    /// its content inside landmarks (a screen reader user navigates by both).
    /// </summary>
    public static readonly string[] ExtraRules = ["page-has-heading-one", "landmark-one-main", "landmark-unique", "region"];

    private static readonly Lazy<string> Source = new(() => IsInstalled
        ? File.ReadAllText(ScriptPath)
        : throw new InvalidOperationException(MissingMessage));

    // Runs axe over the whole document and keeps what a reader of a failure needs: the rule, its
    // impact and help, and per element its selector and axe's summary of what to fix.
    private const string Run = """
        async ([tags, extra]) => {
          const rules = Object.fromEntries(extra.map(id => [id, { enabled: true }]));
          const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, rules, resultTypes: ['violations'] });
          return result.violations.map(v => ({
            id: v.id, impact: v.impact || '', help: v.help,
            nodes: v.nodes.map(n => ({ target: n.target.join(' '), summary: (n.failureSummary || '').replace(/\s+/g, ' ').trim() })),
          }));
        }
        """;

    /// <summary>
    /// The WCAG 2.1 AA violations axe finds in the page as it is now. The pages' Content-Security-Policy
    /// allows no inline script and no eval, so axe cannot come in through a script tag; Playwright's
    /// evaluate runs the source through the DevTools protocol (Runtime.evaluate), which the page's CSP
    /// does not govern, so the pages are checked under their real policy (no BypassCSP context).
    /// </summary>
    public static async Task<IReadOnlyList<Violation>> ViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await page.EvaluateAsync(Source.Value + "\n;undefined");
        var json = await page.EvaluateAsync<JsonElement>(Run, new object[] { WcagTags, ExtraRules });
        return json.Deserialize<List<Violation>>(new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
    }

    /// <summary>Fails with every violation (rule id, impact, help; per element its target and what to fix).</summary>
    public static async Task AssertNoViolationsAsync(IPage page, string state)
    {
        var violations = await ViolationsAsync(page);
        if (violations.Count == 0) return;
        var report = new StringBuilder($"{state}: {violations.Sum(v => v.Nodes.Count)} violation(s) of WCAG 2.1 A/AA (or of the extra rules) found by axe-core:");
        foreach (var v in violations)
        {
            report.Append($"\n- {v.Id} ({v.Impact}): {v.Help}");
            foreach (var node in v.Nodes.Take(8)) report.Append($"\n    {node.Target}: {node.Summary}");
            if (v.Nodes.Count > 8) report.Append($"\n    … and {v.Nodes.Count - 8} more");
        }
        Assert.Fail(report.ToString());
    }

    public sealed record Violation(string Id, string Impact, string Help, List<ViolationNode> Nodes);

    public sealed record ViolationNode(string Target, string Summary);
}

/// <summary>A browser test that needs axe-core: skipped locally when chromium or axe-core is missing, failing in CI.</summary>
public sealed class AxeFactAttribute : FactAttribute
{
    public AxeFactAttribute()
    {
        if (Chromium.InCi) return;
        if (!Chromium.IsInstalled) Skip = Chromium.MissingMessage;
        else if (!Axe.IsInstalled) Skip = Axe.MissingMessage;
    }
}
