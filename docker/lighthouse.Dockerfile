# The Backbeat lighthouse (Backbeat.Lighthouse): the cluster's seed node, remoting on 4053, health on 4080.
# Build from the repository root:  docker build -f docker/lighthouse.Dockerfile -t backbeat-lighthouse .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY Backbeat.Actors/Backbeat.Actors.csproj Backbeat.Actors/
COPY Backbeat.Lighthouse/Backbeat.Lighthouse.csproj Backbeat.Lighthouse/
RUN dotnet restore Backbeat.Lighthouse/Backbeat.Lighthouse.csproj
COPY Backbeat.Actors/ Backbeat.Actors/
COPY Backbeat.Lighthouse/ Backbeat.Lighthouse/
RUN dotnet publish Backbeat.Lighthouse/Backbeat.Lighthouse.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV LIGHTHOUSE_HOST=0.0.0.0 \
    LIGHTHOUSE_PORT=4053 \
    LIGHTHOUSE_HEALTH_PORT=4080
EXPOSE 4053 4080
USER $APP_UID
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${LIGHTHOUSE_HEALTH_PORT}/live" || exit 1
ENTRYPOINT ["dotnet", "Backbeat.Lighthouse.dll"]
