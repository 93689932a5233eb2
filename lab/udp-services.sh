#!/usr/bin/env bash
# netsweep UDP lab: real Debian UDP daemons on one target host in a network namespace, for -sU and -sU -sV.
#
#   lab/udp-services.sh up     [--name N]   build it, start the daemons, write the ground truth
#   lab/udp-services.sh down   [--name N]   remove it (also after a partial build)
#   lab/udp-services.sh status [--name N]   what exists
#
# Two namespaces joined by one veth pair: N-scan (10.233.0.1/24, the scanner) and N-svc (the target, 10.233.0.2),
# neither with a route out. On the target: dnsmasq (53), chronyd (123, local reference mode), snmpd (161, community
# public read-only), miniupnpd (1900, SSDP), avahi-daemon (5353, mDNS, without D-Bus, in a mount namespace of its
# own so its pid file and service directory are the lab's), an nftables table that drops the UDP ports listed in
# DROPPED, and the kernel's default ICMP rate limit (a veth is not loopback, which the limit spares): every other
# UDP port is closed. Each daemon's config and pid file live under /run/netsweep-udplab/N/, and each is killed by
# its PID at teardown. Where ntpsec is available (.ci/run unpacks it), a second target host, N-ntp (10.233.1.2/24, on
# a veth pair of its own to the scanner's 10.233.1.1), runs ntpsec's ntpd on 123 (orphan mode, its clock discipline
# off, mode 6 queries allowed from the scanner), as chronyd holds port 123 on the first. The ground truth (JSON: open ports with the product and version each daemon reports of
# itself, dropped ports; every other port closed; "ntpsec" the second host's daemon, or null) goes to
# /run/netsweep-udplab/N/ground-truth.json. A third target host, N-mdns (10.233.2.2/24, on a veth pair to the scanner's
# 10.233.2.1), runs avahi-daemon as Debian installs it: no service file, no workstation or HINFO record, only its host
# name and addresses ("plain_mdns" in the ground truth). Root only.
set -Eeuo pipefail

readonly STATE_ROOT=/run/netsweep-udplab
readonly EXTRA_ROOT=${NETSWEEP_LAB_EXTRA:-/opt/netsweep-lab}
readonly SCANNER_IP=10.233.0.1
readonly TARGET_IP=10.233.0.2
readonly NTPSEC_SCANNER_IP=10.233.1.1
readonly NTPSEC_IP=10.233.1.2
readonly MDNS_SCANNER_IP=10.233.2.1
readonly MDNS_IP=10.233.2.2
readonly MDNS_HOST_NAME=udplab-plain
readonly READY_TIMEOUT=${NETSWEEP_UDPLAB_READY_TIMEOUT:-90}
# UDP ports nftables drops on the target: among the most common UDP ports of netsweep's list and of nmap's.
readonly DROPPED=(67 69 137 138 162 500 514 631 1434 4500)
readonly HOST_NAME=udplab

NAME=nswu

die() { echo "udp-services.sh: $*" >&2; exit 1; }
log() { echo "udp-services.sh: $*" >&2; }

usage() {
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}

parse_args() {
    while (($#)); do
        case "$1" in
            --name) NAME=${2:?--name needs a value}; shift 2 ;;
            -h|--help) usage ;;
            *) die "unknown argument '$1'" ;;
        esac
    done
    [[ $NAME =~ ^[a-z0-9-]{1,10}$ ]] || die "--name must be 1-10 of a-z, 0-9, '-'"
}

# ntpsec's ntpd, installed or unpacked; nothing where neither (the lab then runs without it).
ntpsec_bin() {
    if [[ -x /usr/sbin/ntpd ]] && /usr/sbin/ntpd --version 2>/dev/null | grep -q ntpsec; then echo /usr/sbin/ntpd
    elif [[ -x $EXTRA_ROOT/ntpsec/usr/sbin/ntpd ]]; then echo "$EXTRA_ROOT/ntpsec/usr/sbin/ntpd"
    fi
}

chronyd_bin() {
    if [[ -x /usr/sbin/chronyd ]]; then echo /usr/sbin/chronyd
    elif [[ -x $EXTRA_ROOT/chrony/usr/sbin/chronyd ]]; then echo "$EXTRA_ROOT/chrony/usr/sbin/chronyd"
    else return 1; fi
}

