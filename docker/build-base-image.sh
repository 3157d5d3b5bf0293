#!/usr/bin/env bash
# Builds a Java 17 runtime base image from Debian packages only, so that the application image can be built where
# no container registry is reachable (CI, air-gapped build hosts). Needs root, debootstrap, docker and a Debian mirror.
#
#   docker/build-base-image.sh [--force]
#
# Environment:
#   BASE_IMAGE     tag to create              (default local/debian-jre17:bookworm)
#   DEBIAN_MIRROR  Debian archive URL         (default http://deb.debian.org/debian)
#   DEBIAN_SECURITY_MIRROR                    (default http://deb.debian.org/debian-security)
#   WORK_PARENT    where the temporary rootfs is assembled (default ${TMPDIR:-/var/tmp}); needs about 1 GB
#
# An existing image with that tag is reused unless --force is given, so calling this twice is cheap.
set -euo pipefail

readonly IMAGE="${BASE_IMAGE:-local/debian-jre17:bookworm}"
readonly SUITE=bookworm
readonly MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
readonly SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
readonly PACKAGES=(openjdk-17-jre-headless)

log() { printf '[base-image] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

force=false
case "${1:-}" in
  "") ;;
  --force) force=true ;;
  -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
  *) die "unknown argument '$1' (only --force is accepted)" ;;
esac

[[ $(id -u) -eq 0 ]] || die "must run as root (debootstrap and chroot need it)"
for tool in debootstrap docker chroot mount umount mountpoint tar; do
  command -v "$tool" >/dev/null || die "'$tool' not found; on Debian: apt-get install -y debootstrap docker.io"
done
docker info >/dev/null 2>&1 || die "the docker daemon does not answer; start dockerd first"

if ! $force && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE already exists, reusing it (pass --force to rebuild)"
  exit 0
fi

started=$SECONDS
workdir=$(mktemp -d "${WORK_PARENT:-${TMPDIR:-/var/tmp}}/aspd-base-image.XXXXXX")
rootfs="$workdir/rootfs"
build_log="$workdir/build.log"

# Runs on every exit path: the proc mount must never outlive the script, or the rootfs cannot be deleted and the
# host keeps a stray mount. The log is kept for inspection only when the build failed.
cleanup() {
  local status=$?
  if mountpoint -q "$rootfs/proc" 2>/dev/null; then
    umount "$rootfs/proc" || umount -l "$rootfs/proc" || log "WARNING: could not unmount $rootfs/proc"
  fi
  if [[ $status -ne 0 ]]; then
    if [[ -s $build_log ]]; then
      log "last lines of $build_log:"
      tail -n 25 "$build_log" >&2
      cp "$build_log" "${workdir%/*}/aspd-base-image-failed.log" && log "full log kept in ${workdir%/*}/aspd-base-image-failed.log"
    fi
    log "FAILED after $((SECONDS - started)) s"
  fi
  if ! mountpoint -q "$rootfs/proc" 2>/dev/null; then
    rm -rf "$workdir"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

in_root() { chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }

log "bootstrapping Debian $SUITE (minbase) from $MIRROR"
debootstrap --variant=minbase "$SUITE" "$rootfs" "$MIRROR" >>"$build_log" 2>&1 \
  || die "debootstrap failed (mirror reachable? see the log lines above)"

cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY_MIRROR $SUITE-security main
EOF
# Package scripts must not try to start services inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
chmod 755 "$rootfs/usr/sbin/policy-rc.d"

# The JRE's post-install scripts (ca-certificates-java) run java, which reads /proc.
mount -t proc proc "$rootfs/proc"

log "installing ${PACKAGES[*]} with security updates"
{
  in_root apt-get update
  in_root apt-get -y upgrade
  in_root apt-get install -y --no-install-recommends "${PACKAGES[@]}"
  in_root apt-get clean
} >>"$build_log" 2>&1 || die "apt-get inside the rootfs failed"

# shellcheck disable=SC2016  # expanded inside the chroot, on purpose
java_home=$(in_root sh -c 'dirname "$(dirname "$(readlink -f /usr/bin/java)")"')
java_version=$(in_root java -version 2>&1 | head -n 1)
umount "$rootfs/proc"

# Leave no build-host traces and no package indexes in the image; resolv.conf and hostname are provided by the
# container runtime at run time.
rm -f "$rootfs/usr/sbin/policy-rc.d"
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/log/* "$rootfs"/tmp/* "$rootfs"/var/tmp/*
: >"$rootfs/etc/resolv.conf"
: >"$rootfs/etc/hostname"

log "importing the rootfs as $IMAGE ($java_version)"
tar --numeric-owner -C "$rootfs" -c . | docker import \
  --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV JAVA_HOME=$java_home" \
  --change "ENV LANG=C.UTF-8" \
  --change 'CMD ["java", "-version"]' \
  --message "Debian $SUITE minbase + ${PACKAGES[*]}" \
  - "$IMAGE" >>"$build_log" 2>&1 || die "docker import failed"

size=$(docker image inspect --format '{{.Size}}' "$IMAGE")
log "built $IMAGE in $((SECONDS - started)) s ($((size / 1024 / 1024)) MB)"
