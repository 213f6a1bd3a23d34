using System.Buffers;
using System.Text;

namespace GitOpsAgent.Core.Manifests;

/// <summary>The text of a manifest file or a tool's output: strict UTF-8 (as kubectl kustomize reads it), never silently repaired.</summary>
public static class ManifestText
{
    /// <summary>Decodes <paramref name="bytes"/> (a leading byte order mark is dropped); invalid UTF-8 or oversize input is a <see cref="ManifestParseException"/> naming file and line.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string file, ManifestLimits? limits = null)
    {
        var max = (limits ?? ManifestLimits.Default).MaxInputLength;
        if (bytes.Length > max)
            throw new ManifestParseException(file, 0, 0, $"larger than {max} bytes: over the limit for one input (see docs/security.md)");
        var body = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;
        if (System.Text.Unicode.Utf8.IsValid(body))
            return Encoding.UTF8.GetString(body);
        for (var offset = 0; offset < body.Length;)
        {
            if (Rune.DecodeFromUtf8(body[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                var line = 1 + body[..offset].Count((byte)'\n');
                throw new ManifestParseException(file, line, 0, $"not valid UTF-8 (byte 0x{body[offset]:X2} at offset {offset})");
            }

            offset += consumed;
        }

        throw new InvalidOperationException("unreachable: the text is invalid UTF-8 but no invalid byte was found");
    }
}
