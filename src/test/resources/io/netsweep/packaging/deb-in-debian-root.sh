#!/usr/bin/env bash
# Installs a netsweep .deb into a fresh Debian root and uses it there, as DebPackageIT asks:
#   deb-in-debian-root.sh ROOT_TARBALL DEB
# The root (made by mmdebstrap from Debian's packages) is unpacked into a temporary folder and entered with chroot
# inside new mount, PID and network namespaces: the only network is the namespace's own loopback, every mount goes
# with the namespace, and every process with its PID namespace. The folder is removed at the end, even on failure.
# Each step's output follows a line "== STEP"; a failed command fails the script.
set -euo pipefail
tarball=$1
deb=$2
root=$(mktemp -d /var/tmp/nsw-debroot-XXXXXX)
trap 'rm -rf "$root"' EXIT
tar -C "$root" -xf "$tarball"
cp "$deb" "$root/tmp/netsweep.deb"

unshare --mount --net --pid --fork --kill-child bash -s "$root" <<'INNER'
set -euo pipefail
root=$1
mount --make-rprivate /
ip link set lo up
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
in_root() {
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 "$@"
}
as_user() { # USER COMMAND...: as that user, with the groups /etc/group gives it
  local user=$1
  shift
  in_root setpriv --reuid="$user" --regid="$user" --init-groups env HOME="/home/$user" "$@"
}
step() { echo "== $1"; }
raw=/usr/lib/netsweep/bin/java-netraw

# A listener on the namespace's loopback, from the host's python3: the port every scan below must find open.
coproc listener { exec python3 -c 'import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64)
print(s.getsockname()[1], flush=True); sys.stdin.read()'; }
read -r port <&"${listener[0]}"
scan() { # the same loopback scan for everyone
  "$@" netsweep -n --no-save --no-progress -o json -p "$port" 127.0.0.1
}

step install
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends /tmp/netsweep.deb 2>&1
step which
in_root sh -c 'command -v netsweep'
step version
in_root netsweep --version
step caps-by-default
in_root getcap "$raw"
in_root stat -c '%a %U %G' "$raw"
step scan-as-root
scan in_root
in_root useradd --create-home --user-group member
in_root useradd --create-home --user-group other
step scan-as-member-by-default
scan as_user member

step agree
echo 'netsweep netsweep/raw-sockets boolean true' | in_root debconf-set-selections
in_root env DEBIAN_FRONTEND=noninteractive dpkg-reconfigure netsweep 2>&1
in_root usermod -aG netsweep member
step caps-agreed
in_root getcap "$raw"
in_root stat -c '%a %U %G' "$raw"
step scan-as-member-agreed
scan as_user member
# A member whose bounding set lacks CAP_NET_RAW (a container that drops it): the kernel would refuse to exec
# java-netraw (EPERM), so the launcher takes the plain java and the fallbacks.
step scan-as-member-agreed-without-net-raw-bound
scan in_root setpriv --reuid=member --regid=member --init-groups --bounding-set=-net_raw env HOME=/home/member
# Why java-netraw has an absolute RUNPATH: the runtime's own java with the same capability runs in
# secure-execution mode, where glibc expands the $ORIGIN of its RUNPATH only to a directory under a system library
# directory (/usr/lib here). Under /usr/lib it happens to work; copied elsewhere (/opt) it cannot find libjli.so.
step plain-java-with-capability-in-usr-lib
in_root cp /usr/lib/netsweep/bin/java /usr/lib/netsweep/bin/java-plain
in_root setcap cap_net_raw+ep /usr/lib/netsweep/bin/java-plain
as_user member /usr/lib/netsweep/bin/java-plain -version 2>&1 || echo "exit code $?"
in_root rm /usr/lib/netsweep/bin/java-plain
step plain-java-with-capability-in-opt
in_root cp -a /usr/lib/netsweep /opt/netsweep
in_root setcap cap_net_raw+ep /opt/netsweep/bin/java
as_user member /opt/netsweep/bin/java -version 2>&1 || echo "exit code $?"
in_root rm -rf /opt/netsweep
step scan-as-other-agreed
scan as_user other

step disagree
echo 'netsweep netsweep/raw-sockets boolean false' | in_root debconf-set-selections
in_root env DEBIAN_FRONTEND=noninteractive dpkg-reconfigure netsweep 2>&1
step caps-withdrawn
in_root getcap "$raw"
in_root stat -c '%a %U %G' "$raw"
step scan-as-member-withdrawn
scan as_user member

step purge
in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y netsweep 2>&1
in_root sh -c 'command -v netsweep || echo "netsweep: gone"'
in_root sh -c 'if [ -e /usr/lib/netsweep ]; then echo "/usr/lib/netsweep: still there"; else echo "/usr/lib/netsweep: gone"; fi'
step end
INNER