require_tools() {
    [[ $(id -u) == 0 ]] || die "needs root (ip netns, nft)"
    local t
    for t in /usr/sbin/ip /usr/sbin/nft /usr/bin/python3 /usr/bin/unshare /usr/sbin/dnsmasq /usr/sbin/snmpd \
             /usr/sbin/miniupnpd /usr/sbin/avahi-daemon; do
        [[ -x $t ]] || die "$t is not installed (.ci/run installs it)"
    done
    chronyd_bin >/dev/null || die "chronyd is not installed nor unpacked in $EXTRA_ROOT/chrony (.ci/run unpacks it)"
}

state() { echo "$STATE_ROOT/$NAME"; }

# Starts "$@" in the target namespace, its output to NAME.log; records the PID (ip netns exec and unshare exec).
start_daemon() {
    start_daemon_in "$NAME-svc" "$@"
}

# Starts "$@" as start_daemon does, in namespace $1.
start_daemon_in() {
    local ns=$1 id=$2; shift 2
    ip netns exec "$ns" "$@" >"$(state)/$id.log" 2>&1 &
    echo $! >"$(state)/$id.pid"
}

up() {
    require_tools
    [[ ! -e $(state) ]] || die "a lab named $NAME exists: run down first"
    mkdir -p "$(state)"
    trap 'log "build failed: tearing down"; down_quietly; exit 1' ERR
    local d; d=$(state)
    ip netns add "$NAME-scan"
    ip netns add "$NAME-svc"
    ip -n "$NAME-scan" link add veth0 type veth peer name veth1 netns "$NAME-svc"
    ip -n "$NAME-scan" link set lo up
    ip -n "$NAME-svc" link set lo up
    ip -n "$NAME-scan" addr add "$SCANNER_IP/24" dev veth0
    ip -n "$NAME-svc" addr add "$TARGET_IP/24" dev veth1
    ip -n "$NAME-scan" link set veth0 up
    ip -n "$NAME-svc" link set veth1 up
    local dropped; dropped=$(IFS=,; echo "${DROPPED[*]}")
    ip netns exec "$NAME-svc" nft -f - <<EOF
table inet netsweep_udplab {
  chain input {
    type filter hook input priority 0;
    udp dport { $dropped } drop
  }
}
EOF

    start_daemon dnsmasq /usr/sbin/dnsmasq --keep-in-foreground --no-resolv --no-hosts --no-poll --user=nobody \
        --group=nogroup "--listen-address=$TARGET_IP" --bind-interfaces --port=53 "--pid-file=" --log-facility=-

    printf 'local stratum 10\nallow all\nport 123\ncmdport 0\nbindaddress %s\npidfile %s\n' \
        "$TARGET_IP" "$d/chronyd.own.pid" >"$d/chrony.conf"
    # -x: serve time without touching the machine's clock (the namespace shares it); -d: foreground.
    start_daemon chronyd "$(chronyd_bin)" -x -d -f "$d/chrony.conf" -u root

    mkdir -p "$d/snmp"
    printf 'rocommunity public default\nsysLocation netsweep UDP lab\n' >"$d/snmpd.conf"
    start_daemon snmpd env "SNMP_PERSISTENT_DIR=$d/snmp" MIBS= /usr/sbin/snmpd -f -Lo -C -c "$d/snmpd.conf" \
        -p "$d/snmpd.own.pid" "udp:$TARGET_IP:161"

    cat >"$d/miniupnpd.conf" <<EOF
ext_ifname=veth1
listening_ip=veth1
http_port=5000
enable_natpmp=no
enable_upnp=yes
secure_mode=yes
uuid=6e737770-6565-4000-8000-6e7377706565
allow 1024-65535 10.233.0.0/24 1024-65535
deny 0-65535 0.0.0.0/0 0-65535
EOF
    start_daemon miniupnpd /usr/sbin/miniupnpd -d -f "$d/miniupnpd.conf" -P "$d/miniupnpd.own.pid"

    mkdir -p "$d/avahi-services"
    cat >"$d/avahi-services/ssh.service" <<'EOF'
<?xml version="1.0" standalone='no'?>
<!DOCTYPE service-group SYSTEM "avahi-service.dtd">
<service-group><name replace-wildcards="yes">%h ssh</name>
<service><type>_ssh._tcp</type><port>22</port></service></service-group>
EOF
    cat >"$d/avahi-services/avahi-daemon.conf" <<EOF
[server]
host-name=$HOST_NAME
use-ipv4=yes
use-ipv6=no
allow-interfaces=veth1
enable-dbus=no
ratelimit-interval-usec=1000000
ratelimit-burst=1000
[wide-area]
enable-wide-area=no
[publish]
publish-workstation=yes
EOF
    # avahi-daemon keeps its pid file and socket in /run/avahi-daemon and reads /etc/avahi/services: a mount
    # namespace of its own gives it the lab's service directory (its config beside the .service files, which is all
    # it loads from there) and then a private /run, so labs never meet.
    start_daemon avahi unshare -m sh -c "mount --make-rprivate / && mount --bind '$d/avahi-services' /etc/avahi/services \
        && mount -t tmpfs none /run \
        && exec /usr/sbin/avahi-daemon --no-drop-root --no-chroot --no-rlimits -f /etc/avahi/services/avahi-daemon.conf"

    local ntpsec; ntpsec=$(ntpsec_bin)
    if [[ -n $ntpsec ]]; then
        ip netns add "$NAME-ntp"
        ip -n "$NAME-scan" link add veth2 type veth peer name veth3 netns "$NAME-ntp"
        ip -n "$NAME-ntp" link set lo up
        ip -n "$NAME-scan" addr add "$NTPSEC_SCANNER_IP/24" dev veth2
        ip -n "$NAME-ntp" addr add "$NTPSEC_IP/24" dev veth3
        ip -n "$NAME-scan" link set veth2 up
        ip -n "$NAME-ntp" link set veth3 up
        # Orphan mode serves stratum 10 without a source; "disable ntp" and "disable kernel" leave the machine's
        # clock (which the namespace shares) alone. Queries (mode 6) as Debian allows them from localhost, here
        # from the scanner.
        printf '%s\n' 'tos orphan 10 orphanwait 1' 'disable ntp' 'disable kernel' \
            'restrict default kod nomodify nopeer noquery limited' \
            "restrict $NTPSEC_SCANNER_IP nomodify nopeer" \
            'interface ignore all' "interface listen $NTPSEC_IP" >"$d/ntpsec.conf"
        start_daemon_in "$NAME-ntp" ntpsec "$ntpsec" -n -c "$d/ntpsec.conf"
        await_ntpsec
    fi

    # A third host (N-mdns, 10.233.2.2, its own veth pair to the scanner's 10.233.2.1): avahi-daemon as Debian
    # installs it (no service file; publish-workstation and publish-hinfo off), which advertises no service and
    # publishes only its host name and addresses.
    ip netns add "$NAME-mdns"
    ip -n "$NAME-scan" link add veth4 type veth peer name veth5 netns "$NAME-mdns"
    ip -n "$NAME-mdns" link set lo up
    ip -n "$NAME-scan" addr add "$MDNS_SCANNER_IP/24" dev veth4
    ip -n "$NAME-mdns" addr add "$MDNS_IP/24" dev veth5
    ip -n "$NAME-scan" link set veth4 up
    ip -n "$NAME-mdns" link set veth5 up
    mkdir -p "$d/avahi-plain"
    printf '%s\n' '[server]' "host-name=$MDNS_HOST_NAME" 'use-ipv4=yes' 'use-ipv6=no' 'allow-interfaces=veth5' \
        'enable-dbus=no' 'ratelimit-interval-usec=1000000' 'ratelimit-burst=1000' '[wide-area]' \
        'enable-wide-area=yes' '[publish]' 'publish-hinfo=no' 'publish-workstation=no' \
        >"$d/avahi-plain/avahi-daemon.conf"
    start_daemon_in "$NAME-mdns" avahi-plain unshare -m sh -c "mount --make-rprivate / \
        && mount --bind '$d/avahi-plain' /etc/avahi/services && mount -t tmpfs none /run \
        && exec /usr/sbin/avahi-daemon --no-drop-root --no-chroot --no-rlimits -f /etc/avahi/services/avahi-daemon.conf"

    await_ready
    await_plain_avahi
    write_truth "$ntpsec"
    trap - ERR
    echo "GROUND_TRUTH=$d/ground-truth.json"
}

