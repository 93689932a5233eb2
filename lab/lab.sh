#!/usr/bin/env bash
# netsweep lab: a small LAN built from network namespaces, for tests, benchmarks and hand scans.
#
#   lab/lab.sh up     [--name N] [--hosts K] [--loss PCT]   build it, print how to scan it
#   lab/lab.sh down   [--name N]                            remove it (also after a partial build)
#   lab/lab.sh status [--name N]                            what exists
#   lab/lab.sh loss   [--name N] --loss PCT                 change random loss on the targets
#
# Everything lives in namespaces named N-*: a switch namespace N-sw holding the bridges, a
# scanner namespace N-scan (no default route: it reaches only the lab subnets), a router N-rt
# to a second subnet, targets N-h01..N-hKK on the LAN and N-r01, N-r02 behind the router.
# The root namespace's interfaces and routes are never touched. Root only.
#
# LAN 10.231.0.0/24 and fd00:231::/64 (scanner .1 / ::1, router .254 / ::fe, host i at
# 10.231.0.(10+i) / fd00:231::(10+i)); routed 10.231.1.0/24 (hosts .10 and .11; the router
# answers 10.231.1.128/25 with ICMP host-unreachable at once). Ground truth (JSON) is written to
# /run/netsweep-lab/N/ground-truth.json. See lab/README.md for the host roles.
set -Eeuo pipefail

readonly STATE_ROOT=/run/netsweep-lab
readonly PY=/usr/bin/python3
readonly SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly PORT_UNIVERSE=(22 80 443 3389 8080 8443 9)
# Real IEEE MA-L prefixes, so vendor lookup is exercised (Intel, VMware, Raspberry Pi, Apple, Google, Cisco).
readonly VENDOR_OUIS=(00:1b:21 00:0c:29 b8:27:eb 3c:22:fb f4:f5:d8 00:00:0c)

NAME=nswlab
HOSTS=30
LOSS=0

die() { echo "lab.sh: $*" >&2; exit 1; }
# Test hook: NSW_LAB_FAIL_AT=namespaces|listeners makes a build fail there, to prove the teardown.
fail_point() { [[ ${NSW_LAB_FAIL_AT:-} != "$1" ]] || die "failing after '$1' as NSW_LAB_FAIL_AT asks"; }
log() { echo "lab.sh: $*" >&2; }

usage() {
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}

parse_args() {
    while (($#)); do
        case "$1" in
            --name) NAME=${2:?--name needs a value}; shift 2 ;;
            --hosts) HOSTS=${2:?--hosts needs a value}; shift 2 ;;
            --loss) LOSS=${2:?--loss needs a value}; shift 2 ;;
            -h|--help) usage ;;
            *) die "unknown argument: $1 (try --help)" ;;
        esac
    done
    [[ $NAME =~ ^[a-z][a-z0-9-]{0,23}$ ]] || die "--name must be 1-24 of [a-z0-9-], starting with a letter"
    [[ $HOSTS =~ ^[0-9]+$ ]] && ((HOSTS >= 10 && HOSTS <= 200)) || die "--hosts must be 10 to 200"
    [[ $LOSS =~ ^[0-9]+$ ]] && ((LOSS <= 50)) || die "--loss must be an integer percentage 0 to 50"
}

require_root() {
    ((EUID == 0)) || die "must run as root (it creates network namespaces); try: sudo $0 $*"
    command -v ip >/dev/null || die "iproute2 (ip) is not installed"
    command -v nft >/dev/null || die "nftables (nft) is not installed"
    [[ -x $PY ]] || die "$PY is not installed"
    command -v fping >/dev/null || die "fping is not installed (used to verify the lab)"
}

# Namespaces of lab NAME, exactly: never anything that merely shares a prefix.
lab_namespaces() {
    ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^${NAME}-(sw|scan|rt|h[0-9]{2,3}|r[0-9]{2})\$" || true
}

