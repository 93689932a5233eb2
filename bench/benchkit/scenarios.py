"""The benchmark's scenarios and, for each, the command line of every tool that runs it.

A Tool's argv is built from the run's context (namespace, output path, targets file, ports, the
lab's MACs); safety.check_targets() vets the targets of every command before it runs. masscan and
zmap run with an explicit adapter and explicit lab ranges only.
"""
import ipaddress
import subprocess
from dataclasses import dataclass, field
from typing import Callable

from . import parse

NETSWEEP = None  # filled in by bench/run: path of ./netsweep

LAN = "10.231.0.0/24"
SLASH16 = "10.231.0.0/16"
THREE_HOSTS = ["10.231.0.11", "10.231.0.13", "10.231.0.20"]
LOOPBACK_PORTS = [22, 80, 443, 8080, 31337, 45000, 65535]


@dataclass(frozen=True)
class Ctx:
    """What a command line needs to know about one run."""
    ns: str
    out: str            # the tool's result file (or stdout capture for netsweep/fping)
    targets: list        # addresses / CIDRs
    targets_file: str    # the same, one per line
    ports: list          # empty for discovery
    port_spec: str       # compressed ports, e.g. 1-65535
    scanner_mac: str
    scanner_ip: str
    router_mac: str
    rate: int            # masscan / zmap packets per second
    zmap_files: dict     # conf, allow, block


@dataclass(frozen=True)
class Tool:
    key: str
    label: str
    reader: str                          # key of parse.READERS
    argv: Callable[[Ctx], list]
    stdout_is_result: bool = False       # the result is on stdout (netsweep -o json, fping -a)
    ok_codes: tuple = (0,)
    env: tuple = ()                      # extra environment, (name, value) pairs
    diagnostic: bool = False             # a netsweep variant that explains a result; no peer, no target
    variants: tuple = ()                 # only in these variants (empty: every variant of the scenario)


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    unit: str                            # hosts | ports
    ns: str                              # scan | lo
    targets: Callable[[dict], list]      # ground truth -> targets
    ports: Callable[[], list]
    tools: list
    variants: tuple = ("clean", "impaired")
    notes: dict = field(default_factory=dict)  # peer -> why it does not run here, or a caveat
    setup: Callable = None               # lab -> undo: changes the lab needs for this scenario only


def masscan_common(c):
    return ["--adapter", "eth0", "--adapter-ip", c.scanner_ip, "--adapter-mac", c.scanner_mac,
            "--router-mac", c.router_mac, "--rate", str(c.rate), "--wait", "2", "-oL", c.out,
            "--includefile", c.targets_file]


NETSWEEP_SN = Tool("netsweep", "netsweep -sn", "netsweep",
                   lambda c: [NETSWEEP, "-sn", "-n", "--no-progress", "-o", "json", "-iL", c.targets_file],
                   stdout_is_result=True)
NMAP_SN = Tool("nmap-sn", "nmap -sn", "nmap", lambda c: ["nmap", "-sn", "-n", "-oX", c.out, "-iL", c.targets_file])
FPING = Tool("fping", "fping -g", "lines", lambda c: ["fping", "-a", "-q", "-g", *c.targets],
             stdout_is_result=True, ok_codes=(0, 1))
MASSCAN_PING = Tool("masscan-ping", "masscan --ping", "masscan", lambda c: ["masscan", "--ping", *masscan_common(c)])
ZMAP_ICMP = Tool("zmap-icmp", "zmap -M icmp_echoscan", "lines",
                 lambda c: ["zmap", "-C", c.zmap_files["conf"], "-M", "icmp_echoscan", "-i", "eth0",
                            "-S", c.scanner_ip, "--source-mac", c.scanner_mac, "-G", c.router_mac,
                            "-w", c.zmap_files["allow"], "-b", c.zmap_files["block"], "-r", str(c.rate),
                            "-c", "2", "-q", "--disable-syslog", "-o", c.out])


def netsweep_ports(pn, extra=(), key="netsweep", note="", env=()):
    """netsweep's port scan; with extra options (or JVM options in env) it is a diagnostic variant."""
    def argv(c):
        return [NETSWEEP, "-n", "--no-progress", "-o", "json", *(["-Pn"] if pn else []), *extra,
                "-p", c.port_spec, "-iL", c.targets_file]
    label = "netsweep" + (" -Pn" if pn else "") + "".join(" " + e for e in extra) + note
    return Tool(key, label, "netsweep", argv, stdout_is_result=True, env=tuple(env),
                diagnostic=key != "netsweep")


# Diagnostics: the same scan with one limit moved, to show which limit sets the time.


def nmap_ports(kind, timing, pn, variants=()):
    label = f"nmap {kind}" + (f" -{timing}" if timing else "") + (" -Pn" if pn else "")
    key = "nmap" + kind + (timing or "")

    def argv(c):
        return ["nmap", kind, *([f"-{timing}"] if timing else []), *(["-Pn"] if pn else []), "-n",
                "-p", c.port_spec, "-oX", c.out, "-iL", c.targets_file]
    return Tool(key, label, "nmap", argv, variants=variants)


MASSCAN = Tool("masscan", "masscan", "masscan", lambda c: ["masscan", "-p", c.port_spec, *masscan_common(c)])

ZMAP_ONE_PORT = "zmap 2.1 probes one port per run"


