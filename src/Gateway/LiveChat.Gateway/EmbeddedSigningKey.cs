namespace LiveChat.Gateway;

using System.Security.Cryptography;

/// <summary>
/// The embedded default's token signing key, generated at its first start and kept in the data
/// folder beside the grain state, so a restart keeps agents and customers signed in. The file is
/// created readable and writable by its owner only, and written whole before anyone can read it
/// (a new file under a temporary name, flushed to disk, then renamed into place).
/// </summary>
public static class EmbeddedSigningKey
{
    public const string FileName = "gateway-signing-key";

    /// <summary>The key stored in <paramref name="dataFolder"/>, or a new one stored there first.</summary>
    public static string LoadOrCreate(string dataFolder)
    {
        Directory.CreateDirectory(dataFolder);
        var path = Path.Combine(dataFolder, FileName);
        if (File.Exists(path)) return Read(path);

        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(temporary, options))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
            writer.Flush();
            file.Flush(flushToDisk: true);
        }
        try
        {
            // Two gateways starting on one folder at once: the first rename wins, both use its key.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
        return Read(path);
    }

    private static string Read(string path)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            throw new InvalidOperationException($"The signing key file '{path}' is readable or writable by others: make it owner-only (chmod 600) or delete it to generate a new one (signing everyone out).");
        var key = File.ReadAllText(path).Trim();
        if (key.Length < 32)
            throw new InvalidOperationException($"The signing key file '{path}' holds fewer than 32 characters: delete it to generate a new one (signing everyone out).");
        return key;
    }
}
