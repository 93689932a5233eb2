#!/usr/bin/env bash
# netsweep service lab: real Debian daemons in a network namespace, for service detection (-sV).
#
#   lab/services.sh up     [--name N] [--only id,id...]   build it, start the daemons, write the ground truth
#   lab/services.sh down   [--name N]                     remove it (also after a partial build)
#   lab/services.sh status [--name N]                     what exists
#   lab/services.sh list                                  the services it knows (id, address, ports, package)
#
# Two namespaces joined by one veth pair: N-scan (10.232.0.1/24, the scanner) and N-svc (the daemons,
# one address per service, 10.232.0.10 and up). Neither has a route out: nothing in it can reach the
# machine's real network. Every daemon gets its own config, data and pid files under
# /run/netsweep-svlab/N/, runs as an unprivileged user where it can, listens only on its lab address
# (the MCP server, which cannot be told an address, on the services namespace's addresses only), and is
# killed by PID at teardown. Ground truth (JSON) is written by lab/svprobe.py to
# /run/netsweep-svlab/N/ground-truth.json after it has looked at what each daemon sends. Root only.
set -Eeuo pipefail

readonly STATE_ROOT=/run/netsweep-svlab
readonly PY=/usr/bin/python3
readonly SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Daemons that cannot be installed beside their peers (proftpd conflicts with vsftpd in dpkg) and the
# MCP server from npm live here; .ci/run puts them there.
readonly EXTRA_ROOT=${NETSWEEP_LAB_EXTRA:-/opt/netsweep-lab}
readonly SCANNER_IP=10.232.0.1
readonly NET=10.232.0
readonly READY_TIMEOUT=${NETSWEEP_SVLAB_READY_TIMEOUT:-150}

# id | host octet | port:hello ... | package (dpkg, or npm:NAME, or deb:PATH for an extracted .deb) | product
# hello names what lab/svprobe.py sends (see there); the product is the name a scanner should report.
readonly SERVICES=(
    "openssh|10|22:ssh|openssh-server|OpenSSH"
    "nginx|11|80:http 443:https|nginx|nginx"
    "apache|12|80:http|apache2|Apache httpd"
    "postfix|13|25:smtp|postfix|Postfix smtpd"
    "dovecot|14|143:imap 993:imaps 110:pop3 995:pop3s|dovecot-core|Dovecot"
    "vsftpd|15|21:ftp|vsftpd|vsftpd"
    "postgresql|16|5432:pgsql|postgresql-15|PostgreSQL"
    "mariadb|17|3306:mysql|mariadb-server|MariaDB"
    "redis|18|6379:redis|redis-server|Redis"
    "memcached|19|11211:memcached|memcached|Memcached"
    "mosquitto|20|1883:mqtt|mosquitto|Mosquitto"
    "slapd|21|389:ldap|slapd|OpenLDAP"
    "samba|22|445:smb|samba|Samba smbd"
    "lighttpd|23|80:http|lighttpd|lighttpd"
    "caddy|24|80:http|caddy|Caddy"
    "squid|25|3128:http-proxy|squid|Squid http proxy"
    "haproxy|26|8404:http|haproxy|HAProxy"
    "tomcat|27|8080:http|tomcat10|Apache Tomcat"
    "etcd|28|2379:http|etcd-server|etcd"
    "influxdb|29|8086:http|influxdb|InfluxDB"
    "prometheus|30|9090:http|prometheus|Prometheus"
    "node-exporter|31|9100:http|prometheus-node-exporter|Prometheus Node Exporter"
    "rabbitmq|32|5672:amqp|rabbitmq-server|RabbitMQ"
    "epmd|32|4369:epmd|erlang-base|Erlang Port Mapper Daemon"
    "erlang-dist|32|25672:erlang-dist|erlang-base|Erlang distribution"
    "jupyter|33|8888:http|jupyter-notebook|Jupyter Notebook"
    "proftpd|34|21:ftp|deb:proftpd-core|ProFTPD"
    "dnsmasq|35|53:dns-tcp|dnsmasq-base|dnsmasq"
    "mcp-everything|36|3001:mcp|npm:@modelcontextprotocol/server-everything|MCP server-everything"
)

NAME=nswsv
ONLY=""

die() { echo "services.sh: $*" >&2; exit 1; }
log() { echo "services.sh: $*" >&2; }
# Test hook: NSW_SVLAB_FAIL_AT=namespaces|daemons makes a build fail there, to prove the teardown.
fail_point() { [[ ${NSW_SVLAB_FAIL_AT:-} != "$1" ]] || die "failing after '$1' as NSW_SVLAB_FAIL_AT asks"; }

usage() {
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}