ns_sw() { echo "$NAME-sw"; }
ns_scan() { echo "$NAME-scan"; }
ns_rt() { echo "$NAME-rt"; }
ns_host() { printf '%s-h%02d' "$NAME" "$1"; }
ns_routed() { printf '%s-r%02d' "$NAME" "$1"; }
state_dir() { echo "$STATE_ROOT/$NAME"; }

# ---------------------------------------------------------------- teardown

teardown() {
    local dir pid ns
    dir=$(state_dir)
    # Processes we started, by recorded PID, only while they still live in our namespace.
    if [[ -f $dir/pids ]]; then
        while read -r ns pid; do
            [[ -n ${pid:-} ]] || continue
            if [[ $(ip netns identify "$pid" 2>/dev/null || true) == "$ns" ]]; then
                kill "$pid" 2>/dev/null || true
            fi
        done <"$dir/pids"
    fi
    # Anything else still running inside our namespaces (a partial build whose PID was not recorded).
    for ns in $(lab_namespaces); do
        for pid in $(ip netns pids "$ns" 2>/dev/null || true); do
            kill "$pid" 2>/dev/null || true
        done
    done
    sleep 0.2
    for ns in $(lab_namespaces); do
        for pid in $(ip netns pids "$ns" 2>/dev/null || true); do
            kill -9 "$pid" 2>/dev/null || true
        done
        ip netns del "$ns" 2>/dev/null || log "could not delete namespace $ns"
    done
    rm -rf -- "$dir"
    local left
    left=$(lab_namespaces)
    [[ -z $left ]] || die "namespaces left behind: $left"
}

BUILDING=0
on_exit() {
    local rc=$?
    if ((BUILDING)); then
        BUILDING=0
        log "FAILED while building lab '$NAME' (exit $rc); tearing down what was built"
        set +e
        teardown
        exit 1
    fi
}

# ---------------------------------------------------------------- host plan

mac_for() { # index kind(h|r|x) -> MAC; every 4th LAN host gets a real vendor prefix
    local i=$1 kind=$2
    if [[ $kind == h ]] && ((i % 4 == 0)); then
        printf '%s:%02x:%02x:%02x' "${VENDOR_OUIS[$(((i / 4 - 1) % ${#VENDOR_OUIS[@]}))]}" 0x31 0 "$i"
    else
        case $kind in
            h) printf '02:31:00:00:00:%02x' "$i" ;;
            r) printf '02:31:01:00:00:%02x' "$i" ;;
            x) printf '02:31:ff:00:00:%02x' "$i" ;;
        esac
    fi
}

open_ports_for() {
    local i=$1 p=()
    ((i % 2 == 1)) && p+=(22)
    ((i % 3 == 0)) && p+=(80)
    ((i % 4 == 1)) && p+=(443)
    ((i % 6 == 2)) && p+=(8080)
    ((i % 7 == 3)) && p+=(3389)
    echo "${p[*]:-}"
}

is_stealth() { (($1 % 9 == 0)); }          # drops ICMP echo and all TCP: only ARP/NDP sees it
is_icmp_silent() { (($1 % 5 == 0)) || is_stealth "$1"; }
has_filtered_8443() { (($1 % 3 == 1)); }

# ---------------------------------------------------------------- building blocks

run_listener() { # ns ports...
    local ns=$1; shift
    local dir; dir=$(state_dir)
    ip netns exec "$ns" "$PY" "$SCRIPT_DIR/listener.py" "$@" </dev/null >"$dir/log/$ns.log" 2>&1 &
    local pid=$!
    echo "$ns $pid" >>"$dir/pids"
}

# Batches of ip(8) commands, one file per namespace, run at once: a few forks instead of hundreds.
batch() { # ns command...
    echo "${*:2}" >>"$(state_dir)/batch/$1"
}