def silent_slash16(lab):
    """Routes the lab's /16 from the scanner to the router, which drops (blackholes) all but its own subnets."""
    scan, rt = lab.scan_ns, f"{lab.name}-rt"
    subprocess.run(["ip", "-n", rt, "route", "add", "blackhole", SLASH16], check=True)
    try:
        subprocess.run(["ip", "-n", scan, "route", "add", SLASH16, "via", "10.231.0.254"], check=True)
    except subprocess.CalledProcessError:
        subprocess.run(["ip", "-n", rt, "route", "del", "blackhole", SLASH16], check=False)
        raise

    def undo():
        subprocess.run(["ip", "-n", scan, "route", "del", SLASH16, "via", "10.231.0.254"], check=False)
        subprocess.run(["ip", "-n", rt, "route", "del", "blackhole", SLASH16], check=False)
    return undo


def netsweep_rate(retries=None):
    """netsweep -Pn at masscan's rate (one engine thread, paced), optionally with fewer retries."""
    extra = () if retries is None else ("--retries", str(retries))

    def argv(c):
        return [NETSWEEP, "-n", "--no-progress", "-o", "json", "-Pn", "--rate", str(c.rate), *extra,
                "-p", c.port_spec, "-iL", c.targets_file]
    key = "netsweep" if retries is None else f"netsweep-r{retries}"
    return Tool(key, "netsweep -Pn --rate R" + "".join(" " + e for e in extra), "netsweep", argv,
                stdout_is_result=True, diagnostic=retries is not None)


def lan_targets(_truth):
    return [LAN]


def live_hosts(truth):
    """Every host of the LAN that is up (lab hosts and the router), not the scanner itself."""
    return [h["ipv4"] for h in truth["hosts"] if h["kind"] in ("lan", "router")]


def scenarios():
    all_ports = lambda: list(range(1, 65536))  # noqa: E731
    return [
        Scenario("s", "Start-up floor: -sn of one live host", "hosts", "scan", lambda _t: [THREE_HOSTS[0]],
                 lambda: [], [NETSWEEP_SN, NMAP_SN], variants=("clean",)),
        Scenario("a", "Discovery of the /24", "hosts", "scan", lan_targets, lambda: [],
                 [NETSWEEP_SN, NMAP_SN, FPING, MASSCAN_PING, ZMAP_ICMP]),
        Scenario("b", "Top-1000 ports on the 31 live hosts (-Pn)", "ports", "scan", live_hosts,
                 lambda: parse.top_ports(1000),
                 [netsweep_ports(True), nmap_ports("-sT", "T4", True), nmap_ports("-sS", "T4", True), MASSCAN],
                 notes={"zmap": ZMAP_ONE_PORT, "fping": "ICMP only"}),
        Scenario("c", "Ports 1-65535 on 3 hosts (-Pn)", "ports", "scan", lambda _t: list(THREE_HOSTS), all_ports,
                 [netsweep_ports(True), nmap_ports("-sS", "T4", True, variants=("clean",)),
                  nmap_ports("-sT", "T4", True), MASSCAN],
                 notes={"zmap": ZMAP_ONE_PORT, "fping": "ICMP only",
                        "nmap -sS -T4 (impaired)": "left out of the impaired variant: 340 s a run (run "
                                                   "20261126-011944), and the target's reference there is "
                                                   "nmap -sT -T4"}),
        Scenario("d", "The /24: discovery, then top-100 ports", "ports", "scan", lan_targets,
                 lambda: parse.top_ports(100),
                 [netsweep_ports(False), nmap_ports("-sT", "T4", False), nmap_ports("-sS", "T4", False), MASSCAN],
                 notes={"zmap": ZMAP_ONE_PORT, "fping": "ICMP only",
                          "masscan (note)": "has no discovery step: probes all 256 addresses"}),
        Scenario("e", "Ports 1-65535 on loopback (-Pn)", "ports", "lo", lambda _t: ["127.0.0.1"], all_ports,
                 [netsweep_ports(True), nmap_ports("-sS", None, True), nmap_ports("-sS", "T4", True),
                  nmap_ports("-sT", "T4", True)],
                 variants=("loopback",),
                 notes={"masscan": "cannot use lo: 'failed to detect MAC address of interface lo'; with "
                                     "--source-mac/--router-mac forced it found 0 of 7 open ports and did not exit",
                          "zmap": ZMAP_ONE_PORT}),
        Scenario("f", "A /16 of mostly silent addresses, port 22 (-Pn), at masscan's rate", "ports", "scan",
                 lambda _t: [SLASH16], lambda: [22], [netsweep_rate(), netsweep_rate(0), MASSCAN],
                 variants=("clean", "impaired"), setup=silent_slash16,
                 notes={"route": "the scanner routes the /16 to the lab router, which blackholes all but its "
                                 "subnets: 65,534 silent addresses, the lab's hosts answer",
                        "impaired": "the lossy variant: the scanner's link loses 1 % each way (and delays 10 ms), "
                                    "so a live host's first SYN or answer is lost now and then; recall there "
                                    "shows whether retransmissions went where they were needed"}),
    ]


def truth_for(scenario, truth, targets, ports):
    """The set the scenario is scored against: live hosts, or open (ip, port) pairs in scope."""
    if scenario.ns == "lo":
        return {("127.0.0.1", p) for p in LOOPBACK_PORTS if p in set(ports)}
    nets = [ipaddress.ip_network(t, strict=False) for t in targets]
    inside = [h for h in truth["hosts"] if h["kind"] != "scanner"
              and any(ipaddress.ip_address(h["ipv4"]) in n for n in nets)]
    if scenario.unit == "hosts":
        return {h["ipv4"] for h in inside}
    wanted = set(ports)
    return {(h["ipv4"], p) for h in inside for p in h["open"] if p in wanted}