parse_args() {
    while (($#)); do
        case "$1" in
            --name) NAME=${2:?--name needs a value}; shift 2 ;;
            --only) ONLY=${2:?--only needs a value}; shift 2 ;;
            -h|--help) usage ;;
            *) die "unknown argument: $1 (try --help)" ;;
        esac
    done
    [[ $NAME =~ ^[a-z][a-z0-9-]{0,23}$ ]] || die "--name must be 1-24 of [a-z0-9-], starting with a letter"
    [[ -z $ONLY || $ONLY =~ ^[a-z0-9,-]+$ ]] || die "--only takes service ids separated by commas (see: $0 list)"
    local id
    for id in ${ONLY//,/ }; do
        known_id "$id" || die "--only: unknown service '$id' (see: $0 list)"
    done
    # RabbitMQ brings EPMD and the Erlang distribution port with it: the three come together.
    if [[ ,$ONLY, =~ ,(rabbitmq|epmd|erlang-dist), ]]; then
        ONLY+=",rabbitmq,epmd,erlang-dist"
    fi
}

known_id() {
    local s
    for s in "${SERVICES[@]}"; do [[ ${s%%|*} == "$1" ]] && return 0; done
    return 1
}

selected() { [[ -z $ONLY || ,$ONLY, == *,$1,* ]]; }

require_root() {
    ((EUID == 0)) || die "must run as root (it creates network namespaces); try: sudo $0 $*"
    command -v ip >/dev/null || die "iproute2 (ip) is not installed"
    command -v nft >/dev/null || die "nftables (nft) is not installed"
    command -v openssl >/dev/null || die "openssl is not installed (it makes the lab's TLS certificate)"
    [[ -x $PY ]] || die "$PY is not installed"
}

ns_scan() { echo "$NAME-scan"; }
ns_svc() { echo "$NAME-svc"; }
state_dir() { echo "$STATE_ROOT/$NAME"; }

# Namespaces of lab NAME, exactly.
lab_namespaces() {
    ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^${NAME}-(scan|svc)\$" || true
}

# ---------------------------------------------------------------- teardown

teardown() {
    local dir pid ns
    dir=$(state_dir)
    if [[ -f $dir/pids ]]; then
        while read -r ns pid _; do
            [[ -n ${pid:-} ]] || continue
            if [[ $(ip netns identify "$pid" 2>/dev/null || true) == "$ns" ]]; then
                kill "$pid" 2>/dev/null || true
            fi
        done <"$dir/pids"
    fi
    # Children and anything a daemon forked off by itself (epmd, postfix's and dovecot's helpers).
    for ns in $(lab_namespaces); do
        for pid in $(ip netns pids "$ns" 2>/dev/null || true); do
            kill "$pid" 2>/dev/null || true
        done
    done
    local deadline=$((SECONDS + 5))
    for ns in $(lab_namespaces); do
        while [[ -n $(ip netns pids "$ns" 2>/dev/null || true) ]] && ((SECONDS < deadline)); do
            sleep 0.1
        done
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
        log "FAILED while building service lab '$NAME' (exit $rc); tearing down what was built"
        set +e
        teardown
        exit 1
    fi
}

# ---------------------------------------------------------------- helpers for the daemons

# Runs a daemon in the services namespace, in the foreground of its own process, and records its PID.
# Usage: spawn ID [env NAME=VALUE...] command...
spawn() {
    local id=$1; shift
    local dir; dir=$(state_dir)
    # A session of its own: a daemon that signals its process group on exit reaches only itself.
    ip netns exec "$(ns_svc)" setsid "$@" </dev/null >>"$dir/log/$id.log" 2>&1 &
    echo "$(ns_svc) $! $id" >>"$dir/pids"
}

# As spawn, under an unprivileged user (setpriv keeps the environment; HOME is set by the caller).
spawn_as() {
    local id=$1 user=$2; shift 2
    local group; group=$(id -gn "$user")
    spawn "$id" setpriv --reuid="$user" --regid="$group" --init-groups -- "$@"
}

svc_dir() { # id -> a fresh directory for one daemon, readable by its user
    local d; d="$(state_dir)/svc/$1"
    mkdir -p "$d"
    echo "$d"
}

addr_of() { echo "$NET.$1"; }

# ---------------------------------------------------------------- the daemons

start_openssh() {
    local a=$1 d; d=$(svc_dir openssh)
    ssh-keygen -q -t ed25519 -N '' -f "$d/host_ed25519" -C lab
    ssh-keygen -q -t ecdsa -N '' -f "$d/host_ecdsa" -C lab
    mkdir -p /run/sshd   # sshd's fixed privilege-separation directory (empty, root-owned)
    cat >"$d/sshd_config" <<EOF
ListenAddress $a:22
HostKey $d/host_ed25519
HostKey $d/host_ecdsa
PidFile $d/sshd.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers nobody-at-all
UsePAM no
EOF
    spawn openssh /usr/sbin/sshd -D -e -f "$d/sshd_config"
}

