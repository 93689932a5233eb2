#!/bin/sh
# netsweep as installed from its runtime image: the image's own java (no JDK on the machine), the JVM flags of the
# repository's ./netsweep, and the class-data-sharing archive recorded when the image was built. Nothing here is
# built or written at run time: the image is read-only.
set -e
self=$0
if [ -L "$self" ]; then
  self=$(readlink -f "$self") # /usr/bin/netsweep links here
fi
case $self in
  */*) home=${self%/*}/.. ;;
  *) home=.. ;;
esac
java=$home/bin/java
# java-netraw is the same launcher with file capabilities (cap_net_raw) where the administrator agreed
# (dpkg-reconfigure netsweep), executable by the group netsweep only: raw ICMP and SYN scans without root. Others
# run the plain java and get netsweep's unprivileged fallbacks. So does a process whose capability bounding set
# lacks CAP_NET_RAW (a container that drops it): the kernel refuses to exec a file whose effective file capabilities
# it cannot grant in full (EPERM), so java-netraw would not start at all there.
net_raw_bounded() { # CAP_NET_RAW (bit 13) in this process's bounding set
  while read -r key value; do
    if [ "$key" = CapBnd: ]; then
      [ $((0x$value >> 13 & 1)) = 1 ]
      return
    fi
  done </proc/self/status
  return 1
}
if [ -x "$home/bin/java-netraw" ] && net_raw_bounded; then
  java=$home/bin/java-netraw
fi
# The same flags as ./netsweep (LauncherFlagsTest keeps them equal): see the reasons there.
jvm="-XX:+UseSerialGC -Xms16m -XX:TieredStopAtLevel=1"
if [ "${1:-}" = ui ]; then
  jvm="-XX:+UseG1GC -Xms16m -Xmx256m -XX:G1PeriodicGCInterval=30000 -XX:TieredStopAtLevel=1"
fi
# shellcheck disable=SC2086 # $jvm is a list of flags
exec "$java" -XX:SharedArchiveFile="$home/app/netsweep.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off $jvm \
  -jar "$home/app/netsweep.jar" "$@"
