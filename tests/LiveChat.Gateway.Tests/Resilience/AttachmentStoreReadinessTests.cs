namespace LiveChat.Gateway.Tests.Resilience;

using System.Net;

/// <summary>
/// Readiness includes the attachment store (AttachmentStoreReadyCheck): while the file store's
/// folder cannot be written (here a file stands where the folder should be, which holds even for
/// root), /health/ready answers 503; once it can be written again, 200.
/// </summary>
public sealed class AttachmentStoreReadinessTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "livechat-store-readiness", Guid.NewGuid().ToString("N"), "attachments");
    private readonly GatewayFactory _gateway = new();

    public AttachmentStoreReadinessTests() => _gateway.Settings["Gateway:Attachments:Folder"] = _folder;

    public Task InitializeAsync() => _gateway.InitializeAsync();

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_gateway).DisposeAsync();
        if (File.Exists(_folder)) File.Delete(_folder);
        if (Directory.Exists(Path.GetDirectoryName(_folder))) Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);
    }

    private async Task<HttpStatusCode> Ready() => (await _gateway.Anonymous().GetAsync("/health/ready")).StatusCode;

    [Fact]
    public async Task Ready_reports_not_ready_while_the_file_store_cannot_be_written()
    {
        Assert.Equal(HttpStatusCode.OK, await Ready());

        // The probe made the folder; without a probe it may be missing: either way a file takes its place.
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        Directory.CreateDirectory(Path.GetDirectoryName(_folder)!);
        await File.WriteAllTextAsync(_folder, "not a folder");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await Ready());
        // Liveness is not readiness: the process is fine, it only must not take uploads.
        Assert.Equal(HttpStatusCode.OK, (await _gateway.Anonymous().GetAsync("/health/live")).StatusCode);

        File.Delete(_folder);
        Assert.Equal(HttpStatusCode.OK, await Ready());
        Assert.Empty(Directory.GetFiles(_folder));
    }
}