start_nginx() {
    local a=$1 d; d=$(svc_dir nginx)
    mkdir -p "$d/html" "$d/tmp"
    echo '<html><body>netsweep lab nginx</body></html>' >"$d/html/index.html"
    cat >"$d/nginx.conf" <<EOF
user www-data;
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 256; }
http {
    access_log $d/access.log;
    client_body_temp_path $d/tmp/body;
    proxy_temp_path $d/tmp/proxy;
    fastcgi_temp_path $d/tmp/fastcgi;
    uwsgi_temp_path $d/tmp/uwsgi;
    scgi_temp_path $d/tmp/scgi;
    server {
        listen $a:80;
        listen $a:443 ssl;
        ssl_certificate $(state_dir)/tls/cert.pem;
        ssl_certificate_key $(state_dir)/tls/key.pem;
        root $d/html;
    }
}
EOF
    spawn nginx /usr/sbin/nginx -c "$d/nginx.conf" -g 'daemon off;'
}

start_apache() {
    local a=$1 d; d=$(svc_dir apache)
    local m=/usr/lib/apache2/modules
    mkdir -p "$d/html" "$d/run"
    echo '<html><body>netsweep lab apache</body></html>' >"$d/html/index.html"
    cat >"$d/apache2.conf" <<EOF
ServerRoot /etc/apache2
ServerName lab-apache
DefaultRuntimeDir $d/run
PidFile $d/apache2.pid
Mutex file:$d/run default
LoadModule mpm_event_module $m/mod_mpm_event.so
LoadModule authz_core_module $m/mod_authz_core.so
LoadModule dir_module $m/mod_dir.so
LoadModule mime_module $m/mod_mime.so
TypesConfig /etc/mime.types
User www-data
Group www-data
Listen $a:80
ErrorLog $d/error.log
DocumentRoot $d/html
<Directory $d/html>
    Require all granted
</Directory>
DirectoryIndex index.html
EOF
    spawn apache /usr/sbin/apache2 -f "$d/apache2.conf" -DFOREGROUND
}

start_postfix() {
    local a=$1 d; d=$(svc_dir postfix)
    mkdir -p "$d/etc" "$d/spool" "$d/data"
    cat >"$d/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $d/spool
data_directory = $d/data
myhostname = mail.lab.test
mydomain = lab.test
inet_interfaces = $a
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination =
relay_domains =
smtpd_relay_restrictions = reject
maillog_file_prefixes = $d
maillog_file = $d/maillog
alias_maps =
alias_database =
EOF
    cat >"$d/etc/master.cf" <<'EOF'
smtp      inet  n       -       n       -       -       smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp-out  unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
    # The queue's owners and modes, as postfix wants them; then the master in the foreground.
    ip netns exec "$(ns_svc)" /usr/sbin/postfix -c "$d/etc" set-permissions >>"$(state_dir)/log/postfix.log" 2>&1 || true
    ip netns exec "$(ns_svc)" /usr/sbin/postfix -c "$d/etc" check >>"$(state_dir)/log/postfix.log" 2>&1
    spawn postfix /usr/lib/postfix/sbin/master -c "$d/etc" -d
}

start_dovecot() {
    local a=$1 d; d=$(svc_dir dovecot)
    mkdir -p "$d/base"
    : >"$d/passwd"
    cat >"$d/dovecot.conf" <<EOF
protocols = imap pop3
listen = $a
base_dir = $d/base
state_dir = $d/state
log_path = $d/dovecot.log
ssl = yes
ssl_cert = <$(state_dir)/tls/cert.pem
ssl_key = <$(state_dir)/tls/key.pem
disable_plaintext_auth = yes
mail_location = maildir:$d/mail/%u
passdb {
  driver = passwd-file
  args = $d/passwd
}
userdb {
  driver = passwd-file
  args = $d/passwd
}
service imap-login {
  inet_listener imap {
    address = $a
    port = 143
  }
  inet_listener imaps {
    address = $a
    port = 993
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    address = $a
    port = 110
  }
  inet_listener pop3s {
    address = $a
    port = 995
    ssl = yes
  }
}
EOF
    spawn dovecot /usr/sbin/dovecot -F -c "$d/dovecot.conf"
}

start_vsftpd() {
    local a=$1 d; d=$(svc_dir vsftpd)
    mkdir -p "$d/empty"
    : >"$d/user_list"   # nobody may log in (vsftpd refuses to run with both kinds of login off)
    cat >"$d/vsftpd.conf" <<EOF
listen=YES
listen_ipv6=NO
listen_address=$a
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=NO
userlist_enable=YES
userlist_deny=NO
userlist_file=$d/user_list
secure_chroot_dir=$d/empty
pam_service_name=vsftpd
vsftpd_log_file=$d/vsftpd.log
nopriv_user=ftp
EOF
    spawn vsftpd /usr/sbin/vsftpd "$d/vsftpd.conf"
}

