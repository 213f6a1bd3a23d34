# syntax=docker/dockerfile:1
# gitops-agent controller image.
#   docker build -t gitops-agent:0.1.0 --build-arg VERSION=0.1.0 --build-arg REVISION=$(git rev-parse HEAD) .
# Three stages: build (SDK), tools (pinned, checksum-verified kustomize and helm), runtime (ASP.NET runtime + git).

ARG DOTNET_VERSION=10.0

# ---------------------------------------------------------------------------------------------------------------------
# build: restore from the project files alone first, so the restore layer is reused until a dependency changes.
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/GitOpsAgent.Core/GitOpsAgent.Core.csproj src/GitOpsAgent.Core/
COPY src/GitOpsAgent.Kubernetes/GitOpsAgent.Kubernetes.csproj src/GitOpsAgent.Kubernetes/
COPY src/GitOpsAgent.Git/GitOpsAgent.Git.csproj src/GitOpsAgent.Git/
COPY src/GitOpsAgent.Rendering/GitOpsAgent.Rendering.csproj src/GitOpsAgent.Rendering/
COPY src/GitOpsAgent/GitOpsAgent.csproj src/GitOpsAgent/
RUN dotnet restore src/GitOpsAgent/GitOpsAgent.csproj
COPY src/ src/
# Framework-dependent and RID-neutral: the same IL runs on amd64 and arm64; the runtime image supplies .NET.
RUN dotnet publish src/GitOpsAgent/GitOpsAgent.csproj -c Release -o /app --no-restore --no-self-contained -p:UseAppHost=false

# ---------------------------------------------------------------------------------------------------------------------
# tools: the renderers the controller runs as processes. Versions and checksums are pinned; a mismatch fails the build.
# The checksums are the published ones (helm: get.helm.sh/helm-v${HELM_VERSION}-linux-${TARGETARCH}.tar.gz.sha256sum;
# kustomize: checksums.txt of its release); bump a version and its two checksums together.
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS tools
# Set by BuildKit from --platform; amd64 when building without it.
ARG TARGETARCH=amd64
ARG HELM_VERSION=3.17.2
ARG HELM_SHA256_AMD64=90c28792a1eb5fb0b50028e39ebf826531ebfcf73f599050dbd79bab2f277241
ARG HELM_SHA256_ARM64=d78d76ec7625a94991e887ac049d93f44bd70e4876200b945f813c9e1ed1df7c
ARG KUSTOMIZE_VERSION=5.6.0
ARG KUSTOMIZE_SHA256_AMD64=54e4031ddc4e7fc59e408da29e7c646e8e57b8088c51b84b3df0864f47b5148f
ARG KUSTOMIZE_SHA256_ARM64=ad8ab62d4f6d59a8afda0eec4ba2e5cd2f86bf1afeea4b78d06daac945eb0660
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /download
RUN case "${TARGETARCH}" in \
      amd64) helm_sha="${HELM_SHA256_AMD64}"; kustomize_sha="${KUSTOMIZE_SHA256_AMD64}" ;; \
      arm64) helm_sha="${HELM_SHA256_ARM64}"; kustomize_sha="${KUSTOMIZE_SHA256_ARM64}" ;; \
      *) echo "unsupported TARGETARCH ${TARGETARCH}" >&2; exit 1 ;; \
    esac \
 && helm_tgz="helm-v${HELM_VERSION}-linux-${TARGETARCH}.tar.gz" \
 && curl -fsSLo "${helm_tgz}" "https://get.helm.sh/${helm_tgz}" \
 && echo "${helm_sha}  ${helm_tgz}" | sha256sum -c - \
 && kustomize_tgz="kustomize_v${KUSTOMIZE_VERSION}_linux_${TARGETARCH}.tar.gz" \
 && curl -fsSLo "${kustomize_tgz}" "https://github.com/kubernetes-sigs/kustomize/releases/download/kustomize%2Fv${KUSTOMIZE_VERSION}/${kustomize_tgz}" \
 && echo "${kustomize_sha}  ${kustomize_tgz}" | sha256sum -c - \
 && mkdir -p /out \
 && tar -xzf "${helm_tgz}" --strip-components=1 -C /out "linux-${TARGETARCH}/helm" \
 && tar -xzf "${kustomize_tgz}" -C /out kustomize \
 && chmod 0755 /out/helm /out/kustomize \
 && /out/helm version --short \
 && /out/kustomize version

# ---------------------------------------------------------------------------------------------------------------------
# runtime. Not the chiseled (distroless) image: the controller shells out to git, to ssh for git over SSH, and to a
# small /bin/sh askpass script that hands credentials to git, and chiseled images have no shell, no git and no package
# manager to add them. .NET 10 ships no Debian images, so this is Ubuntu 24.04 (noble), kept minimal with
# --no-install-recommends.
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}-noble AS runtime
# VERSION is the project's <Version> (Directory.Build.props); REVISION the commit. The project has not chosen a license
# yet, hence SPDX NOASSERTION; set LICENSES and SOURCE_URL at release time.
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG LICENSES=NOASSERTION
ARG SOURCE_URL=https://github.com/gitops-agent/gitops-agent
LABEL org.opencontainers.image.title="gitops-agent" \
      org.opencontainers.image.description="GitOps continuous-delivery controller for Kubernetes: keeps the cluster in sync with Git." \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.licenses="${LICENSES}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"

RUN apt-get update \
 && apt-get install -y --no-install-recommends git openssh-client ca-certificates \
 && rm -rf /var/lib/apt/lists/*

# A fixed, non-root UID/GID so runAsNonRoot can be verified and volume ownership (fsGroup) is predictable.
RUN groupadd --system --gid 10001 gitops-agent \
 && useradd --system --uid 10001 --gid 10001 --home-dir /tmp --no-create-home --shell /usr/sbin/nologin gitops-agent

COPY --from=tools /out/helm /out/kustomize /usr/local/bin/
COPY --from=build /app /app

# Read-only root filesystem: everything written goes under /tmp (an emptyDir in Kubernetes), including HOME, where git,
# ssh and helm keep their config and caches, and the git cache itself.
# Workstation GC: the controller mostly waits on I/O, and server GC's per-core heaps would take a large, mostly idle
# share of the 1Gi memory limit.
ENV HOME=/tmp \
    GITOPSAGENT_CACHE_DIR=/tmp/gitops-agent \
    DOTNET_gcServer=0 \
    DOTNET_NOLOGO=1

USER 10001:10001
WORKDIR /app
EXPOSE 8080
# No HEALTHCHECK: Kubernetes ignores it; the chart's liveness (/healthz) and readiness (/readyz) probes do that job.
ENTRYPOINT ["dotnet", "/app/gitops-agent.dll"]
CMD ["run"]