attach() { # bridge ns ifname mac: a veth from the switch's bridge to ns
    local br=$1 ns=$2 ifname=$3 mac=$4 port
    port="p${ns##*-}${ifname#eth}"
    batch "$(ns_sw)" link add "$port" type veth peer name "$ifname" netns "$ns"
    batch "$(ns_sw)" link set "$port" master "$br" up
    batch "$ns" link set "$ifname" address "$mac"
    batch "$ns" link set "$ifname" up
}

firewall_host() { # ns index
    local ns=$1 i=$2 rules=""
    if is_icmp_silent "$i"; then
        rules+="icmp type echo-request drop; icmpv6 type echo-request drop;"
    fi
    if is_stealth "$i"; then
        rules+=" meta l4proto tcp drop;"
    elif has_filtered_8443 "$i"; then
        rules+=" tcp dport 8443 drop;"
    fi
    [[ -n $rules ]] || return 0
    ip netns exec "$ns" nft -f - <<EOF
table inet netsweep_lab {
    chain input { type filter hook input priority 0; policy accept;
        $rules
    }
}
EOF
}

set_loss() { # ns pct
    local ns=$1 pct=$2 rules=""
    # One nft run per namespace, atomic: the table is added (a no-op if it exists), deleted, and made again
    # with the new rules if there is loss to have. Process starts are what setting loss on 30 hosts costs.
    # Neighbor discovery is spared, as ARP is (nft's inet family never sees ARP): loss hits IP traffic.
    if ((pct > 0)); then
        rules="table inet netsweep_loss {
    chain input { type filter hook input priority -10; policy accept;
        icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit, nd-router-advert } accept
        numgen random mod 100 < $pct drop
    }
    chain output { type filter hook output priority -10; policy accept;
        icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit, nd-router-advert } accept
        numgen random mod 100 < $pct drop
    }
}"
    fi
    ip netns exec "$ns" nft -f - <<EOF
add table inet netsweep_loss
delete table inet netsweep_loss
$rules
EOF
}

wait_listeners() {
    local dir ns pid deadline=$((SECONDS + 20))
    dir=$(state_dir)
    while read -r ns pid; do
        until grep -q '^ready' "$dir/log/$ns.log" 2>/dev/null; do
            kill -0 "$pid" 2>/dev/null || die "listener in $ns exited: $(cat "$dir/log/$ns.log")"
            ((SECONDS < deadline)) || die "listener in $ns not ready after 20 s"
            sleep 0.05
        done
    done <"$dir/pids"
}

# ---------------------------------------------------------------- up