start_postgresql() {
    local a=$1 d; d=$(svc_dir postgresql)
    mkdir -p "$d/data"
    chown postgres:postgres "$d" "$d/data"
    ip netns exec "$(ns_svc)" setpriv --reuid=postgres --regid=postgres --init-groups -- \
        /usr/lib/postgresql/15/bin/initdb -D "$d/data" -A reject -U postgres --no-sync \
        >>"$(state_dir)/log/postgresql.log" 2>&1
    # Nobody may log in: every remote client is rejected after the start-up message.
    echo 'host all all 0.0.0.0/0 reject' >"$d/data/pg_hba.conf"
    HOME=$d spawn_as postgresql postgres /usr/lib/postgresql/15/bin/postgres -D "$d/data" \
        -c listen_addresses="$a" -c port=5432 -c unix_socket_directories="$d" -c fsync=off
}

start_mariadb() {
    local a=$1 d; d=$(svc_dir mariadb)
    mkdir -p "$d/data"
    chown mysql:mysql "$d" "$d/data"
    ip netns exec "$(ns_svc)" /usr/bin/mariadb-install-db --no-defaults --user=mysql --datadir="$d/data" \
        --auth-root-authentication-method=socket --skip-test-db >>"$(state_dir)/log/mariadb.log" 2>&1
    # An account for the scanner's host (with a random password nobody knows), or MariaDB answers the
    # scanner with error 1130 instead of its handshake.
    local pw; pw=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    echo "CREATE USER IF NOT EXISTS 'lab'@'$SCANNER_IP' IDENTIFIED BY '$pw';" >"$d/init.sql"
    chown mysql:mysql "$d/init.sql"
    spawn mariadb /usr/sbin/mariadbd --no-defaults --user=mysql --datadir="$d/data" --socket="$d/mysqld.sock" \
        --pid-file="$d/mysqld.pid" --bind-address="$a" --port=3306 --skip-name-resolve --init-file="$d/init.sql" \
        --log-error="$d/error.log" --innodb-buffer-pool-size=16M --innodb-log-file-size=8M
}

start_redis() {
    local a=$1 d; d=$(svc_dir redis)
    chown redis:redis "$d"
    cat >"$d/redis.conf" <<EOF
bind $a
port 6379
protected-mode no
daemonize no
dir $d
save ""
appendonly no
EOF
    HOME=$d spawn_as redis redis /usr/bin/redis-server "$d/redis.conf"
}

start_memcached() {
    local a=$1
    spawn memcached /usr/bin/memcached -u memcache -l "$a" -p 11211 -U 0 -m 16
}

start_mosquitto() {
    local a=$1 d; d=$(svc_dir mosquitto)
    chown mosquitto "$d"
    cat >"$d/mosquitto.conf" <<EOF
listener 1883 $a
allow_anonymous true
persistence false
user mosquitto
log_dest stderr
EOF
    spawn mosquitto /usr/sbin/mosquitto -c "$d/mosquitto.conf"
}

start_slapd() {
    local a=$1 d; d=$(svc_dir slapd)
    mkdir -p "$d/db"
    cat >"$d/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile $d/slapd.pid
argsfile $d/slapd.args
database mdb
suffix "dc=lab,dc=test"
rootdn "cn=admin,dc=lab,dc=test"
directory $d/db
maxsize 10485760
EOF
    chown -R openldap:openldap "$d"
    # -d 0: stay in the foreground (no debug output), so the recorded PID is slapd's.
    spawn slapd /usr/sbin/slapd -d 0 -h "ldap://$a:389/" -u openldap -g openldap -f "$d/slapd.conf"
}

start_samba() {
    local a=$1 d; d=$(svc_dir samba)
    mkdir -p "$d"/{private,lock,state,cache,pid,share,ncalrpc}
    cat >"$d/smb.conf" <<EOF
[global]
    workgroup = LAB
    netbios name = LABSMB
    server role = standalone server
    interfaces = $a/32
    bind interfaces only = yes
    smb ports = 445
    disable netbios = yes
    private dir = $d/private
    lock directory = $d/lock
    state directory = $d/state
    cache directory = $d/cache
    pid directory = $d/pid
    ncalrpc dir = $d/ncalrpc
    log file = $d/smbd.log
    map to guest = never
    load printers = no
    printing = bsd
    printcap name = /dev/null
    disable spoolss = yes
[share]
    path = $d/share
    read only = yes
    guest ok = no
EOF
    spawn samba /usr/sbin/smbd --foreground --no-process-group --debug-stdout -s "$d/smb.conf"
}

