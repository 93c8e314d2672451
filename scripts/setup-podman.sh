#!/usr/bin/env bash
# Makes podman work on this machine kind (root, cgroup v1 "hybrid", no systemd, hard nofile limit, no
# container registry) and builds a local Debian 12 base image, localhost/debian:bookworm, from Debian's
# packages with debootstrap. Idempotent; ~2 min the first time, seconds after.
# (Kept in the repository so CI, which has no shared tools folder, can run it; used by
# scripts/container-test.sh.)
# Build images FROM that base with the host's apt sources bind-mounted, so no mirror is baked in:
#   podman build --format docker -v /etc/apt/sources.list.d:/etc/apt/sources.list.d:ro --build-arg ... -t NAME DIR
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v debootstrap >/dev/null; then
  apt-get -qq update
  apt-get -qq install -y --no-install-recommends podman buildah runc conmon netavark aardvark-dns slirp4netns \
    containernetworking-plugins catatonit uidmap fuse-overlayfs iptables debootstrap curl >/dev/null
fi
# crun refuses cgroup v1 hybrid hosts: use runc. Root cannot raise its hard limits here: stay at them.
mkdir -p /etc/containers/containers.conf.d
cat > /etc/containers/containers.conf.d/90-local.conf <<CONF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=32768:32768"]
[engine]
runtime = "runc"
CONF
if ! podman image exists localhost/debian:bookworm; then
  mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/{print $2; exit}')
  [ -n "$mirror" ] || mirror=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list)
  root=$(mktemp -d)
  debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
  rm -rf "$root"/etc/apt/sources.list "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin \
         "$root"/var/cache/apt/archives/*.deb "$root"/usr/share/{doc,man,locale,info}/* \
         "$root"/var/log/bootstrap.log "$root"/var/log/apt/* "$root"/var/log/dpkg.log
  tar --numeric-owner -C "$root" -c . | podman import -q --change 'CMD ["/bin/bash"]' - localhost/debian:bookworm >/dev/null
  rm -rf "$root"
fi
echo "podman ready: $(podman --version); base image localhost/debian:bookworm"
