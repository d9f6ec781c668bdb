# The LiveChat gateway (HTTP API, SignalR hub, web consoles). Build from the repository root:
#   docker build -f deploy/docker/gateway.Dockerfile -t livechat-gateway .
# In a cluster it runs in client mode (Gateway__Mode=Client): see deploy/docker-compose.yml and deploy/k8s/gateway.yaml.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The build restores the web consoles' front-end packages with npm (ClientApp/package-lock.json).
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/Gateway/LiveChat.Gateway/LiveChat.Gateway.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# 8080: API, hub, pages. 9464: the management port (/metrics, probes) for the scraper only:
# publish or route 8080 alone. Listening beyond loopback keeps the demo sign-in off.
ENV Urls=http://0.0.0.0:8080 \
    Silo__DataFolder=/var/lib/livechat/data \
    Gateway__Management__Address=0.0.0.0 \
    Gateway__Management__Port=9464 \
    Gateway__Attachments__Folder=/var/lib/livechat/attachments
EXPOSE 8080 9464
# State and attachment folders writable by the image's non-root user.
RUN mkdir -p /var/lib/livechat/attachments /var/lib/livechat/data && chown -R $APP_UID /var/lib/livechat
USER $APP_UID
ENTRYPOINT ["dotnet", "LiveChat.Gateway.dll"]