start_lighttpd() {
    local a=$1 d; d=$(svc_dir lighttpd)
    mkdir -p "$d/html"
    echo '<html><body>netsweep lab lighttpd</body></html>' >"$d/html/index.html"
    cat >"$d/lighttpd.conf" <<EOF
server.document-root = "$d/html"
server.bind = "$a"
server.port = 80
server.username = "www-data"
server.groupname = "www-data"
server.pid-file = "$d/lighttpd.pid"
server.errorlog = "$d/error.log"
index-file.names = ( "index.html" )
EOF
    chown -R www-data:www-data "$d"
    spawn lighttpd /usr/sbin/lighttpd -D -f "$d/lighttpd.conf"
}

start_caddy() {
    local a=$1 d; d=$(svc_dir caddy)
    mkdir -p "$d/html" "$d/home"
    echo '<html><body>netsweep lab caddy</body></html>' >"$d/html/index.html"
    cat >"$d/Caddyfile" <<EOF
{
    admin off
    auto_https off
}
http://:80 {
    bind $a
    root * $d/html
    file_server
}
EOF
    chown -R caddy:caddy "$d"
    HOME=$d/home XDG_CONFIG_HOME=$d/home XDG_DATA_HOME=$d/home \
        spawn_as caddy caddy /usr/bin/caddy run --config "$d/Caddyfile" --adapter caddyfile
}

start_squid() {
    local a=$1 d; d=$(svc_dir squid)
    cat >"$d/squid.conf" <<EOF
http_port $a:3128
pid_filename $d/squid.pid
cache_log $d/cache.log
access_log $d/access.log
cache deny all
cache_mem 8 MB
coredump_dir $d
http_access deny all
cache_effective_user proxy
EOF
    chown -R proxy:proxy "$d"
    spawn squid /usr/sbin/squid -N -f "$d/squid.conf"
}

start_haproxy() {
    local a=$1 d; d=$(svc_dir haproxy)
    cat >"$d/haproxy.cfg" <<EOF
global
    user haproxy
    group haproxy
    pidfile $d/haproxy.pid
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend stats
    bind $a:8404
    stats enable
    stats uri /
    stats refresh 10s
EOF
    spawn haproxy /usr/sbin/haproxy -db -f "$d/haproxy.cfg"
}

start_tomcat() {
    local a=$1 d; d=$(svc_dir tomcat)
    mkdir -p "$d"/{conf,logs,temp,work,webapps}
    cp -r /etc/tomcat10/. "$d/conf/"
    # The stock server.xml, with one connector on the lab address and the shutdown port off.
    sed -e 's/<Server port="8005"/<Server port="-1"/' \
        -e "s/<Connector port=\"8080\"/<Connector address=\"$a\" port=\"8080\"/" \
        /etc/tomcat10/server.xml >"$d/conf/server.xml"
    chown -R tomcat:tomcat "$d"
    CATALINA_HOME=/usr/share/tomcat10 CATALINA_BASE=$d CATALINA_TMPDIR=$d/temp \
        CATALINA_PID=$d/tomcat.pid JAVA_HOME=$(tomcat_jdk) HOME=$d \
        JAVA_OPTS="-Xmx128m -XX:TieredStopAtLevel=1 -Djava.security.egd=file:/dev/./urandom" \
        spawn_as tomcat tomcat /usr/share/tomcat10/bin/catalina.sh run
}

tomcat_jdk() { # Debian's tomcat10 runs on the distribution's default JDK (17 on bookworm)
    local j
    for j in /usr/lib/jvm/default-java /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk-arm64; do
        [[ -x $j/bin/java ]] && { echo "$j"; return; }
    done
    echo /usr/lib/jvm/default-java
}

start_etcd() {
    local a=$1 d; d=$(svc_dir etcd)
    chown etcd "$d"
    HOME=$d spawn_as etcd etcd /usr/bin/etcd --name lab --data-dir "$d/data" \
        --listen-client-urls "http://$a:2379" --advertise-client-urls "http://$a:2379" \
        --listen-peer-urls "http://$a:2380" --initial-advertise-peer-urls "http://$a:2380" \
        --initial-cluster "lab=http://$a:2380"
}

start_influxdb() {
    local a=$1 d; d=$(svc_dir influxdb)
    cat >"$d/influxdb.conf" <<EOF
reporting-disabled = true
bind-address = "$a:8088"
[meta]
  dir = "$d/meta"
[data]
  dir = "$d/data"
  wal-dir = "$d/wal"
[http]
  bind-address = "$a:8086"
  log-enabled = false
EOF
    chown -R influxdb "$d"
    HOME=$d spawn_as influxdb influxdb /usr/bin/influxd -config "$d/influxdb.conf"
}

