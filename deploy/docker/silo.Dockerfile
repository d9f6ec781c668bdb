# The LiveChat silo. Build from the repository root:
#   docker build -f deploy/docker/silo.Dockerfile -t livechat-silo .
# Configuration comes from the environment (Silo__*): see deploy/docker-compose.yml and deploy/k8s/silo.yaml.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo/LiveChat.Silo/LiveChat.Silo.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Silo-to-silo, Orleans gateway (clients), HTTP (health probes, /metrics).
ENV Silo__SiloPort=21111 \
    Silo__GatewayPort=31000 \
    Silo__HttpPort=8081 \
    Silo__ListenOnAnyHostAddress=true \
    Silo__DataFolder=/var/lib/livechat
EXPOSE 21111 31000 8081
# State and attachment folders writable by the image's non-root user.
RUN mkdir -p /var/lib/livechat && chown -R $APP_UID /var/lib/livechat
USER $APP_UID
ENTRYPOINT ["dotnet", "LiveChat.Silo.dll"]
