#!/usr/bin/env bash
# Runs netsweep's container image (an unpacked OCI bundle's rootfs) as Kubernetes would run the manifests' pods, as
# ContainerImageIT asks:
#   container-in-namespaces.sh ROOTFS UID GID CWD ENV_FILE ENTRYPOINT...
# ENV_FILE holds the image's environment (KEY=VALUE a line); ENTRYPOINT the image's. The root file system is mounted
# read-only with empty writable /tmp and /var/lib/netsweep (the pods' readOnlyRootFilesystem and emptyDir volumes),
# and entered with chroot as the image's user inside new mount, PID and network namespaces whose only network is
# their own loopback. Each run gets a capability bounding set as a pod's securityContext gives it. Each step's output
# follows a line "== STEP"; a failed command fails the script.
set -euo pipefail

unshare --mount --net --pid --fork --kill-child bash -s "$@" <<'INNER'
set -euo pipefail
rootfs=$1 uid=$2 gid=$3 cwd=$4 envfile=$5
shift 5
entrypoint=("$@")
mapfile -t image_env <"$envfile"
mount --make-rprivate /
ip link set lo up
mount --bind "$rootfs" "$rootfs"
mount -o remount,bind,ro "$rootfs"
mount -t proc proc "$rootfs/proc"
mount --rbind /dev "$rootfs/dev"
mount -t tmpfs -o mode=1777 tmpfs "$rootfs/tmp"
mount -t tmpfs -o "uid=$uid,gid=$gid,mode=0700" tmpfs "$rootfs/var/lib/netsweep"
step() { echo "== $1"; }
pod() { # BOUNDING_SET [SETPRIV_OPTION...] -- ARGS...: the entrypoint with ARGS, as the image's user
  local bounding=$1
  shift
  local opts=()
  while [ "$1" != -- ]; do opts+=("$1"); shift; done
  shift
  chroot "$rootfs" /usr/bin/setpriv --reuid="$uid" --regid="$gid" --clear-groups --bounding-set="$bounding" \
    --inh-caps=-all "${opts[@]}" /usr/bin/env -i -C "$cwd" "${image_env[@]}" "${entrypoint[@]}" "$@"
}
coproc listener { exec python3 -c 'import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64)
print(s.getsockname()[1], flush=True); sys.stdin.read()'; }
read -r port <&"${listener[0]}"
scan=(-n --no-save --no-progress -o json -p "$port" 127.0.0.1)

step version
pod -all -- --version
step whoami
chroot "$rootfs" /usr/bin/setpriv --reuid="$uid" --regid="$gid" --clear-groups /usr/bin/id
# The scan Job's container: capabilities drop ALL, add NET_RAW, privilege escalation allowed.
step scan-net-raw
pod -all,+net_raw -- "${scan[@]}"
# The UI Deployment's container: every capability dropped, no privilege escalation.
step scan-no-capabilities
pod -all --no-new-privs -- "${scan[@]}"
# NET_RAW added but privilege escalation refused: no_new_privs makes the kernel ignore java-netraw's file capability.
step scan-net-raw-no-new-privs
pod -all,+net_raw --no-new-privs -- "${scan[@]}"
step writable
chroot "$rootfs" /usr/bin/setpriv --reuid="$uid" --regid="$gid" --clear-groups \
  sh -c 'touch /usr/lib/netsweep/x 2>&1 || echo "root file system: read-only"'
step end
INNER
