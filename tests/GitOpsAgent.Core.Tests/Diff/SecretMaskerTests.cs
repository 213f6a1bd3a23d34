using GitOpsAgent.Core.Diff;

namespace GitOpsAgent.Core.Tests.Diff;

public sealed class SecretMaskerTests
{
    [Fact]
    public void Mask_Secret_ReplacesDataAndStringDataValues()
    {
        var secret = TestData.Yaml("""
            apiVersion: v1
            kind: Secret
            metadata: {name: db}
            data: {a: YWRtaW4=}
            stringData: {b: hunter2}
            """);

        var masked = SecretMasker.Mask(secret);

        Assert.Equal("++++++++", masked["data"]!["a"]!.GetValue<string>());
        Assert.Equal("++++++++", masked["stringData"]!["b"]!.GetValue<string>());
        Assert.Equal("YWRtaW4=", secret["data"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public void Mask_NotASecret_LeavesDataAlone()
    {
        var configMap = TestData.Yaml("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: db}
            data: {a: visible}
            """);

        Assert.Equal("visible", SecretMasker.Mask(configMap)["data"]!["a"]!.GetValue<string>());
    }
}
