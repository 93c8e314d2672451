#!/bin/sh
# `minio server DIR [--address :PORT] [--console-address ...]` for s3proxy (test image).
set -eu
dir=/data
port=9000
if [ "${1:-}" = server ]; then shift; fi
while [ $# -gt 0 ]; do
  case "$1" in
    --address) port="${2##*:}"; shift 2 ;;
    --console-address) shift 2 ;;
    -*) shift ;;
    *) dir="$1"; shift ;;
  esac
done
mkdir -p "$dir"
for b in ${S3_BUCKETS:-}; do mkdir -p "$dir/$b"; done
conf=/tmp/s3proxy.conf
cat > "$conf" <<CONF
s3proxy.endpoint=http://0.0.0.0:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${MINIO_ROOT_USER:-minioadmin}
s3proxy.credential=${MINIO_ROOT_PASSWORD:-minioadmin}
jclouds.provider=filesystem
jclouds.identity=unused
jclouds.credential=unused
jclouds.filesystem.basedir=$dir
CONF
exec java -Xmx256m -cp '/opt/s3proxy/lib/*' org.gaul.s3proxy.Main --properties "$conf"