cmd_up() {
    require_root
    local dir; dir=$(state_dir)
    [[ -z $(lab_namespaces) ]] || die "lab '$NAME' already exists (namespaces: $(lab_namespaces | tr '\n' ' ')); run: $0 down --name $NAME"
    [[ ! -e $dir ]] || die "lab '$NAME' state $dir already exists; run: $0 down --name $NAME"
    BUILDING=1
    trap on_exit EXIT
    trap 'exit 130' INT TERM
    mkdir -p "$dir/log"
    : >"$dir/pids"

    local sw scan rt i ns mac ip4 ip6 ports plan filtered icmp
    local -a all
    sw=$(ns_sw); scan=$(ns_scan); rt=$(ns_rt)
    all=("$sw" "$scan" "$rt")
    for ((i = 1; i <= HOSTS; i++)); do all+=("$(ns_host "$i")"); done
    all+=("$(ns_routed 1)" "$(ns_routed 2)")
    mkdir -p "$dir/batch"
    printf 'netns add %s\n' "${all[@]}" | ip -b -
    fail_point namespaces
    for ns in "${all[@]}"; do batch "$ns" link set lo up; done
    batch "$sw" link add br0 type bridge stp_state 0 mcast_snooping 0
    batch "$sw" link add br1 type bridge stp_state 0 mcast_snooping 0
    batch "$sw" link set br0 up
    batch "$sw" link set br1 up

    attach br0 "$scan" eth0 "$(mac_for 1 x)"
    batch "$scan" addr add 10.231.0.1/24 dev eth0
    batch "$scan" addr add fd00:231::1/64 dev eth0 nodad
    batch "$scan" route add 10.231.1.0/24 via 10.231.0.254

    attach br0 "$rt" eth0 "$(mac_for 2 x)"
    attach br1 "$rt" eth1 "$(mac_for 3 x)"
    batch "$rt" addr add 10.231.0.254/24 dev eth0
    batch "$rt" addr add fd00:231::fe/64 dev eth0 nodad
    batch "$rt" addr add 10.231.1.1/24 dev eth1

    plan="$dir/plan.tsv"
    : >"$plan"
    for ((i = 1; i <= HOSTS; i++)); do
        ns=$(ns_host "$i"); mac=$(mac_for "$i" h)
        ip4="10.231.0.$((10 + i))"; ip6="fd00:231::$((10 + i))"
        attach br0 "$ns" eth0 "$mac"
        batch "$ns" addr add "$ip4/24" dev eth0
        batch "$ns" addr add "$ip6/64" dev eth0 nodad
        batch "$ns" route add 10.231.1.0/24 via 10.231.0.254
        ports=$(open_ports_for "$i"); filtered=""; icmp=1
        if is_stealth "$i"; then filtered="${PORT_UNIVERSE[*]}"; ports=""
        elif has_filtered_8443 "$i"; then filtered=8443; fi
        if is_icmp_silent "$i"; then icmp=0; fi
        printf 'lan\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "h$(printf %02d "$i")" "$ns" "$ip4" "$ip6" "$mac" \
            "$icmp" "${ports// /,}" "${filtered// /,}" >>"$plan"
    done
    for i in 1 2; do
        ns=$(ns_routed "$i"); mac=$(mac_for "$i" r); ip4="10.231.1.$((9 + i))"
        attach br1 "$ns" eth0 "$mac"
        batch "$ns" addr add "$ip4/24" dev eth0
        batch "$ns" route add default via 10.231.1.1
        printf 'routed\t%s\t%s\t%s\t\t%s\t1\t22,80\t\n' "r$(printf %02d "$i")" "$ns" "$ip4" "$mac" >>"$plan"
    done
    printf 'router\trt\t%s\t10.231.0.254\tfd00:231::fe\t%s\t1\t\t\n' "$rt" "$(mac_for 2 x)" >>"$plan"
    printf 'scanner\tscan\t%s\t10.231.0.1\tfd00:231::1\t%s\t1\t\t\n' "$scan" "$(mac_for 1 x)" >>"$plan"

    # The switch first (it creates the veth pairs), then every other namespace.
    ip -n "$sw" -b "$dir/batch/$sw"
    for ns in "${all[@]:1}"; do
        ip -n "$ns" -b "$dir/batch/$ns"
    done

    ip netns exec "$rt" sysctl -qw net.ipv4.ip_forward=1
    # Unlimited ICMP errors, so every rejected probe gets its host-unreachable at once: no per-peer limit,
    # and a global bucket (per namespace) that a burst of probes sent together cannot empty. Its default
    # burst of 50 drops rejections when a scanner descheduled under load sends 64 probes within a tick.
    # (Since Linux 6.11 each error takes 0 to 2 credits of that bucket at random, refilled at most every 20 ms.)
    ip netns exec "$rt" sysctl -qw net.ipv4.icmp_ratelimit=0
    ip netns exec "$rt" sysctl -qw net.ipv4.icmp_msgs_per_sec=1000000 2>/dev/null || true
    ip netns exec "$rt" sysctl -qw net.ipv4.icmp_msgs_burst=1000000 2>/dev/null || true
    ip netns exec "$rt" nft -f - <<EOF
table inet netsweep_lab {
    chain forward { type filter hook forward priority 0; policy accept;
        ip daddr 10.231.1.128/25 reject with icmp type host-unreachable
    }
}
EOF
    for ((i = 1; i <= HOSTS; i++)); do
        ns=$(ns_host "$i")
        firewall_host "$ns" "$i"
        ((LOSS == 0)) || set_loss "$ns" "$LOSS" # a new namespace has no loss table to remove
        ports=$(open_ports_for "$i")
        if [[ -n $ports ]] && ! is_stealth "$i"; then
            # shellcheck disable=SC2086 # ports is a list
            run_listener "$ns" $ports
        fi
    done
    run_listener "$(ns_routed 1)" 22 80
    run_listener "$(ns_routed 2)" 22 80

    wait_listeners
    fail_point listeners
    verify_lab
    "$PY" "$SCRIPT_DIR/ground_truth.py" --name "$NAME" --plan "$plan" --loss "$LOSS" \
        --ports "${PORT_UNIVERSE[*]}" --out "$dir/ground-truth.json"
    BUILDING=0
    trap - INT TERM
    cat <<EOF
lab '$NAME' is up: ${HOSTS} LAN hosts + router + 2 routed hosts, loss ${LOSS}%
  scanner namespace : $scan (10.231.0.1, fd00:231::1; no default route)
  LAN               : 10.231.0.0/24, fd00:231::/64     routed: 10.231.1.0/24 via 10.231.0.254
  scan it           : sudo ip netns exec $scan ./netsweep 10.231.0.0/24
                      sudo ip netns exec $scan nmap -sn 10.231.0.0/24
  ground truth      : $dir/ground-truth.json
  tear down         : sudo $0 down --name $NAME
GROUND_TRUTH=$dir/ground-truth.json
SCANNER_NS=$scan
EOF
}

