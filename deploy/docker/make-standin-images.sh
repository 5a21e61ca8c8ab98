#!/usr/bin/env bash
# make-standin-images.sh: build the base images the Dockerfiles name, without a registry.
#
# The Dockerfiles name the official images:
#   mcr.microsoft.com/dotnet/sdk:10.0      (build stage of every .NET image)
#   mcr.microsoft.com/dotnet/aspnet:10.0   (upstream and the .NET workers: ASP.NET Core apps)
#   mcr.microsoft.com/dotnet/runtime:10.0  (the orchestrator, a console program; the aspnet
#                                           stand-in is built on it, as the official one is)
#   debian:bookworm-slim                   (the CPython worker: Debian's python3 packages)
#   node:20-bookworm-slim                  (the Node.js worker: Node 20 and npm)
# On a machine that cannot pull them (no registry, only a Debian mirror), this script makes local
# stand-ins with exactly those tags, so `docker-compose build` runs the Dockerfiles unchanged:
#   1. `debootstrap --variant=minbase bookworm` with the native libraries .NET needs (ICU,
#      OpenSSL, zlib, libstdc++, tzdata, CA certificates), plus the user `app` (uid/gid 1654) and
#      `APP_UID=1654`, as the official .NET images have;
#   2. the certificates of this host's CA bundle added to the image's trust store, so that a
#      NuGet or npm restore inside a build works behind a TLS-intercepting proxy;
#   3. `docker import` of that tree, then on top of it this machine's own .NET install
#      (default /usr/share/dotnet, linked from /usr/bin/dotnet): runtime = host + Microsoft.NETCore.App,
#      aspnet = runtime + Microsoft.AspNetCore.App, sdk = the whole install plus clang-14 and
#      zlib1g-dev (the NativeAOT toolchain the worker-process image's child build needs);
#   4. debian:bookworm-slim = that tree as it is (a superset of the official slim image: it also
#      has CA certificates and the `app` user); node:20-bookworm-slim = the same plus this
#      machine's Node 20 (default /usr/bin/node: Debian 12's own nodejs is 18, too old for the
#      worker) and the npm beside it, in /usr/local as the official image has them.
# The official .NET 10 images are Ubuntu 24.04 based; the stand-ins are Debian 12. All of them have
# bash, coreutils and apt-get, which is all the Dockerfiles rely on.
#
# Idempotent: an image whose tag already exists (a stand-in made earlier, or a real image pulled
# from the registry) is left alone. `--force` rebuilds all five stand-ins.
#
# Usage: sudo deploy/docker/make-standin-images.sh [--force]
# Environment (all optional):
#   DEBIAN_MIRROR   default http://deb.debian.org/debian
#   DOTNET_HOST_DIR default /usr/share/dotnet  (must hold a 10.0 SDK, runtime and ASP.NET Core)
#   NODE_HOST_BIN   default /usr/bin/node      (must be Node 20; npm is taken from beside it)
#   CA_BUNDLE       default /etc/ssl/certs/ca-certificates.crt
#   STANDIN_WORKDIR default /var/tmp/simul-standin (scratch space, removed at the end)
# Needs: root, docker (daemon running), debootstrap (installed with apt-get if missing).
# Takes about two minutes the first time (debootstrap ~35 s, clang-14 ~40 s, imports and copies).
set -euo pipefail

SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DOTNET_HOST_DIR=${DOTNET_HOST_DIR:-/usr/share/dotnet}
NODE_HOST_BIN=${NODE_HOST_BIN:-/usr/bin/node}
CA_BUNDLE=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
WORK=${STANDIN_WORKDIR:-/var/tmp/simul-standin}
APP_UID=1654

BASE_TAG=simul-standin/debian:bookworm-dotnet-deps
SDKDEPS_TAG=simul-standin/debian:bookworm-dotnet-sdk-deps
RUNTIME_TAG=mcr.microsoft.com/dotnet/runtime:10.0
ASPNET_TAG=mcr.microsoft.com/dotnet/aspnet:10.0
SDK_TAG=mcr.microsoft.com/dotnet/sdk:10.0
DEBIAN_TAG=debian:$SUITE-slim
NODE_TAG=node:20-$SUITE-slim
TAGS=("$RUNTIME_TAG" "$ASPNET_TAG" "$SDK_TAG" "$DEBIAN_TAG" "$NODE_TAG")
LABEL_KEY=org.simul.standin

