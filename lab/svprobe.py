#!/usr/bin/python3
"""Talks to the service lab's daemons from the scanner namespace: readiness, ground truth, recordings.

    svprobe.py wait   --plan PLAN --timeout S [--logs DIR]      poll every port until it accepts (deadline)
    svprobe.py truth  --plan PLAN --name N ... --out FILE        ground truth, with the evidence of disclosure
    svprobe.py record --truth FILE --out DIR                     recorded responses for the catalogue's tests

PLAN is lab/services.sh's plan.tsv: id, address, port, hello, package, package version, product.
Every exchange is a hello a client sends before any login: a banner read, HTTP GET / HTTP/1.0, a TLS
handshake, SMTP EHLO, IMAP CAPABILITY, POP3 CAPA, FTP FEAT, an LDAP root DSE search, an SMB2
NEGOTIATE, an AMQP protocol header, an MQTT CONNECT and SUBSCRIBE $SYS/broker/version, a PostgreSQL SSLRequest and a start-up message
of an unsupported protocol version, Redis PING and INFO server, memcached version, EPMD NAMES, an
Erlang distribution send_name, DNS version.bind over TCP, MCP initialize. No credentials are ever sent.

Only lab addresses (10.232.0.0/24) are contacted; anything else is refused before a socket is opened.
"""
import argparse
import base64
import concurrent.futures
import ipaddress
import json
import os
import re
import socket
import ssl
import struct
import sys
import time
from pathlib import Path

LAB = ipaddress.ip_network("10.232.0.0/24")
UNPROMPTED_WAIT = 1.5      # seconds to wait for bytes a daemon sends by itself
READ_LIMIT = 16384         # bytes kept of one answer
HTTP_READ_LIMIT = 65536    # an HTTP answer (Prometheus' /metrics runs to some 40 kB)
IO_TIMEOUT = 5.0


def check_address(addr):
    if ipaddress.ip_address(addr) not in LAB:
        raise SystemExit(f"svprobe.py: refusing {addr}: outside the service lab {LAB}")


# ------------------------------------------------------------------ plan

class Port:
    def __init__(self, line):
        f = line.rstrip("\n").split("\t")
        self.id, self.address, self.port, self.hello, self.package, self.package_version, self.product = \
            f[0], f[1], int(f[2]), f[3], f[4], f[5], f[6]
        check_address(self.address)

    @property
    def tls(self):
        return self.hello in ("https", "imaps", "pop3s")


def read_plan(path):
    return [Port(line) for line in Path(path).read_text().splitlines() if line.strip()]


def upstream_version(package_version):
    """Debian's version without epoch, Debian revision and repack suffix: 1:9.2p1-2+deb12u3 -> 9.2p1."""
    v = re.sub(r"^\d+:", "", package_version)
    if "-" in v:
        v = v[: v.rindex("-")]
    return re.sub(r"\+(dfsg|ds|repack)[0-9.]*$", "", v)


# ------------------------------------------------------------------ sockets

def connect(p, timeout=IO_TIMEOUT):
    check_address(p.address)
    s = socket.create_connection((p.address, p.port), timeout=timeout)
    if p.tls:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        s = ctx.wrap_socket(s, server_hostname="svc.lab.test")
    return s


def read_some(s, wait, until=None, limit=READ_LIMIT):
    """Bytes that arrive within `wait` seconds (stops early at EOF, at `limit`, or when until(data))."""
    data = b""
    deadline = time.monotonic() + wait
    while len(data) < limit:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        s.settimeout(left)
        try:
            chunk = s.recv(limit - len(data))
        except (socket.timeout, TimeoutError):
            break
        except (ConnectionResetError, ssl.SSLError, OSError):
            break
        if not chunk:
            break
        data += chunk
        if until and until(data):
            break
    return data


def lines_done(n=1):
    return lambda d: d.count(b"\n") >= n


def smtp_done(d):  # a complete multi-line reply: a last line "NNN text"
    lines = d.split(b"\r\n")
    return len(lines) >= 2 and re.match(rb"^\d{3} ", lines[-2] or b"") is not None


