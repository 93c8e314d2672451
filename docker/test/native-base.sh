#!/usr/bin/env bash
# Builds localhost/trackway-native-base: a distroless-like runtime base for the native executable
# made from Debian's packages (glibc, zlib, libgcc, libstdc++, CA certificates, tzdata, plus dash
# and coreutils so that the Dockerfiles' RUN steps work), for machines that cannot pull
# quay.io/quarkus/ubi9-quarkus-micro-image. Needs podman and apt (Debian 12, root). About 30 MB.
#   docker/test/native-base.sh && podman build -f docker/Dockerfile.native-runtime \
#     --build-arg BASE_IMAGE=localhost/trackway-native-base --build-arg RUNNER=target/native/... .
set -euo pipefail
IMAGE=${1:-localhost/trackway-native-base}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download -q libc6 zlib1g libgcc-s1 libstdc++6 ca-certificates tzdata netbase dash coreutils \
  libselinux1 libpcre2-8-0 libacl1 libattr1 libgmp10 2>/dev/null
mkdir rootfs
for d in *.deb; do dpkg-deb -x "$d" rootfs; done
ln -sf dash rootfs/bin/sh
mkdir -p rootfs/tmp rootfs/root rootfs/etc/ssl/certs
chmod 1777 rootfs/tmp
[ -f /etc/ssl/certs/ca-certificates.crt ] && cp /etc/ssl/certs/ca-certificates.crt rootfs/etc/ssl/certs/
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' > rootfs/etc/passwd
printf 'root:x:0:\nnogroup:x:65534:\n' > rootfs/etc/group
rm -rf rootfs/usr/share/doc rootfs/usr/share/man rootfs/usr/share/locale rootfs/usr/share/info
tar -C rootfs -c . | podman import --change 'CMD ["/bin/sh"]' - "$IMAGE" >/dev/null
echo "$IMAGE: $(podman image inspect "$IMAGE" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"