start_prometheus() {
    local a=$1 d; d=$(svc_dir prometheus)
    printf 'global:\n  scrape_interval: 1h\nscrape_configs: []\n' >"$d/prometheus.yml"
    chown -R prometheus "$d"
    HOME=$d spawn_as prometheus prometheus /usr/bin/prometheus --config.file="$d/prometheus.yml" \
        --storage.tsdb.path="$d/data" --web.listen-address="$a:9090" \
        --web.console.templates=/etc/prometheus/consoles --web.console.libraries=/etc/prometheus/console_libraries
}

start_node_exporter() {
    local a=$1 d; d=$(svc_dir node-exporter)
    HOME=$d spawn_as node-exporter nobody /usr/bin/prometheus-node-exporter --web.listen-address="$a:9100" \
        --collector.disable-defaults --collector.cpu --collector.meminfo --collector.loadavg
}

start_rabbitmq() {
    local a=$1 d; d=$(svc_dir rabbitmq)
    mkdir -p "$d/mnesia" "$d/log"
    cat >"$d/rabbitmq.conf" <<EOF
listeners.tcp.1 = $a:5672
loopback_users.guest = true
EOF
    # A cookie of our own (mode 0400) for the Erlang distribution; epmd on the lab address and lo only.
    od -An -N20 -tx1 /dev/urandom | tr -d ' \n' >"$d/.erlang.cookie"
    chmod 400 "$d/.erlang.cookie"
    chown -R rabbitmq:rabbitmq "$d"
    HOME=$d RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_CONFIG_FILE=$d/rabbitmq.conf \
        RABBITMQ_MNESIA_BASE=$d/mnesia RABBITMQ_LOG_BASE=$d/log RABBITMQ_PID_FILE=$d/rabbitmq.pid \
        RABBITMQ_ENABLED_PLUGINS_FILE=$d/enabled_plugins RABBITMQ_DIST_PORT=25672 \
        ERL_EPMD_ADDRESS="$a,127.0.0.1" RABBITMQ_NODE_IP_ADDRESS="$a" \
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {${a//./,}}" \
        spawn_as rabbitmq rabbitmq /usr/lib/rabbitmq/bin/rabbitmq-server
}

start_jupyter() {
    local a=$1 d; d=$(svc_dir jupyter)
    mkdir -p "$d/notebooks" "$d/home"
    chown -R nobody:nogroup "$d"
    local token; token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    HOME=$d/home JUPYTER_RUNTIME_DIR=$d/home/runtime JUPYTER_CONFIG_DIR=$d/home/config \
        JUPYTER_DATA_DIR=$d/home/data \
        spawn_as jupyter nobody /usr/bin/jupyter-notebook --no-browser --ip="$a" --port=8888 \
        --port-retries=0 --notebook-dir="$d/notebooks" --NotebookApp.token="$token"
}

start_proftpd() {
    local a=$1 d root=$EXTRA_ROOT/proftpd; d=$(svc_dir proftpd)
    cat >"$d/proftpd.conf" <<EOF
ServerType standalone
DefaultAddress $a
SocketBindTight on
Port 21
User nobody
Group nogroup
PidFile $d/proftpd.pid
ScoreboardFile $d/proftpd.scoreboard
DelayTable $d/proftpd.delay
ModulePath $root/usr/lib/proftpd
WtmpLog off
UseReverseDNS off
RequireValidShell on
# No account may log in: the only allowed user does not exist.
<Limit LOGIN>
  AllowUser nobody-at-all
  DenyAll
</Limit>
EOF
    spawn proftpd "$root/usr/sbin/proftpd" -n -c "$d/proftpd.conf"
}

start_dnsmasq() {
    local a=$1
    spawn dnsmasq /usr/sbin/dnsmasq --keep-in-foreground --no-resolv --no-hosts --no-poll --user=nobody \
        --group=nogroup --listen-address="$a" --bind-interfaces --port=53 --pid-file= \
        --address=/svc.lab.test/"$a" --log-facility=-
}

start_mcp_everything() {
    local a=$1 d root=$EXTRA_ROOT/mcp; d=$(svc_dir mcp-everything)
    chown nobody "$d"
    HOME=$d PORT=3001 spawn_as mcp-everything nobody /usr/bin/node \
        "$root/node_modules/@modelcontextprotocol/server-everything/dist/index.js" streamableHttp
}

# Why a service cannot run here, or nothing when it can.
missing_for() { # id
    local -A need=(
        [openssh]=/usr/sbin/sshd [nginx]=/usr/sbin/nginx [apache]=/usr/sbin/apache2 [postfix]=/usr/sbin/postfix
        [dovecot]=/usr/sbin/dovecot [vsftpd]=/usr/sbin/vsftpd [postgresql]=/usr/lib/postgresql/15/bin/postgres
        [mariadb]=/usr/sbin/mariadbd [redis]=/usr/bin/redis-server [memcached]=/usr/bin/memcached
        [mosquitto]=/usr/sbin/mosquitto [slapd]=/usr/sbin/slapd [samba]=/usr/sbin/smbd
        [lighttpd]=/usr/sbin/lighttpd [caddy]=/usr/bin/caddy [squid]=/usr/sbin/squid [haproxy]=/usr/sbin/haproxy
        [tomcat]=/usr/share/tomcat10/bin/catalina.sh [etcd]=/usr/bin/etcd [influxdb]=/usr/bin/influxd
        [prometheus]=/usr/bin/prometheus [node-exporter]=/usr/bin/prometheus-node-exporter
        [rabbitmq]=/usr/lib/rabbitmq/bin/rabbitmq-server [epmd]=/usr/lib/rabbitmq/bin/rabbitmq-server
        [erlang-dist]=/usr/lib/rabbitmq/bin/rabbitmq-server [jupyter]=/usr/bin/jupyter-notebook
        [proftpd]=$EXTRA_ROOT/proftpd/usr/sbin/proftpd [dnsmasq]=/usr/sbin/dnsmasq
        [mcp-everything]=$EXTRA_ROOT/mcp/node_modules/@modelcontextprotocol/server-everything/dist/index.js
    )
    [[ -e ${need[$1]} ]] || echo "${need[$1]} is not installed"
    return 0
}

# ---------------------------------------------------------------- up

write_plan() { # -> plan.tsv: one line per port of each started service
    local s id octet ports pkg product port hello version
    for s in "${SERVICES[@]}"; do
        IFS='|' read -r id octet ports pkg product <<<"$s"
        selected "$id" || continue
        [[ -z $(missing_for "$id") ]] || continue
        version=$(package_version "$pkg")
        for port in $ports; do
            hello=${port#*:}; port=${port%%:*}
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$(addr_of "$octet")" "$port" "$hello" "${pkg#*:}" \
                "$version" "$product"
        done
    done
}

package_version() { # dpkg name | npm:NAME | deb:NAME -> the installed version
    case $1 in
        npm:*) "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' \
            "$EXTRA_ROOT/mcp/node_modules/${1#npm:}/package.json" ;;
        deb:*) cat "$EXTRA_ROOT/${1#deb:}.version" ;;
        *) dpkg-query -W -f='${Version}' "$1" ;;
    esac
}

cmd_up() {
    require_root
    local dir; dir=$(state_dir)
    [[ -z $(lab_namespaces) ]] || die "service lab '$NAME' already exists; run: $0 down --name $NAME"
    [[ ! -e $dir ]] || die "service lab '$NAME' state $dir already exists; run: $0 down --name $NAME"
    BUILDING=1
    trap on_exit EXIT
    trap 'exit 130' INT TERM
    local t0=$SECONDS
    mkdir -p "$dir/log" "$dir/svc" "$dir/tls"
    chmod 755 "$STATE_ROOT" "$dir" "$dir/svc"
    : >"$dir/pids"

    local scan svc s id octet ports pkg product why fn
    scan=$(ns_scan); svc=$(ns_svc)
    ip netns add "$scan"
    ip netns add "$svc"
    fail_point namespaces
    ip -n "$scan" link set lo up
    ip -n "$svc" link set lo up
    ip -n "$scan" link add eth0 type veth peer name eth0 netns "$svc"
    ip -n "$scan" addr add "$SCANNER_IP/24" dev eth0
    ip -n "$scan" link set eth0 up
    local octets=()
    for s in "${SERVICES[@]}"; do
        IFS='|' read -r id octet ports pkg product <<<"$s"
        selected "$id" && octets+=("$octet")
    done
    for octet in $(printf '%s\n' "${octets[@]}" | sort -un); do
        ip -n "$svc" addr add "$(addr_of "$octet")/24" dev eth0
    done
    ip -n "$svc" link set eth0 up
    # Daemons that drop root before they bind (caddy, jupyter) may take ports below 1024, here only.
    ip netns exec "$svc" sysctl -qw net.ipv4.ip_unprivileged_port_start=0
    # The MCP server listens on every address of its namespace: keep it to its own (and lo); elsewhere
    # port 3001 is closed, as every port no daemon listens on.
    ip netns exec "$svc" nft -f - <<EOF
table inet netsweep_svlab {
    chain input { type filter hook input priority 0; policy accept;
        tcp dport 3001 ip daddr != { $(addr_of 36), 127.0.0.1 } reject with tcp reset
    }
}
EOF

    # One self-signed certificate for every TLS port (nginx, dovecot).
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=svc.lab.test/O=netsweep lab" \
        -keyout "$dir/tls/key.pem" -out "$dir/tls/cert.pem" 2>/dev/null
    chmod 644 "$dir/tls/cert.pem" "$dir/tls/key.pem"

    # Every daemon at once; each start function only prepares and spawns.
    local -a starters=() skipped=()
    for s in "${SERVICES[@]}"; do
        IFS='|' read -r id octet ports pkg product <<<"$s"
        selected "$id" || continue
        why=$(missing_for "$id")
        if [[ -n $why ]]; then skipped+=("$id ($why)"); continue; fi
        case $id in
            epmd|erlang-dist) continue ;;  # rabbitmq starts them
            node-exporter) fn=start_node_exporter ;;
            mcp-everything) fn=start_mcp_everything ;;
            *) fn=start_$id ;;
        esac
        ( "$fn" "$(addr_of "$octet")" ) >>"$dir/log/start.log" 2>&1 &
        starters+=("$id:$!")
    done
    local failed=() st
    for st in "${starters[@]}"; do
        wait "${st#*:}" || failed+=("${st%%:*}")
    done
    ((${#failed[@]} == 0)) || die "could not start: ${failed[*]}; see $dir/log/start.log: $(tail -5 "$dir/log/start.log")"
    fail_point daemons

    write_plan >"$dir/plan.tsv"
    # Readiness: each port polled from the scanner namespace until it accepts, with a deadline.
    ip netns exec "$scan" "$PY" "$SCRIPT_DIR/svprobe.py" wait --plan "$dir/plan.tsv" --timeout "$READY_TIMEOUT" \
        --logs "$dir/log" --pids "$dir/pids" || die "daemons not ready (logs in $dir/log)"
    verify_isolated
    ip netns exec "$scan" "$PY" "$SCRIPT_DIR/svprobe.py" truth --plan "$dir/plan.tsv" --name "$NAME" \
        --scanner-ns "$scan" --services-ns "$svc" --scanner "$SCANNER_IP" --out "$dir/ground-truth.json"
    BUILDING=0
    trap - INT TERM
    local n ports_csv
    n=$(cut -f1 "$dir/plan.tsv" | sort -u | wc -l)
    ports_csv=$(cut -f3 "$dir/plan.tsv" | sort -un | paste -sd,)
    cat <<EOF
service lab '$NAME' is up in $((SECONDS - t0)) s: $n services on $(wc -l <"$dir/plan.tsv") ports
  scanner namespace : $scan ($SCANNER_IP; no route out)
  services          : $NET.10-$NET.36 in $svc (list: $0 list)
  scan it           : sudo ip netns exec $scan ./netsweep -sV -p $ports_csv $NET.10-36
                      sudo ip netns exec $scan nmap -sV -T4 -p $ports_csv $NET.10-36
  ground truth      : $dir/ground-truth.json
  tear down         : sudo $0 down --name $NAME
EOF
    if ((${#skipped[@]})); then
        echo "  not installed     : ${skipped[*]}"
    fi
    echo "GROUND_TRUTH=$dir/ground-truth.json"
    echo "SCANNER_NS=$scan"
}

verify_isolated() {
    local ns
    for ns in "$(ns_scan)" "$(ns_svc)"; do
        ip -n "$ns" route show default | grep -q . && die "verification: $ns has a default route"
        ip -n "$ns" -6 route show default | grep -q . && die "verification: $ns has an IPv6 default route"
    done
    return 0
}

# ---------------------------------------------------------------- other commands

cmd_down() {
    require_root
    if [[ -z $(lab_namespaces) && ! -e $(state_dir) ]]; then
        log "service lab '$NAME' does not exist; nothing to do"
        return 0
    fi
    teardown
    log "service lab '$NAME' removed"
}

cmd_status() {
    require_root
    local ns count=0
    for ns in $(lab_namespaces); do
        count=$((count + 1))
        printf '  %-20s processes: %s\n' "$ns" "$(ip netns pids "$ns" | wc -l)"
    done
    if ((count == 0)); then
        echo "service lab '$NAME': not up"
    else
        echo "service lab '$NAME': ground truth $(state_dir)/ground-truth.json"
    fi
}

cmd_list() {
    local s id octet ports pkg product why
    printf '%-15s %-12s %-28s %-34s %s\n' id address ports package product
    for s in "${SERVICES[@]}"; do
        IFS='|' read -r id octet ports pkg product <<<"$s"
        why=$(missing_for "$id")
        printf '%-15s %-12s %-28s %-34s %s%s\n' "$id" "$(addr_of "$octet")" "$ports" "$pkg" "$product" \
            "${why:+  [$why]}"
    done
}

main() {
    (($#)) || usage
    local cmd=$1; shift
    parse_args "$@"
    case "$cmd" in
        up) cmd_up ;;
        down) cmd_down ;;
        status) cmd_status ;;
        list) cmd_list ;;
        *) usage ;;
    esac
}

main "$@"