# A half-built lab must fail loudly: check the scanner really reaches a host on each link.
verify_lab() {
    local scan; scan=$(ns_scan)
    # Retries ride out the configured loss; fping only ever targets lab addresses here.
    ip netns exec "$scan" fping -q -r 5 -t 500 10.231.0.11 10.231.1.10 fd00:231::11 \
        || die "verification: the scanner cannot reach 10.231.0.11, 10.231.1.10 (routed) and fd00:231::11"
    ip netns exec "$scan" ip route show default | grep -q . && die "verification: scanner has a default route"
    return 0
}

# ---------------------------------------------------------------- other commands

cmd_down() {
    require_root
    if [[ -z $(lab_namespaces) && ! -e $(state_dir) ]]; then
        log "lab '$NAME' does not exist; nothing to do"
        return 0
    fi
    teardown
    log "lab '$NAME' removed"
}

cmd_status() {
    require_root
    local ns pid count=0
    for ns in $(lab_namespaces); do
        count=$((count + 1))
        printf '  %-20s processes: %s\n' "$ns" "$(ip netns pids "$ns" | tr '\n' ' ')"
    done
    if ((count == 0)); then
        echo "lab '$NAME': not up"
    else
        echo "lab '$NAME': $count namespaces; ground truth: $(state_dir)/ground-truth.json"
    fi
    if [[ -d $STATE_ROOT ]]; then
        echo "labs with state in $STATE_ROOT: $(ls "$STATE_ROOT" | tr '\n' ' ')"
    fi
}

cmd_loss() {
    require_root
    [[ -n $(lab_namespaces) ]] || die "lab '$NAME' is not up"
    local ns
    for ns in $(lab_namespaces); do
        [[ $ns =~ -h[0-9]+$ ]] && set_loss "$ns" "$LOSS"
    done
    echo "$LOSS" >"$(state_dir)/loss"
    log "loss on lab '$NAME' targets set to ${LOSS}%"
}

main() {
    (($#)) || usage
    local cmd=$1; shift
    parse_args "$@"
    case "$cmd" in
        up) cmd_up ;;
        down) cmd_down ;;
        status) cmd_status ;;
        loss) cmd_loss ;;
        *) usage ;;
    esac
}

main "$@"
