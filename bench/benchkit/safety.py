"""Network safety checks: every scan stays inside the lab or on loopback.

Each check raises SafetyError; bench/run aborts (and tears down) on the first one.
"""
import ipaddress
import json
import subprocess

LAB_LAN = ipaddress.ip_network("10.231.0.0/24")
# The lab's whole range: scenario (f) routes it from the scanner to the lab router, which blackholes what is not
# one of its subnets; no lab namespace has a route out (check_namespace_isolated).
LAB_RANGE = ipaddress.ip_network("10.231.0.0/16")
LOOPBACK = ipaddress.ip_network("127.0.0.0/8")
ALLOWED = (LAB_RANGE, LOOPBACK)


class SafetyError(RuntimeError):
    """A scan would leave the lab; nothing is sent."""


def check_targets(targets):
    """Every target (address or CIDR) must lie inside the lab's range or loopback."""
    if not targets:
        raise SafetyError("no targets")
    for t in targets:
        net = ipaddress.ip_network(t, strict=False)
        if not any(net.version == a.version and net.subnet_of(a) for a in ALLOWED):
            raise SafetyError(f"target {t} is outside {', '.join(map(str, ALLOWED))}")


def check_namespace_isolated(ns):
    """The namespace has no default route and no route outside the lab or loopback."""
    for family in ("-4", "-6"):
        out = subprocess.run(["ip", "-n", ns, "-j", family, "route", "show", "table", "all"],
                             check=True, capture_output=True, text=True).stdout
        for route in json.loads(out or "[]"):
            dst = route.get("dst", "")
            if route.get("type") in ("local", "broadcast", "multicast", "anycast") or route.get("table") == "local":
                continue
            if dst == "default":
                raise SafetyError(f"namespace {ns} has a default route: {route}")
            if family == "-6":
                # IPv6: only the lab's ULA prefix, link-local and multicast are acceptable.
                net = ipaddress.ip_network(dst if "/" in dst else dst + "/128", strict=False)
                if not (net.subnet_of(ipaddress.ip_network("fd00:231::/64"))
                        or net.subnet_of(ipaddress.ip_network("fe80::/10"))
                        or net.subnet_of(ipaddress.ip_network("ff00::/8"))):
                    raise SafetyError(f"namespace {ns} has an IPv6 route outside the lab: {route}")
                continue
            net = ipaddress.ip_network(dst if "/" in dst else dst + "/32", strict=False)
            if not (net.subnet_of(ipaddress.ip_network("10.231.0.0/16")) or net.subnet_of(LOOPBACK)):
                raise SafetyError(f"namespace {ns} has a route outside the lab: {route}")
