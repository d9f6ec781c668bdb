namespace LiveChat.Gateway.Tests.Tracing;

using System.Diagnostics;
using LiveChat.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Orleans;

/// <summary>
/// A gateway with OTEL_EXPORTER_OTLP_ENDPOINT set (to <see cref="OtlpReceiver"/>): the product's
/// tracing, plus an in-process recorder added to the same tracer provider.
/// </summary>
public sealed class TracedGateway : IAsyncLifetime
{
    public OtlpReceiver Collector { get; } = new();
    public SpanRecorder Recorder { get; } = new();
    public GatewayFactory Gateway { get; }

    public TracedGateway()
    {
        Gateway = new GatewayFactory
        {
            TestServices = services => services.ConfigureOpenTelemetryTracerProvider(
                tracing => tracing.AddProcessor(new SimpleActivityExportProcessor(Recorder))),
        };
        Gateway.Settings[LiveChatTracing.EndpointKey] = Collector.Endpoint;
        Gateway.Settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
    }

    public Task InitializeAsync() => Gateway.InitializeAsync();

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Gateway).DisposeAsync();
        Collector.Dispose();
    }
}

public sealed class InviteTracingTests(TracedGateway fixture) : IClassFixture<TracedGateway>
{
    private const string OrleansApplication = "Microsoft.Orleans.Application";

    [Fact]
    public async Task One_invite_is_one_trace_from_the_HTTP_request_through_the_chat_grain_to_the_invitees_agent_grain()
    {
        var gateway = fixture.Gateway;
        using var alice = await gateway.SignIn("alice");
        await gateway.SignIn("bob");
        var endUser = await gateway.StartChat("billing");
        await alice.Client.AcceptChatAsync(endUser.ChatId);

        var invite = await alice.Client.CreateInviteAsync(endUser.ChatId, new() { InviteeId = "bob", Mode = LiveChat.Client.JoinMode.Participant });
        Assert.Equal("bob", invite.InviteeId);

        // The server span ends as the response is written, a moment after the client has it: wait
        // (bounded) for the recorder to hold the whole chain rather than reading once.
        Chain? chain = null;
        await GatewayFactory.WaitUntil(() => Task.FromResult((chain = FindChain(fixture.Recorder.Spans, endUser.ChatId)) is not null),
            TimeSpan.FromSeconds(30), "the invite's spans: " + Describe(fixture.Recorder.Spans));
        var (http, toChat, inChat, toAgent, inAgent) = chain!;

        // One trace: HTTP request → grain call to the chat → the chat's call to bob's agent grain.
        Assert.Equal(ActivityKind.Server, http.Kind);
        Assert.All(new[] { toChat, inChat, toAgent, inAgent }, span => Assert.Equal(http.TraceId, span.TraceId));
        Assert.Equal(http.SpanId, toChat.ParentSpanId);
        Assert.Equal(ActivityKind.Client, toChat.Kind);
        Assert.Equal(toChat.SpanId, inChat.ParentSpanId);
        Assert.Equal(ActivityKind.Server, inChat.Kind);
        Assert.Equal(inChat.SpanId, toAgent.ParentSpanId);
        Assert.Equal(ActivityKind.Client, toAgent.Kind);
        Assert.Equal(toAgent.SpanId, inAgent.ParentSpanId);
        Assert.Equal(ActivityKind.Server, inAgent.Kind);
        Assert.Equal("orleans", inAgent.GetTagItem("rpc.system.name"));

        // The same spans leave over OTLP/HTTP to the collector OTEL_EXPORTER_OTLP_ENDPOINT names.
        // ForceFlush returns once the batch processor has handed the spans to the exporter, which can
        // be while that export's POST is still in flight (seen in CI when the 5 s scheduled export
        // took the spans first): wait for the collector to have received it.
        var provider = gateway.Services.GetRequiredService<TracerProvider>();
        Assert.True(provider.ForceFlush(10_000), "the OTLP exporter did not flush");
        await GatewayFactory.WaitUntil(() => Task.FromResult(fixture.Collector.TraceExports >= 1),
            TimeSpan.FromSeconds(30), "the collector received no trace export");
    }

    private sealed record Chain(Activity Http, Activity ToChat, Activity InChat, Activity ToAgent, Activity InAgent);

    /// <summary>The invite's chain, each span the child of the one before; null until all have ended.</summary>
    private static Chain? FindChain(IReadOnlyList<Activity> spans, string chatId)
    {
        var http = spans.FirstOrDefault(s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server
            && s.GetTagItem("http.request.method") as string == "POST"
            && (s.GetTagItem("url.path") as string) == $"/api/chats/{chatId}/invites");
        if (http is null) return null;
        var inTrace = spans.Where(s => s.TraceId == http.TraceId && s.Source.Name == OrleansApplication).ToList();
        Activity? Call(ActivityKind kind, string method, string target, Activity parent) => inTrace.FirstOrDefault(s =>
            s.Kind == kind && (s.GetTagItem("rpc.method") as string)?.EndsWith("/" + method, StringComparison.Ordinal) == true
            && s.ParentSpanId == parent.SpanId && (s.GetTagItem("orleans.rpc.target_id") as string)?.Contains(target, StringComparison.Ordinal) == true);
        var toChat = Call(ActivityKind.Client, "Invite", chatId, http);
        var inChat = toChat is null ? null : Call(ActivityKind.Server, "Invite", chatId, toChat);
        var toAgent = inChat is null ? null : Call(ActivityKind.Client, "TrackInvite", "bob", inChat);
        var inAgent = toAgent is null ? null : Call(ActivityKind.Server, "TrackInvite", "bob", toAgent);
        return inAgent is null ? null : new Chain(http, toChat!, inChat!, toAgent!, inAgent);
    }

    private static string Describe(IReadOnlyList<Activity> spans) => string.Join("\n", spans.TakeLast(40).Select(s =>
        $"{s.Source.Name} {s.Kind} {s.DisplayName} trace={s.TraceId} span={s.SpanId} parent={s.ParentSpanId} method={s.GetTagItem("rpc.method")} target={s.GetTagItem("orleans.rpc.target_id")}"));
}

/// <summary>Without OTEL_EXPORTER_OTLP_ENDPOINT, tracing costs nothing: no tracer provider, no propagation filter on grain calls.</summary>
public sealed class TracingOffTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    [Fact]
    public void Without_an_OTLP_endpoint_no_tracer_provider_listens_and_no_grain_call_filter_propagates_traces()
    {
        Assert.Null(gateway.Services.GetService<TracerProvider>());
        Assert.DoesNotContain(gateway.Services.GetServices<IIncomingGrainCallFilter>(), f => f.GetType().Name.StartsWith("ActivityPropagation", StringComparison.Ordinal));
        Assert.DoesNotContain(gateway.Services.GetServices<IOutgoingGrainCallFilter>(), f => f.GetType().Name.StartsWith("ActivityPropagation", StringComparison.Ordinal));
        // ...whereas the traced gateway has them (InviteTracingTests): the filters are what the switch adds.
    }
}