def exchange(p, sends, wait=IO_TIMEOUT, first_until=None, until=None, limit=READ_LIMIT):
    """One connection: read the greeting (if first_until), then each send and its answer."""
    out = []
    with connect(p) as s:
        if first_until is not None:
            out.append({"sent": b"", "received": read_some(s, wait, first_until, limit)})
        for data in sends:
            s.sendall(data)
            out.append({"sent": data, "received": read_some(s, wait, until, limit)})
    return out


# ------------------------------------------------------------------ hellos

def http_get(path, host):
    return f"GET {path} HTTP/1.0\r\nHost: {host}\r\nUser-Agent: netsweep-lab-probe\r\n\r\n".encode()


def http_done(d):  # headers and, when given, the whole Content-Length body
    head, sep, body = d.partition(b"\r\n\r\n")
    if not sep:
        return False
    m = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    return m is not None and len(body) >= int(m.group(1))


# Read-only paths where a daemon states what it is (beside GET /), by service id.
EXTRA_PATHS = {
    "etcd": ["/version"],
    "prometheus": ["/api/v1/status/buildinfo"],
    "jupyter": ["/api"],
    "influxdb": ["/ping"],
    "node-exporter": ["/metrics"],
}


def hello_http(p):
    out = []
    for path in ["/"] + EXTRA_PATHS.get(p.id, []):
        out += [dict(x, hello=f"GET {path}") for x in exchange(p, [http_get(path, p.address)], until=http_done,
                                                                limit=HTTP_READ_LIMIT)]
    return out


def hello_ssh(p):
    return [dict(x, hello="banner") for x in exchange(p, [], first_until=lines_done())]


def hello_smtp(p):
    r = exchange(p, [b"EHLO scanner.lab.test\r\n", b"QUIT\r\n"], first_until=smtp_done, until=smtp_done)
    return [dict(r[0], hello="banner"), dict(r[1], hello="EHLO"), dict(r[2], hello="QUIT")]


def hello_imap(p):
    r = exchange(p, [b"a1 CAPABILITY\r\n", b"a2 LOGOUT\r\n"], first_until=lines_done(),
                 until=lambda d: re.search(rb"(?m)^a\d ", d) is not None)
    return [dict(r[0], hello="banner"), dict(r[1], hello="CAPABILITY"), dict(r[2], hello="LOGOUT")]


def hello_pop3(p):
    r = exchange(p, [b"CAPA\r\n", b"QUIT\r\n"], first_until=lines_done(),
                 until=lambda d: d.endswith(b".\r\n") or d.startswith(b"-ERR") and d.endswith(b"\r\n"))
    return [dict(r[0], hello="banner"), dict(r[1], hello="CAPA"), dict(r[2], hello="QUIT")]


def hello_ftp(p):
    r = exchange(p, [b"FEAT\r\n", b"QUIT\r\n"], first_until=smtp_done, until=smtp_done)
    return [dict(r[0], hello="banner"), dict(r[1], hello="FEAT"), dict(r[2], hello="QUIT")]


def hello_pgsql(p):
    ssl_request = struct.pack("!II", 8, 80877103)
    r1 = exchange(p, [ssl_request], until=lambda d: len(d) >= 1)
    # A start-up message of protocol 0.0: the server names the versions it supports, no login happens.
    body = struct.pack("!I", 0) + b"user\0netsweep-probe\0\0"
    r2 = exchange(p, [struct.pack("!I", len(body) + 4) + body])
    return [dict(r1[0], hello="SSLRequest"), dict(r2[0], hello="StartupMessage 0.0")]


def hello_mysql(p):
    return [dict(x, hello="banner") for x in exchange(p, [], first_until=lambda d: len(d) >= 4 and len(d) >= 4 + int.from_bytes(d[:3], "little"))]


def hello_redis(p):
    r = exchange(p, [b"PING\r\n", b"INFO server\r\n"], until=lambda d: d.startswith(b"+") and d.endswith(b"\r\n")
                 or d.startswith(b"$") and d.count(b"\r\n") >= 2 and d.endswith(b"\r\n\r\n"))
    return [dict(r[0], hello="PING"), dict(r[1], hello="INFO server")]


def hello_memcached(p):
    r = exchange(p, [b"version\r\n"], until=lines_done())
    return [dict(r[0], hello="version")]


def mqtt_connect():
    client = b"netsweep-probe"
    var = b"\x00\x04MQTT\x04\x02\x00\x3c"  # MQTT 3.1.1, clean session, keep-alive 60 s
    payload = struct.pack("!H", len(client)) + client
    rest = var + payload
    return b"\x10" + bytes([len(rest)]) + rest


