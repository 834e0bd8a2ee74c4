# The Backbeat node (Backbeat.Node): admin API and dashboard on 8080, Akka remoting on 4054.
# Build from the repository root:  docker build -f docker/node.Dockerfile -t backbeat-node .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so that restore is cached until a dependency changes.
COPY Directory.Build.props Directory.Packages.props ./
COPY Backbeat.Actors/Backbeat.Actors.csproj Backbeat.Actors/
COPY Backbeat.Node/Backbeat.Node.csproj Backbeat.Node/
RUN dotnet restore Backbeat.Node/Backbeat.Node.csproj
COPY Backbeat.Actors/ Backbeat.Actors/
COPY Backbeat.Node/ Backbeat.Node/
RUN dotnet publish Backbeat.Node/Backbeat.Node.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl answers the health check; the aspnet image has no HTTP client of its own.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The durable state (BACKBEAT_DATA_DIR) lives on a volume owned by the unprivileged user.
RUN mkdir -p /data && chown "$APP_UID" /data
# The node listens on all interfaces inside the container; BACKBEAT_PUBLIC_HOST names it to the others.
ENV BACKBEAT_HOST=0.0.0.0 \
    BACKBEAT_ADMIN_PORT=8080 \
    BACKBEAT_PORT=4054 \
    BACKBEAT_DATA_DIR=/data
EXPOSE 8080 4054
VOLUME ["/data"]
USER $APP_UID
# /live: the node's own liveness (its actor system runs). /ready and /health also depend on the
# leader and on NATS, which must not get a healthy node restarted.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${BACKBEAT_ADMIN_PORT}/live" || exit 1
ENTRYPOINT ["dotnet", "Backbeat.Node.dll"]
