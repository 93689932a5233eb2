#!/usr/bin/env python3
"""Writes the lab's ground truth as JSON from the plan lab.sh recorded while building.

Vendors come straight from the IEEE registry CSV (Debian ieee-data), independently of netsweep.
"""
import argparse
import csv
import json
import os
import time



def vendors():
    table = {}
    path = "/usr/share/ieee-data/oui.csv"
    if os.path.exists(path):
        with open(path, newline="", encoding="utf-8", errors="replace") as f:
            for row in csv.DictReader(f):
                table[row["Assignment"].strip().upper()] = " ".join(row["Organization Name"].split())
    return table


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--plan", required=True)
    ap.add_argument("--loss", type=int, default=0)
    ap.add_argument("--ports", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    universe = [int(p) for p in a.ports.split()]
    oui = vendors()
    hosts = []
    with open(a.plan, encoding="utf-8") as f:
        for line in f:
            kind, label, ns, ip4, ip6, mac, icmp, open_, filtered = line.rstrip("\n").split("\t")
            open_ports = [int(p) for p in open_.split(",") if p]
            filtered_ports = [int(p) for p in filtered.split(",") if p]
            closed = [p for p in universe if p not in open_ports and p not in filtered_ports]
            first = int(mac.split(":")[0], 16)
            local_admin = bool(first & 0x02)
            vendor = None if local_admin else oui.get(mac.replace(":", "")[:6].upper())
            hosts.append({
                "label": label,
                "kind": kind,              # lan | routed | router | scanner
                "namespace": ns,
                "ipv4": ip4,
                "ipv6": ip6 or None,
                "mac": mac,
                "localMac": kind in ("lan", "router", "scanner"),  # on the scanner's link: MAC visible
                "vendor": vendor,
                "answersIcmp": icmp == "1",
                "open": open_ports,
                "closed": closed if kind in ("lan", "routed") else [],
                "filtered": filtered_ports,
            })
    truth = {
        "name": a.name,
        "createdAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "scannerNamespace": f"{a.name}-scan",
        "scanner": {"ipv4": "10.231.0.1", "ipv6": "fd00:231::1"},
        "lan4": "10.231.0.0/24",
        "lan6": "fd00:231::/64",
        "routed4": "10.231.1.0/24",
        "router": "10.231.0.254",
        "routerRejects4": "10.231.1.128/25",
        "lossPercent": a.loss,
        "portUniverse": universe,
        "hosts": hosts,
    }
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(truth, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