# Each daemon answers its protocol's request from the scanner namespace (the same requests netsweep sends).
await_ready() {
    ip netns exec "$NAME-scan" python3 - "$TARGET_IP" "$READY_TIMEOUT" <<'EOF'
import socket, struct, sys, time
host, timeout = sys.argv[1], float(sys.argv[2])
def name(n):
    return b''.join(bytes([len(l)]) + l.encode() for l in n.split('.')) + b'\0'
rev = '.'.join(reversed(host.split('.'))) + '.in-addr.arpa'
requests = {
    53: struct.pack('>HHHHHH', 0x6e76, 0, 1, 0, 0, 0) + name('version.bind') + struct.pack('>HH', 16, 3),
    123: bytes([0x23]) + bytes(47),
    161: bytes.fromhex('302902010104067075626c6963a01c02046e73777002010002010030'
                       '0e300c06082b060102010101000500'),
    1900: b'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 1\r\n'
          b'ST: upnp:rootdevice\r\n\r\n',
    5353: struct.pack('>HHHHHH', 0x6d71, 0, 2, 0, 0, 0) + name('_services._dns-sd._udp.local')
          + struct.pack('>HH', 12, 1) + name(rev) + struct.pack('>HH', 12, 1),
    # The lab's ssh service's instances: answered with the PTR alone while avahi still announces the service,
    # with its SRV, TXT and addresses once they are established (what netsweep's follow-up tells Avahi by)
    'mdns-instances': struct.pack('>HHHHHH', 0x6d71, 0, 1, 0, 0, 0) + name('_ssh._tcp.local')
          + struct.pack('>HH', 12, 1),
}
SRV = 33
def answer_types(answer):
    """The types of the answer section's records (names skipped, compression pointers followed by length only)."""
    count, pos, types = struct.unpack('>H', answer[6:8])[0], 12, []
    def skip(pos):
        while answer[pos] != 0:
            if answer[pos] >= 0xc0:
                return pos + 2
            pos += answer[pos] + 1
        return pos + 1
    for _ in range(struct.unpack('>H', answer[4:6])[0]):
        pos = skip(pos) + 4
    for _ in range(count):
        pos = skip(pos)
        rtype, _, _, length = struct.unpack('>HHIH', answer[pos:pos + 10])
        types.append(rtype)
        pos += 10 + length
    return types
deadline = time.time() + timeout
waiting = dict(requests)
while waiting and time.time() < deadline:
    for key, data in list(waiting.items()):
        port = 5353 if key == 'mdns-instances' else key
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(0.3)
        try:
            s.sendto(data, (host, port))
            answer, _ = s.recvfrom(65535)
            # avahi answers before its host name is announced: wait for the reverse name's answer too
            if key == 'mdns-instances':
                if SRV in answer_types(answer):
                    del waiting[key]
                else:
                    time.sleep(0.2)
            elif port != 5353 or b'udplab' in answer:
                del waiting[key]
        except OSError:
            pass
        finally:
            s.close()
if waiting:
    sys.exit('not answering after %ss: %s' % (timeout, sorted(map(str, waiting))))
EOF
}