FORCE=0
case "${1:-}" in
  --force) FORCE=1 ;;
  "") ;;
  -h|--help) sed -n '2,41p' "$0"; exit 0 ;;
  *) echo "unknown argument: $1" >&2; exit 2 ;;
esac

log() { printf '[standin %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
have_image() { docker image inspect "$1" >/dev/null 2>&1; }
# A tag needs building when it is missing, or when --force is given and the tag is one of ours.
needs() {
  have_image "$1" || return 0
  [[ $FORCE == 1 ]] && [[ -n "$(docker image inspect -f "{{index .Config.Labels \"$LABEL_KEY\"}}" "$1" 2>/dev/null)" ]] && return 0
  return 1
}

needs_any() { local tag; for tag in "${TAGS[@]}"; do needs "$tag" && return 0; done; return 1; }

if ! needs_any; then
  log "all five images exist (${TAGS[*]}): nothing to do"
  exit 0
fi

[[ $(id -u) == 0 ]] || { echo "run as root (debootstrap and chroot need it)" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "the docker daemon is not reachable" >&2; exit 1; }
command -v debootstrap >/dev/null || { log "installing debootstrap"; DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null; }

# What the host's .NET install holds: one 10.0 runtime, ASP.NET Core and SDK.
pick_version() { # dir -> highest 10.0.x entry
  find "$1" -mindepth 1 -maxdepth 1 -type d -name '10.0.*' -printf '%f\n' 2>/dev/null | sort -V | tail -n 1
}
NETCORE_VERSION=$(pick_version "$DOTNET_HOST_DIR/shared/Microsoft.NETCore.App")
ASPNET_VERSION=$(pick_version "$DOTNET_HOST_DIR/shared/Microsoft.AspNetCore.App")
SDK_VERSION=$(pick_version "$DOTNET_HOST_DIR/sdk")
for v in NETCORE_VERSION ASPNET_VERSION SDK_VERSION; do
  [[ -n ${!v} ]] || { echo "$DOTNET_HOST_DIR lacks a 10.0 ${v%_VERSION} (see DOTNET_HOST_DIR)" >&2; exit 1; }
done
[[ -s $CA_BUNDLE ]] || { echo "CA bundle $CA_BUNDLE not found" >&2; exit 1; }
log ".NET on this host: runtime $NETCORE_VERSION, aspnet $ASPNET_VERSION, sdk $SDK_VERSION"
NODE_VERSION=$("$NODE_HOST_BIN" --version 2>/dev/null | sed 's/^v//') || true
NPM_DIR=$(dirname "$(readlink -f "$NODE_HOST_BIN")")/../lib/node_modules/npm
[[ $NODE_VERSION == 20.* ]] || { echo "$NODE_HOST_BIN is not Node 20 (${NODE_VERSION:-missing}; see NODE_HOST_BIN)" >&2; exit 1; }
[[ -f $NPM_DIR/bin/npm-cli.js ]] || { echo "no npm beside $NODE_HOST_BIN (looked in $NPM_DIR)" >&2; exit 1; }
log "Node on this host: $NODE_VERSION"

ROOT="$WORK/rootfs"
# --one-file-system: never follow a mount (proc, a bind of /dev) left inside the tree.
remove_work() { [[ -d $WORK ]] && rm -rf --one-file-system "$WORK"; return 0; }
cleanup() {
  for m in proc dev; do if mountpoint -q "$ROOT/$m" 2>/dev/null; then umount -l "$ROOT/$m"; fi; done
  remove_work
}
trap cleanup EXIT
for m in proc dev; do if mountpoint -q "$ROOT/$m" 2>/dev/null; then umount -l "$ROOT/$m"; fi; done
remove_work
mkdir -p "$WORK"

in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }
mount_root() {
  mount -t proc proc "$ROOT/proc"
  # debootstrap makes the few device nodes apt needs; bind /dev only where it could not.
  [[ -c $ROOT/dev/null ]] || mount --bind /dev "$ROOT/dev"
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
}
umount_root() {
  if mountpoint -q "$ROOT/dev"; then umount -l "$ROOT/dev"; fi
  umount -l "$ROOT/proc"
  : > "$ROOT/etc/resolv.conf"   # docker provides its own at run time
}
# Trust every certificate of the host bundle (it includes any TLS-intercepting proxy's CA):
# one file per certificate under /usr/local/share/ca-certificates, then update-ca-certificates,
# so the certificates survive later `update-ca-certificates` runs (package triggers).
trust_host_cas() {
  local dir="$ROOT/usr/local/share/ca-certificates/host"
  mkdir -p "$dir"
  awk -v dir="$dir" '
    /-----BEGIN CERTIFICATE-----/ { n++; f = sprintf("%s/host-%04d.crt", dir, n); inside = 1 }
    inside { print > f }
    /-----END CERTIFICATE-----/ { inside = 0; close(f) }
  ' "$CA_BUNDLE"
  in_root update-ca-certificates >/dev/null 2>&1
}
slim_root() {
  in_root apt-get clean
  rm -rf "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/cache/apt/*.bin "$ROOT"/var/log/*.log \
         "$ROOT"/usr/share/doc/* "$ROOT"/usr/share/man/* "$ROOT"/usr/share/info/* "$ROOT"/tmp/*
}
import_root() { # tag
  log "docker import -> $1"
  tar --numeric-owner -C "$ROOT" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV APP_UID=$APP_UID" \
    --change "LABEL $LABEL_KEY=debian-$SUITE" \
    --change 'CMD ["bash"]' - "$1" >/dev/null
}

if needs_any; then
  if [[ $FORCE == 1 ]] || ! have_image "$BASE_TAG" || ! have_image "$SDKDEPS_TAG"; then
    t0=$SECONDS
    log "debootstrap --variant=minbase $SUITE from $MIRROR"
    debootstrap --variant=minbase \
      --include=ca-certificates,libicu72,libssl3,libstdc++6,libgcc-s1,tzdata,zlib1g,passwd \
      "$SUITE" "$ROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
      || { tail -n 30 "$WORK/debootstrap.log" >&2; exit 1; }
    log "debootstrap done in $((SECONDS - t0)) s"
    mount_root
    in_root groupadd --gid "$APP_UID" app
    in_root useradd --uid "$APP_UID" --gid "$APP_UID" --no-log-init --create-home --shell /bin/bash app
    trust_host_cas
    umount_root
    slim_root
    import_root "$BASE_TAG"

    t0=$SECONDS
    log "apt-get install clang-14 zlib1g-dev (NativeAOT toolchain for the sdk stand-in)"
    mount_root
    in_root apt-get update -q >"$WORK/apt.log" 2>&1 || { tail -n 20 "$WORK/apt.log" >&2; exit 1; }
    in_root apt-get install -y -q --no-install-recommends clang-14 zlib1g-dev >>"$WORK/apt.log" 2>&1 \
      || { tail -n 30 "$WORK/apt.log" >&2; exit 1; }
    umount_root
    slim_root
    log "clang-14 installed in $((SECONDS - t0)) s"
    import_root "$SDKDEPS_TAG"
  else
    log "reusing $BASE_TAG and $SDKDEPS_TAG"
  fi

  # Build contexts: hard links into the host's .NET install when on the same file system.
  link_copy() { cp -al "$1" "$2" 2>/dev/null || cp -a "$1" "$2"; }
  build() { # tag context
    log "docker build -> $1"
    docker build -q -t "$1" "$2" >/dev/null
  }
  ENV_COMMON="DOTNET_RUNNING_IN_CONTAINER=true APP_UID=$APP_UID"

  if needs "$RUNTIME_TAG"; then
    ctx="$WORK/ctx-runtime"; mkdir -p "$ctx/dotnet/shared"
    for f in dotnet LICENSE.txt ThirdPartyNotices.txt host; do
      [[ -e $DOTNET_HOST_DIR/$f ]] && link_copy "$DOTNET_HOST_DIR/$f" "$ctx/dotnet/$f"
    done
    mkdir -p "$ctx/dotnet/shared/Microsoft.NETCore.App"
    link_copy "$DOTNET_HOST_DIR/shared/Microsoft.NETCore.App/$NETCORE_VERSION" "$ctx/dotnet/shared/Microsoft.NETCore.App/$NETCORE_VERSION"
    cat >"$ctx/Dockerfile" <<EOF
FROM $BASE_TAG
ENV $ENV_COMMON DOTNET_VERSION=$NETCORE_VERSION
COPY dotnet /usr/share/dotnet
RUN ln -sf /usr/share/dotnet/dotnet /usr/bin/dotnet && dotnet --list-runtimes
LABEL $LABEL_KEY=runtime-$NETCORE_VERSION
EOF
    build "$RUNTIME_TAG" "$ctx"
  fi

  if needs "$ASPNET_TAG"; then
    ctx="$WORK/ctx-aspnet"; mkdir -p "$ctx"
    link_copy "$DOTNET_HOST_DIR/shared/Microsoft.AspNetCore.App/$ASPNET_VERSION" "$ctx/aspnetcore"
    cat >"$ctx/Dockerfile" <<EOF
FROM $RUNTIME_TAG
ENV ASPNET_VERSION=$ASPNET_VERSION ASPNETCORE_HTTP_PORTS=8080
COPY aspnetcore /usr/share/dotnet/shared/Microsoft.AspNetCore.App/$ASPNET_VERSION
RUN dotnet --list-runtimes
LABEL $LABEL_KEY=aspnet-$ASPNET_VERSION
EOF
    build "$ASPNET_TAG" "$ctx"
  fi

  if needs "$SDK_TAG"; then
    ctx="$WORK/ctx-sdk"; mkdir -p "$ctx"
    link_copy "$DOTNET_HOST_DIR" "$ctx/dotnet"
    # NUGET_CERT_REVOCATION_MODE=offline: package signature checks cannot reach revocation lists
    # from a machine that only reaches package registries (the official image does not need it).
    cat >"$ctx/Dockerfile" <<EOF
FROM $SDKDEPS_TAG
ENV $ENV_COMMON DOTNET_VERSION=$NETCORE_VERSION ASPNET_VERSION=$ASPNET_VERSION \\
    DOTNET_SDK_VERSION=$SDK_VERSION DOTNET_GENERATE_ASPNET_CERTIFICATE=false DOTNET_NOLOGO=true \\
    DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_USE_POLLING_FILE_WATCHER=true NUGET_XMLDOC_MODE=skip \\
    NUGET_CERT_REVOCATION_MODE=offline
COPY dotnet /usr/share/dotnet
RUN ln -sf /usr/share/dotnet/dotnet /usr/bin/dotnet && dotnet --version
LABEL $LABEL_KEY=sdk-$SDK_VERSION
EOF
    build "$SDK_TAG" "$ctx"
  fi

  if needs "$DEBIAN_TAG"; then
    ctx="$WORK/ctx-debian"; mkdir -p "$ctx"
    printf 'FROM %s\nLABEL %s=debian-%s\n' "$BASE_TAG" "$LABEL_KEY" "$SUITE" >"$ctx/Dockerfile"
    build "$DEBIAN_TAG" "$ctx"
  fi

  if needs "$NODE_TAG"; then
    ctx="$WORK/ctx-node"; mkdir -p "$ctx"
    cp "$NODE_HOST_BIN" "$ctx/node"
    link_copy "$NPM_DIR" "$ctx/npm"
    # Node keeps its own CA list; NODE_EXTRA_CA_CERTS adds the system store (with this host's CAs).
    cat >"$ctx/Dockerfile" <<EOF
FROM $BASE_TAG
ENV NODE_VERSION=$NODE_VERSION NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
 && node --version && npm --version
LABEL $LABEL_KEY=node-$NODE_VERSION
EOF
    build "$NODE_TAG" "$ctx"
  fi
fi

docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E '^(mcr.microsoft.com/dotnet/|simul-standin/|debian:|node:)' || true
log "done"
