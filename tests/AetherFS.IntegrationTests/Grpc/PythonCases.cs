using System.Text.RegularExpressions;

namespace AetherFS.IntegrationTests.Grpc;

/// <summary>
/// The test methods of one Python unittest class, read from its source, so that each Python case is one xunit
/// case: the xunit count is the Python count, and a new Python case needs no C# change.
/// </summary>
public static partial class PythonCases
{
    public static TheoryData<string> Of(string module, string testClass)
    {
        var source = File.ReadAllText(Path.Join(InteropPaths.PythonTests, module + ".py"));
        var classes = ClassPattern().Matches(source).Select(m => m.Groups[1].Value).ToList();
        if (classes.Count != 1 || classes[0] != testClass)
        {
            // Cases are read per module: a second class would have its methods attributed to the first.
            throw new InvalidOperationException($"{module}.py must hold exactly one test class, {testClass}; found: {string.Join(", ", classes)}");
        }

        var cases = new TheoryData<string>();
        foreach (Match match in TestPattern().Matches(source))
        {
            cases.Add(match.Groups[1].Value);
        }

        return cases.Count > 0 ? cases : throw new InvalidOperationException($"{module}.py has no test_ methods");
    }

    [GeneratedRegex(@"^class (\w+)\(", RegexOptions.Multiline)]
    private static partial Regex ClassPattern();

    [GeneratedRegex(@"^    def (test_\w+)\(self\):", RegexOptions.Multiline)]
    private static partial Regex TestPattern();
}
