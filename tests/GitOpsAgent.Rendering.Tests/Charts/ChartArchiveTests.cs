using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using GitOpsAgent.Rendering.Charts;
using GitOpsAgent.TestSupport;

namespace GitOpsAgent.Rendering.Tests.Charts;

/// <summary>Hostile chart archives are refused before anything lands outside the extraction folder.</summary>
public sealed class ChartArchiveTests : IDisposable
{
    private readonly TempDirectory _temp = new("chart-archive");

    private ChartSourceOptions Limits => new() { CacheRoot = _temp.Path, MaxFileBytes = 1024, MaxExtractedBytes = 64 * 1024, MaxArchiveEntries = 50 };

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Extract_ChartArchive_WritesTheChartFolder()
    {
        using var archive = Archive(w => { File(w, "web/Chart.yaml", "name: web\nversion: 1.0.0\n"); File(w, "web/templates/cm.yaml", "kind: ConfigMap\n"); });

        var folder = ChartArchive.Extract(archive, Target(), Limits, "web-1.0.0.tgz");

        Assert.Equal("web", folder);
        Assert.True(System.IO.File.Exists(Path.Combine(_temp.Path, "out", "web", "templates", "cm.yaml")));
    }

    [Theory]
    [InlineData("../../escaped.txt", "leaves the chart folder")]
    [InlineData("web/../../escaped.txt", "leaves the chart folder")]
    [InlineData("/tmp/escaped.txt", "is an absolute path")]
    public void Extract_EntryOutsideTheFolder_IsRefusedAndNothingLandsOutside(string entry, string expected)
    {
        using var archive = Archive(w => { File(w, "web/Chart.yaml", "name: web\n"); File(w, entry, "owned"); });

        var ex = Assert.Throws<ChartSourceException>(() => ChartArchive.Extract(archive, Target(), Limits, "evil.tgz"));

        Assert.Equal(ChartFailureReason.InvalidArchive, ex.Reason);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(Path.Combine(_temp.Path, "escaped.txt")));
        Assert.False(System.IO.File.Exists("/tmp/escaped.txt") && System.IO.File.ReadAllText("/tmp/escaped.txt") == "owned");
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../../../etc")]
    public void Extract_SymlinkLeavingTheFolder_IsRefused(string target)
    {
        using var archive = Archive(w =>
        {
            File(w, "web/Chart.yaml", "name: web\n");
            w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "web/templates/link") { LinkName = target });
        });

        var ex = Assert.Throws<ChartSourceException>(() => ChartArchive.Extract(archive, Target(), Limits, "evil.tgz"));

        Assert.Equal(ChartFailureReason.InvalidArchive, ex.Reason);
        Assert.Contains("outside the chart folder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_SymlinkInsideTheFolder_IsKept()
    {
        using var archive = Archive(w =>
        {
            File(w, "web/Chart.yaml", "name: web\n");
            File(w, "web/files/a.txt", "a");
            w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "web/templates/b.txt") { LinkName = "../files/a.txt" });
        });

        ChartArchive.Extract(archive, Target(), Limits, "web.tgz");

        Assert.Equal("a", System.IO.File.ReadAllText(Path.Combine(_temp.Path, "out", "web", "templates", "b.txt")));
    }

    [Fact]
    public void Extract_FileOverTheLimit_IsRefused()
    {
        using var archive = Archive(w => { File(w, "web/Chart.yaml", "name: web\n"); File(w, "web/big.bin", new string('x', 4096)); });

        var ex = Assert.Throws<ChartSourceException>(() => ChartArchive.Extract(archive, Target(), Limits, "big.tgz"));

        Assert.Contains("more than 1024 for one file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_DecompressionBomb_StopsAtTheTotalLimit()
    {
        using var archive = Archive(w =>
        {
            File(w, "web/Chart.yaml", "name: web\n");
            for (var i = 0; i < 40; i++)
            {
                File(w, $"web/f{i}.txt", new string('x', 1000));
            }
        });

        var ex = Assert.Throws<ChartSourceException>(() => ChartArchive.Extract(archive, Target(), Limits, "bomb.tgz"));

        Assert.Equal(ChartFailureReason.InvalidArchive, ex.Reason);
        Assert.Contains("once decompressed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_NotGzip_IsRefused()
    {
        using var garbage = new MemoryStream(Encoding.UTF8.GetBytes("<html>not a chart</html>"));

        var ex = Assert.Throws<ChartSourceException>(() => ChartArchive.Extract(garbage, Target(), Limits, "page.tgz"));

        Assert.Contains("not a readable gzip tar archive", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_NoChartYaml_IsRefused()
    {
        using var archive = Archive(w => File(w, "web/values.yaml", "a: 1\n"));

        var ex = Assert.Throws<ChartSourceException>(() => ChartArchive.Extract(archive, Target(), Limits, "web.tgz"));

        Assert.Contains("no folder with a Chart.yaml", ex.Message, StringComparison.Ordinal);
    }

    private string Target() => Path.Combine(_temp.Path, "out");

    private static MemoryStream Archive(Action<TarWriter> write)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            write(tar);
        }

        buffer.Position = 0;
        return buffer;
    }

    private static void File(TarWriter writer, string name, string content) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
}
