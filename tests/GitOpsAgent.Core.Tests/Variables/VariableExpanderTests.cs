using GitOpsAgent.Core.Variables;

namespace GitOpsAgent.Core.Tests.Variables;

public sealed class VariableExpanderTests
{
    private static readonly VariableSet Variables = VariableSet.ForCluster("east", new Dictionary<string, string> { ["region"] = "eu-west" })
        .With(new Dictionary<string, string> { ["replicas"] = "3", ["image_tag"] = "v1.2.0" }, "spec.substitute");

    [Theory]
    [InlineData("name: ${cluster.name}", "name: east")]
    [InlineData("region: ${cluster.labels.region}", "region: eu-west")]
    [InlineData("replicas: ${replicas}\nimage: web:${image_tag}", "replicas: 3\nimage: web:v1.2.0")]
    [InlineData("tier: ${tier:=dev}", "tier: dev")]
    [InlineData("replicas: ${replicas:=1}", "replicas: 3")]
    [InlineData("empty: ${tier:=}", "empty: ")]
    [InlineData("script: echo $${HOME}", "script: echo ${HOME}")]
    [InlineData("cost: $5 and $HOME and $", "cost: $5 and $HOME and $")]
    [InlineData("no references at all", "no references at all")]
    public void Expand_DefinedDefaultedOrEscaped_GivesTheText(string text, string expected) =>
        Assert.Equal(expected, VariableExpander.Expand(text, Variables, "apps/web.yaml"));

    [Fact]
    public void Expand_UndefinedVariable_FailsNamingItTheFileAndTheLine()
    {
        var ex = Assert.Throws<VariableException>(() => VariableExpander.Expand("a: 1\nb: 2\nc: ${missing}\n", Variables, "apps/web.yaml"));

        Assert.Equal("apps/web.yaml", ex.File);
        Assert.Equal(3, ex.Line);
        Assert.StartsWith("apps/web.yaml:3: variable \"missing\" is not defined", ex.Message);
    }

    [Fact]
    public void Expand_LineCountingSurvivesEscapesAndEarlierValues()
    {
        var ex = Assert.Throws<VariableException>(() => VariableExpander.Expand("a: $${x}\nb: ${replicas}\n\nd: ${cluster.labels.zone}", Variables, "f.yaml"));

        Assert.Equal(4, ex.Line);
        Assert.Contains("\"cluster.labels.zone\"", ex.Message);
    }

    [Theory]
    [InlineData("a: ${unclosed\nb: 1", "is not closed")]
    [InlineData("a: ${bad name}", "is not a variable reference")]
    [InlineData("a: ${}", "is not a variable reference")]
    [InlineData("a: ${cluster.other}", "is not a variable reference")]
    public void Expand_MalformedReference_FailsOnItsLine(string text, string reason)
    {
        var ex = Assert.Throws<VariableException>(() => VariableExpander.Expand(text, Variables, "f.yaml"));

        Assert.Equal(1, ex.Line);
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Expand_UndefinedNextToASecretValue_NeverShowsTheValue()
    {
        var withSecret = Variables.With(new Dictionary<string, string> { ["db_password"] = "hunter2-very-secret" }, "Secret shop/db");

        var ex = Assert.Throws<VariableException>(() => VariableExpander.Expand("password: ${db_password}\nuser: ${db_user}", withSecret, "db.yaml"));

        Assert.DoesNotContain("hunter2", ex.Message);
        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public void Expand_AValueThatLooksLikeAReference_IsNotExpandedAgain()
    {
        var set = VariableSet.Empty.With(new Dictionary<string, string> { ["a"] = "${b}" }, "spec.substitute");

        Assert.Equal("x: ${b}", VariableExpander.Expand("x: ${a}", set, "f.yaml"));
    }

    [Fact]
    public void With_NameThatIsNotAnIdentifier_IsRefusedNamingTheOrigin()
    {
        var ex = Assert.Throws<ArgumentException>(() => VariableSet.Empty.With(new Dictionary<string, string> { ["db-host"] = "x" }, "ConfigMap shop/settings"));

        Assert.Contains("ConfigMap shop/settings", ex.Message);
        Assert.Contains("\"db-host\"", ex.Message);
    }

    [Fact]
    public void Fingerprint_ChangesWithAnyValue_AndHidesThem()
    {
        var a = VariableSet.ForCluster("east", null).With(new Dictionary<string, string> { ["x"] = "1" }, "s");
        var same = VariableSet.ForCluster("east", null).With(new Dictionary<string, string> { ["x"] = "1" }, "s");
        var other = VariableSet.ForCluster("east", null).With(new Dictionary<string, string> { ["x"] = "2" }, "s");

        Assert.Equal(a.Fingerprint(), same.Fingerprint());
        Assert.NotEqual(a.Fingerprint(), other.Fingerprint());
        Assert.DoesNotContain("east", a.Fingerprint());
        Assert.Equal("", VariableSet.Empty.Fingerprint());
    }
}