# ntpsec answers its mode 6 READVAR (what netsweep asks it) from the scanner namespace.
await_ntpsec() {
    ip netns exec "$NAME-scan" python3 - "$NTPSEC_IP" "$READY_TIMEOUT" <<'EOF'
import socket, sys, time
host, timeout = sys.argv[1], float(sys.argv[2])
deadline = time.time() + timeout
while time.time() < deadline:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(0.3)
    try:
        s.sendto(bytes([0x16, 2, 0x6e, 0x73]) + bytes(8), (host, 123))
        if b'ntpsec' in s.recvfrom(65535)[0]:
            sys.exit(0)
    except OSError:
        pass
    finally:
        s.close()
sys.exit('ntpsec not answering after %ss' % timeout)
EOF
}

# The plain avahi answers the reverse name of its address (its host name) from the scanner namespace.
await_plain_avahi() {
    ip netns exec "$NAME-scan" python3 - "$MDNS_IP" "$READY_TIMEOUT" "$MDNS_HOST_NAME" <<'EOF'
import socket, struct, sys, time
host, timeout, name = sys.argv[1], float(sys.argv[2]), sys.argv[3].encode()
rev = '.'.join(reversed(host.split('.'))) + '.in-addr.arpa'
query = struct.pack('>HHHHHH', 0x6d71, 0, 1, 0, 0, 0) \
    + b''.join(bytes([len(l)]) + l.encode() for l in rev.split('.')) + b'\0' + struct.pack('>HH', 12, 1)
deadline = time.time() + timeout
while time.time() < deadline:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(0.3)
    try:
        s.sendto(query, (host, 5353))
        if name in s.recvfrom(65535)[0]:
            sys.exit(0)
    except OSError:
        pass
    finally:
        s.close()
sys.exit('the plain avahi-daemon not answering after %ss' % timeout)
EOF
}

