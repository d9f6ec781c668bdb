namespace LiveChat.Gateway.Hardening;

using System.Globalization;
using LiveChat.Gateway.Errors;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

/// <summary>
/// The management port (<c>Gateway:Management</c>): a second listener for the scraper. /metrics
/// answers only there; the health probes answer on both ports; nothing else answers there.
/// </summary>
public sealed class ManagementOptions
{
    public const string Section = "Gateway:Management";

    /// <summary>9464 is Prometheus' registered port for OpenTelemetry exporters.</summary>
    public int Port { get; set; } = 9464;

    /// <summary>Where the management listener binds: loopback by default; containers use 0.0.0.0 and keep the port off the public Service.</summary>
    public string Address { get; set; } = "127.0.0.1";

    public string Url => $"http://{Address}:{Port.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>How a route relates to the management port.</summary>
public enum ManagementExposure
{
    /// <summary>Only on the management port (/metrics).</summary>
    Only,
    /// <summary>On both ports (the health probes).</summary>
    Also,
}

public sealed record ManagementPortMetadata(ManagementExposure Exposure);

public static class ManagementPort
{
    public static TBuilder OnlyOnManagementPort<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new ManagementPortMetadata(ManagementExposure.Only));

    public static TBuilder AlsoOnManagementPort<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new ManagementPortMetadata(ManagementExposure.Also));

    /// <summary>
    /// Adds the management listener to the addresses the server binds: the configured URLs
    /// (<c>Urls</c>, else <c>HTTP_PORTS</c>, else Kestrel's default) and then the management URL.
    /// The in-memory test server has no addresses to add to. Endpoints declared under
    /// <c>Kestrel:Endpoints</c> replace all of these: declare the management endpoint there too.
    /// </summary>
    public static void ListenOnManagementPort(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ManagementOptions>>().Value;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null || addresses.IsReadOnly) return;
        if (addresses.Count == 0)
        {
            foreach (var url in PublicUrls(app.Configuration)) addresses.Add(url);
        }
        addresses.Add(options.Url);
    }

    private static IEnumerable<string> PublicUrls(IConfiguration configuration)
    {
        var urls = Split(configuration["urls"]).ToList();
        if (urls.Count > 0) return urls;
        var ports = Split(configuration["http_ports"]).Select(p => $"http://*:{p}")
            .Concat(Split(configuration["https_ports"]).Select(p => $"https://*:{p}")).ToList();
        return ports.Count > 0 ? ports : ["http://localhost:5000"];
    }

    private static IEnumerable<string> Split(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// After routing: a management-only route on the public port, or any other route on the
    /// management port, is not found. The port is the connection's local port, which a client
    /// cannot fake (unlike the Host header that RequireHost reads).
    /// </summary>
    public static IApplicationBuilder UseManagementPort(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var port = http.RequestServices.GetRequiredService<IOptions<ManagementOptions>>().Value.Port;
        var onManagementPort = http.Connection.LocalPort == port;
        var exposure = http.GetEndpoint()?.Metadata.GetMetadata<ManagementPortMetadata>()?.Exposure;
        var allowed = onManagementPort ? exposure is not null : exposure != ManagementExposure.Only;
        if (!allowed)
        {
            // As if the route did not exist here; 404 problems get the "Route" rule id.
            http.SetEndpoint(null);
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = 404, Title = "Not found.", Extensions = { [ProblemMapping.RuleIdKey] = "Route" } },
            });
            return;
        }
        await next(http);
    });
}
