# Sicantik's web host. Build: docker build -t sicantik . ; run with docker-compose.yml (SQL Server + mail catcher).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The pages' Bootstrap and htmx come from npm at build time (src/Sicantik.Web/Frontend.targets).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/Sicantik.Web/Sicantik.Web.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Uploaded files, data-protection keys and (without SMTP) the email pickup folder live under /data: mount a volume.
ENV Database__DataFolder=/data \
    Perizinan__FileStorePath=/data/berkas \
    Email__PickupFolder=/data/surel \
    Urls=http://+:8080
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["dotnet", "Sicantik.Web.dll"]