write_truth() {
    local d; d=$(state)
    local ntpsec=$1 ntpsec_truth=null
    if [[ -n $ntpsec ]]; then
        ntpsec_truth=$(printf '{"target": "%s", "port": 123, "daemon": "ntpd", "service": "ntp", "product": "ntpsec", "version": "%s"}' \
            "$NTPSEC_IP" "$("$ntpsec" --version | sed -n 's/^ntpd ntpsec-\([^ ]*\).*/\1/p')")
    fi
    local dnsmasq_v snmpd_v chrony_v miniupnpd_v avahi_v kernel
    dnsmasq_v=$(/usr/sbin/dnsmasq --version | sed -n 's/^Dnsmasq version \([^ ]*\).*/\1/p')
    snmpd_v=$(/usr/sbin/snmpd -v | sed -n 's/^NET-SNMP version: *\([^ ]*\).*/\1/p')
    chrony_v=$("$(chronyd_bin)" -v | sed -n 's/^chronyd (chrony) version \([^ ]*\).*/\1/p')
    miniupnpd_v=$(/usr/sbin/miniupnpd --version 2>&1 | sed -n '1s/^miniupnpd \([^ ]*\).*/\1/p')
    avahi_v=$(/usr/sbin/avahi-daemon --version | sed -n 's/^avahi-daemon \([^ ]*\).*/\1/p')
    kernel=$(uname -r)
    local dropped; dropped=$(IFS=,; echo "${DROPPED[*]}")
    cat >"$d/ground-truth.json" <<EOF
{
  "name": "$NAME",
  "scanner_namespace": "$NAME-scan",
  "target_namespace": "$NAME-svc",
  "scanner": "$SCANNER_IP",
  "target": "$TARGET_IP",
  "open": [
    {"port": 53, "daemon": "dnsmasq", "service": "domain", "product": "dnsmasq", "version": "$dnsmasq_v"},
    {"port": 123, "daemon": "chronyd", "service": "ntp", "product": "chrony", "version": null, "daemon_version": "$chrony_v"},
    {"port": 161, "daemon": "snmpd", "service": "snmp", "product": "Net-SNMP", "version": "$snmpd_v", "kernel": "$kernel"},
    {"port": 1900, "daemon": "miniupnpd", "service": "upnp", "product": "MiniUPnPd", "version": "$miniupnpd_v"},
    {"port": 5353, "daemon": "avahi-daemon", "service": "mdns", "product": "Avahi", "version": null, "daemon_version": "$avahi_v",
     "host": "$HOST_NAME.local", "services": ["_workstation._tcp", "_ssh._tcp"]}
  ],
  "dropped": [$dropped],
  "ntpsec": $ntpsec_truth,
  "plain_mdns": {"target": "$MDNS_IP", "port": 5353, "daemon": "avahi-daemon", "service": "mdns", "product": null,
                 "version": null, "host": "$MDNS_HOST_NAME.local"}
}
EOF
}

down_quietly() {
    local d; d=$(state)
    if [[ -d $d ]]; then
        local f pid
        for f in "$d"/*.pid; do
            [[ -e $f ]] || continue
            pid=$(cat "$f")
            [[ $pid =~ ^[0-9]+$ ]] && kill "$pid" 2>/dev/null || true
        done
        local tries=0
        for f in "$d"/*.pid; do
            [[ -e $f ]] || continue
            pid=$(cat "$f")
            while [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && ((tries++ < 50)); do
                sleep 0.1 # a daemon given SIGTERM exits within moments; past 5 s in all it gets SIGKILL below
            done
        done
        for f in "$d"/*.pid; do
            [[ -e $f ]] || continue
            pid=$(cat "$f")
            [[ $pid =~ ^[0-9]+$ ]] && kill -9 "$pid" 2>/dev/null || true
        done
    fi
    ip netns del "$NAME-scan" 2>/dev/null || true
    ip netns del "$NAME-svc" 2>/dev/null || true
    ip netns del "$NAME-ntp" 2>/dev/null || true
    ip netns del "$NAME-mdns" 2>/dev/null || true
    rm -rf "$d"
}

status() {
    ip netns list | grep -E "^$NAME-(scan|svc|ntp|mdns)( |$)" || echo "no namespaces named $NAME-*"
    [[ -d $(state) ]] && ls "$(state)" || true
}

main() {
    (($#)) || usage
    local cmd=$1; shift
    parse_args "$@"
    case "$cmd" in
        up) up ;;
        down) down_quietly ;;
        status) status ;;
        *) usage ;;
    esac
}

main "$@"
