"""Readers of each tool's output, and precision/recall against the ground truth.

Every reader returns a set: of IP strings (discovery) or of (ip, port) pairs (port scans, open only).
"""
import json
import xml.etree.ElementTree as ET
from pathlib import Path


def netsweep_json(path):
    """netsweep -o json (JSON Lines): hosts with status up, ports with state open, the port list scanned."""
    hosts, ports, scanned = set(), set(), None
    for line in Path(path).read_text(errors="replace").splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        ev = json.loads(line)
        kind = ev.get("type")
        if kind == "started":
            scanned = ev.get("ports")
        elif kind == "host" and ev.get("status") == "up":
            hosts.add(ev["ip"])
        elif kind == "port" and ev.get("state") == "open":
            ports.add((ev["ip"], int(ev["port"])))
    return hosts, ports, scanned


def nmap_xml(path):
    """nmap -oX: hosts whose status is up; ports whose state is open; the services scanned."""
    root = ET.parse(path).getroot()
    hosts, ports = set(), set()
    for h in root.findall("host"):
        status = h.find("status")
        addr = h.find("address[@addrtype='ipv4']")
        if addr is None:
            addr = h.find("address[@addrtype='ipv6']")
        if addr is None:
            continue
        ip = addr.get("addr")
        if status is not None and status.get("state") == "up":
            hosts.add(ip)
        for p in h.findall("ports/port"):
            st = p.find("state")
            if p.get("protocol") == "tcp" and st is not None and st.get("state") == "open":
                ports.add((ip, int(p.get("portid"))))
    info = root.find("scaninfo")
    return hosts, ports, (info.get("services") if info is not None else None)


def masscan_list(path):
    """masscan -oL: 'open tcp PORT IP TS' and 'open icmp 0 IP TS'."""
    hosts, ports = set(), set()
    p = Path(path)
    if not p.exists():
        return hosts, ports, None
    for line in p.read_text(errors="replace").splitlines():
        f = line.split()
        if len(f) >= 4 and f[0] == "open":
            hosts.add(f[3])
            if f[1] == "tcp":
                ports.add((f[3], int(f[2])))
    return hosts, ports, None


def ip_lines(path):
    """fping -a and zmap -o: one IP per line."""
    hosts = set()
    p = Path(path)
    if p.exists():
        for line in p.read_text(errors="replace").splitlines():
            line = line.strip()
            if line and line[0].isdigit():
                hosts.add(line.split(",")[0])
    return hosts, set(), None


READERS = {"netsweep": netsweep_json, "nmap": nmap_xml, "masscan": masscan_list, "lines": ip_lines}


def score(found, truth, ignore=frozenset()):
    """Precision and recall of found against truth; items in ignore (the scanner itself) count neither way."""
    found = {f for f in found if (f if isinstance(f, str) else f[0]) not in ignore}
    truth = {t for t in truth if (t if isinstance(t, str) else t[0]) not in ignore}
    hit = found & truth
    precision = len(hit) / len(found) if found else (1.0 if not truth else 0.0)
    recall = len(hit) / len(truth) if truth else 1.0
    return {"found": len(found), "truth": len(truth), "hit": len(hit), "precision": precision, "recall": recall,
            "missed": sorted(map(str, truth - found))[:20], "extra": sorted(map(str, found - truth))[:20]}


def expand_ports(spec):
    """'1,3-4,6' -> {1, 3, 4, 6}."""
    out = set()
    for part in (spec or "").split(","):
        if not part:
            continue
        if "-" in part:
            lo, hi = part.split("-")
            out.update(range(int(lo), int(hi) + 1))
        else:
            out.add(int(part))
    return out


PORT_TABLE = Path(__file__).resolve().parents[2] / "src/main/resources/io/netsweep/port/tcp-ports.tsv"


def top_ports(n, table=PORT_TABLE):
    """netsweep's n first-ranked TCP ports (its --top-ports n), from its committed port table: ranked ports by
    rank, then the others ascending. Every tool of a scenario is given this same list with -p."""
    ranked = []
    for line in Path(table).read_text().splitlines():
        if line and not line.startswith("#"):
            port, _name, rank = line.split("\t")
            if int(rank) > 0:
                ranked.append((int(rank), int(port)))
    order = [p for _, p in sorted(ranked)]
    seen = set(order)
    order += [p for p in range(1, 65536) if p not in seen]
    return sorted(order[:n])


def compress(ports):
    """[1, 2, 3, 5] -> '1-3,5'."""
    ports = sorted(set(ports))
    out, i = [], 0
    while i < len(ports):
        j = i
        while j + 1 < len(ports) and ports[j + 1] == ports[j] + 1:
            j += 1
        out.append(str(ports[i]) if i == j else f"{ports[i]}-{ports[j]}")
        i = j + 1
    return ",".join(out)