def mqtt_subscribe(topic):
    t = topic.encode()
    rest = struct.pack("!H", 1) + struct.pack("!H", len(t)) + t + b"\x00"  # packet id 1, QoS 0
    return b"\x82" + bytes([len(rest)]) + rest


def hello_mqtt(p):
    # A subscription to the broker's own $SYS/broker/version (read-only; what nmap's mqtt-subscribe does).
    r = exchange(p, [mqtt_connect(), mqtt_subscribe("$SYS/broker/version"), b"\xe0\x00"],
                 until=lambda d: len(d) >= 4 and (d[0] != 0x90 or b"$SYS" in d))
    return [dict(r[0], hello="CONNECT"), dict(r[1], hello="SUBSCRIBE $SYS/broker/version"),
            dict(r[2], hello="DISCONNECT")]


def ber(tag, content):
    n = len(content)
    length = bytes([n]) if n < 128 else bytes([0x81, n]) if n < 256 else bytes([0x82]) + struct.pack("!H", n)
    return bytes([tag]) + length + content


def ldap_rootdse_search():
    attrs = [b"namingContexts", b"supportedLDAPVersion", b"vendorName", b"vendorVersion", b"supportedSASLMechanisms"]
    search = ber(0x63, ber(0x04, b"") + ber(0x0A, b"\x00") + ber(0x0A, b"\x00") + ber(0x02, b"\x00")
                 + ber(0x02, b"\x00") + ber(0x01, b"\x00") + ber(0x87, b"objectClass")
                 + ber(0x30, b"".join(ber(0x04, a) for a in attrs)))
    return ber(0x30, ber(0x02, b"\x01") + search)


def hello_ldap(p):
    r = exchange(p, [ldap_rootdse_search()], until=lambda d: b"\x65" in d[-20:] and d.find(b"\x0a\x01\x00") > 0)
    return [dict(r[0], hello="search root DSE")]


def smb2_negotiate():
    dialects = [0x0202, 0x0210, 0x0300, 0x0302]
    header = (b"\xfeSMB" + struct.pack("<HHIHHII", 64, 0, 0, 0, 0, 0, 0) + struct.pack("<Q", 0)
              + struct.pack("<IIQ", 0, 0, 0) + b"\0" * 16)
    body = (struct.pack("<HHHHI", 36, len(dialects), 1, 0, 0) + b"netsweep-probe-1"
            + struct.pack("<Q", 0) + b"".join(struct.pack("<H", d) for d in dialects))
    msg = header + body
    return struct.pack("!I", len(msg)) + msg


def hello_smb(p):
    r = exchange(p, [smb2_negotiate()], until=lambda d: len(d) >= 4 and len(d) >= 4 + int.from_bytes(d[1:4], "big"))
    return [dict(r[0], hello="SMB2 NEGOTIATE")]


def hello_amqp(p):
    r = exchange(p, [b"AMQP\x00\x00\x09\x01"], until=lambda d: d.endswith(b"\xce"))
    return [dict(r[0], hello="AMQP 0-9-1 header")]


def hello_epmd(p):
    r = exchange(p, [b"\x00\x01n"])
    return [dict(r[0], hello="NAMES")]


def hello_erlang_dist(p):
    # send_name, version 6 ('N'): flags, creation, name. The node answers with its status and its own
    # name and a challenge; nothing more happens without the cookie.
    name = b"probe@netsweep-lab"
    flags = 0x4 | 0x10 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x20000 | 0x40000 | 0x1000000
    body = b"N" + struct.pack("!QIH", flags, 1, len(name)) + name
    r = exchange(p, [struct.pack("!H", len(body)) + body])
    return [dict(r[0], hello="send_name")]


def dns_query(name, qtype, qclass):
    q = struct.pack("!HHHHHH", 0x4e53, 0x0100, 1, 0, 0, 0)
    q += b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0" + struct.pack("!HH", qtype, qclass)
    return struct.pack("!H", len(q)) + q


def hello_dns_tcp(p):
    r = exchange(p, [dns_query("version.bind", 16, 3)],
                 until=lambda d: len(d) >= 2 and len(d) >= 2 + int.from_bytes(d[:2], "big"))
    return [dict(r[0], hello="version.bind CH TXT")]


