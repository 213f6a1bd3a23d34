using GitOpsAgent.Core.Manifests.Rendering;

namespace GitOpsAgent.Core.Tests.Manifests.Rendering;

public class GlobPatternTests
{
    [Theory]
    [InlineData("*.yaml", "a.yaml", true)]
    [InlineData("*.yaml", "sub/a.yaml", true)]
    [InlineData("*.yaml", "a.yml", false)]
    [InlineData("sub/*.yaml", "sub/a.yaml", true)]
    [InlineData("sub/*.yaml", "sub/deeper/a.yaml", false)]
    [InlineData("sub/**/*.yaml", "sub/deeper/a.yaml", true)]
    [InlineData("sub/**/*.yaml", "sub/a.yaml", true)]
    [InlineData("**/secret-*.yaml", "x/y/secret-db.yaml", true)]
    [InlineData("{a,b}.yaml", "b.yaml", true)]
    [InlineData("{a,b}.yaml", "c.yaml", false)]
    [InlineData("cm-?.yaml", "cm-1.yaml", true)]
    [InlineData("cm-[12].yaml", "cm-2.yaml", true)]
    [InlineData("cm-[!12].yaml", "cm-2.yaml", false)]
    [InlineData("./a.yaml", "a.yaml", true)]
    [InlineData("a.yaml", "a_yaml", false)]
    [InlineData("(x)+.yaml", "(x)+.yaml", true)]
    public void IsMatch_PatternAndPath_MatchesAsDocumented(string pattern, string path, bool expected)
    {
        Assert.Equal(expected, new GlobPattern(pattern).IsMatch(path));
    }
}
