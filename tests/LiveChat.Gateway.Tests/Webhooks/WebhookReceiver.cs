namespace LiveChat.Gateway.Tests.Webhooks;

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

/// <summary>
/// A real HTTP receiver (Kestrel on a free loopback port) that records every delivery it is sent and
/// answers as the test says: 200, a failure status, or held until the test releases it.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);

    /// <summary>What the receiver answers next: 200 by default.</summary>
    public Func<Received, Task<int>> Answer { get; set; } = _ => Task.FromResult(200);

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public IReadOnlyList<Received> All => [.. _received];

    public static async Task<WebhookReceiver> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var received = new Received(await reader.ReadToEndAsync(),
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), DateTimeOffset.UtcNow);
            var status = await receiver.Answer(received);
            receiver._received.Enqueue(received with { Status = status });
            receiver._arrived.Release();
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/hook";
        return receiver;
    }

    /// <summary>Waits (bounded) until what was received satisfies <paramref name="done"/>; fails with what came otherwise.</summary>
    public async Task WaitUntil(Func<IReadOnlyList<Received>, bool> done, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done(All))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                if (done(All)) return;
                throw new TimeoutException($"Waited {seconds} s for {what}; received: {string.Join(" | ", All.Select(r => $"{r.Status} {r.Event} {r.DeliveryId}"))}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record Received(string Body, IReadOnlyDictionary<string, string> Headers, DateTimeOffset At, int Status = 0)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
        public string DeliveryId => Headers.GetValueOrDefault("X-LiveChat-Delivery", "");
        public string Event => Headers.GetValueOrDefault("X-LiveChat-Event", "");
        public string ChatId => Json.GetProperty("data").GetProperty("chatId").GetString()!;
        public bool Delivered => Status is >= 200 and < 300;
    }
}