def hello_mcp(p):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "netsweep-lab-probe", "version": "1"}}}).encode()
    req = (f"POST /mcp HTTP/1.0\r\nHost: {p.address}:{p.port}\r\nContent-Type: application/json\r\n"
           f"Accept: application/json, text/event-stream\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
    out = hello_http(p)
    out += [dict(x, hello="POST /mcp initialize") for x in exchange(p, [req], until=lambda d: b"serverInfo" in d
                                                                     and d.rstrip().endswith(b"}"))]
    return out


HELLOS = {
    "ssh": hello_ssh, "http": hello_http, "https": hello_http, "http-proxy": hello_http, "smtp": hello_smtp,
    "imap": hello_imap, "imaps": hello_imap, "pop3": hello_pop3, "pop3s": hello_pop3, "ftp": hello_ftp,
    "pgsql": hello_pgsql, "mysql": hello_mysql, "redis": hello_redis, "memcached": hello_memcached,
    "mqtt": hello_mqtt, "ldap": hello_ldap, "smb": hello_smb, "amqp": hello_amqp, "epmd": hello_epmd,
    "erlang-dist": hello_erlang_dist, "dns-tcp": hello_dns_tcp, "mcp": hello_mcp,
}


def unprompted(p):
    """What the daemon sends before the client says anything (TLS: after the handshake)."""
    with connect(p) as s:
        return read_some(s, UNPROMPTED_WAIT, limit=4096)


def tls_summary(p):
    """The certificate the server presents, as a short summary (no verification: it is self-signed)."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with socket.create_connection((p.address, p.port), timeout=IO_TIMEOUT) as raw:
        with ctx.wrap_socket(raw, server_hostname="svc.lab.test") as s:
            der = s.getpeercert(binary_form=True)
            pem = ssl.DER_cert_to_PEM_cert(der)
            import subprocess
            info = subprocess.run(["openssl", "x509", "-noout", "-subject", "-issuer", "-dates", "-serial"],
                                  input=pem, capture_output=True, text=True).stdout.strip()
            return {"protocol": s.version(), "cipher": s.cipher()[0], "certificate": info.splitlines()}


def probe(p):
    """All exchanges with one port: unprompted bytes, then its protocol's hellos."""
    result = {"exchanges": [], "error": None, "tls": None}
    try:
        if p.tls:
            result["tls"] = tls_summary(p)
        result["exchanges"].append({"hello": "unprompted", "sent": b"", "received": unprompted(p)})
        result["exchanges"] += HELLOS[p.hello](p)
    except (OSError, ssl.SSLError) as e:
        result["error"] = f"{type(e).__name__}: {e}"
    return result


def text(b):
    """Bytes as ISO-8859-1 code points: lossless, and JSON escapes what is not printable."""
    return b.decode("latin-1")


# ------------------------------------------------------------------ commands

def cmd_wait(a):
    plan = read_plan(a.plan)
    pending = {(p.address, p.port): p for p in plan}
    deadline = time.monotonic() + a.timeout
    pids = {}
    if a.pids:
        for line in Path(a.pids).read_text().splitlines():
            f = line.split()
            if len(f) == 3:
                pids[f[2]] = int(f[1])
    dead = set()
    while pending and time.monotonic() < deadline and not dead:
        for p in pending.values():
            if p.id in pids and not Path(f"/proc/{pids[p.id]}").exists():
                dead.add(p.id)
        for key in list(pending):
            try:
                with socket.create_connection(key, timeout=0.5):
                    del pending[key]
            except OSError:
                pass
        if pending:
            time.sleep(0.2)
    if pending:
        names = sorted({f"{p.id} ({p.address}:{p.port})" for p in pending.values()})
        if dead:
            print(f"svprobe.py: exited before accepting connections: {', '.join(sorted(dead))}", file=sys.stderr)
        else:
            print(f"svprobe.py: not accepting after {a.timeout} s: {', '.join(names)}", file=sys.stderr)
        if a.logs:
            for pid in sorted({p.id for p in pending.values()}):
                f = Path(a.logs) / f"{pid}.log"
                if f.exists():
                    print(f"--- {f} (end)\n{f.read_text(errors='replace')[-1500:]}", file=sys.stderr)
        return 1
    return 0


def evidence(p, result, version):
    """Where the version appears in what the daemon sent, or what it sent instead."""
    for x in result["exchanges"]:
        raw = text(x["received"])
        i = raw.find(version)
        if i >= 0:
            line_start = max(raw.rfind("\n", 0, i) + 1, i - 120)
            line_end = raw.find("\n", i)
            line_end = min(line_end if line_end >= 0 else len(raw), i + len(version) + 120)
            return True, f"{x['hello']}: {printable(raw[line_start:line_end])}"
    for x in result["exchanges"]:
        if x["received"]:
            first = printable(text(x["received"]).split("\n", 1)[0][:160])
            return False, f"version not in any answer; first answer ({x['hello']}): {first}"
    return False, "version not in any answer; the daemon sent nothing to these hellos"


def printable(s):
    return "".join(c if 32 <= ord(c) < 127 else "." for c in s).strip()


def cmd_truth(a):
    plan = read_plan(a.plan)
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        results = list(pool.map(probe, plan))
    services = []
    for p, r in zip(plan, results):
        if r["error"] is not None:
            raise SystemExit(f"svprobe.py: {p.id} {p.address}:{p.port} ({p.hello}): {r['error']}")
        version = upstream_version(p.package_version)
        discloses, ev = evidence(p, r, version)
        services.append({
            "id": p.id, "address": p.address, "port": p.port, "protocol": "tcp", "tls": p.tls, "hello": p.hello,
            "package": p.package, "packageVersion": p.package_version, "product": p.product,
            "version": version, "disclosesVersion": discloses, "evidence": ev,
            "hellos": [x["hello"] for x in r["exchanges"]],
        })
    truth = {"name": a.name, "scannerNamespace": a.scanner_ns, "servicesNamespace": a.services_ns,
             "scanner": a.scanner, "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
             "services": services}
    Path(a.out).write_text(json.dumps(truth, indent=2) + "\n")
    return 0


def cmd_record(a):
    truth = json.loads(Path(a.truth).read_text())
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    plan = []
    for s in truth["services"]:
        plan.append((s, Port("\t".join(str(x) for x in (s["id"], s["address"], s["port"], s["hello"], s["package"],
                                                          s["packageVersion"], s["product"])))))
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        results = list(pool.map(lambda sp: probe(sp[1]), plan))
    for (s, p), r in zip(plan, results):
        if r["error"] is not None:
            raise SystemExit(f"svprobe.py: {p.id} {p.address}:{p.port}: {r['error']}")
        deb_version = re.sub(r"^\d+:", "", s["packageVersion"])  # as Debian names its .deb files
        name = f"{s['id']}-{s['port']}_{s['package'].split('/')[-1]}_{deb_version}.json"
        doc = {
            "format": "netsweep recorded service responses 1",
            "note": "bytes as ISO-8859-1 code points; recorded by lab/svprobe.py record inside lab/services.sh's lab",
            "service": s["id"], "port": s["port"], "tls": s["tls"], "package": s["package"],
            "packageVersion": s["packageVersion"], "product": s["product"], "version": s["version"],
            "disclosesVersion": s["disclosesVersion"], "recorded": time.strftime("%Y-%m-%d", time.gmtime()),
            "tlsSummary": r["tls"],
            "exchanges": [{"hello": x["hello"], "sent": text(x["sent"]), "received": text(x["received"])}
                          for x in r["exchanges"]],
        }
        (out / name).write_text(json.dumps(doc, indent=2, ensure_ascii=True) + "\n")
        print(f"{name}: {sum(len(x['received']) for x in r['exchanges'])} bytes in {len(r['exchanges'])} answers")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("wait")
    w.add_argument("--plan", required=True)
    w.add_argument("--timeout", type=float, default=120)
    w.add_argument("--logs")
    w.add_argument("--pids", help="services.sh's pids file: a service whose process died fails at once")
    t = sub.add_parser("truth")
    for arg in ("--plan", "--name", "--scanner-ns", "--services-ns", "--scanner", "--out"):
        t.add_argument(arg, required=True)
    r = sub.add_parser("record")
    r.add_argument("--truth", required=True)
    r.add_argument("--out", required=True)
    a = ap.parse_args()
    return {"wait": cmd_wait, "truth": cmd_truth, "record": cmd_record}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
