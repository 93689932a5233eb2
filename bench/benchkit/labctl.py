"""The benchmark's networks: the lab from lab/lab.sh, its impaired link, and a loopback namespace.

Lab.up() builds lab/lab.sh's LAN; Lab.impair() puts bench/linkemu.py between the scanner namespace
and the lab switch (delay and loss on the scanner's only link); Lab.down() removes all of it.
LoopbackNs is a namespace holding only lo, with listeners on known ports.
Everything is removed by PID or by exact name, never by pattern.
"""
import json
import os
import select
import signal
import statistics
import subprocess
import time
from pathlib import Path

from . import safety

REPO = Path(__file__).resolve().parents[2]
LAB_SH = REPO / "lab" / "lab.sh"
LISTENER = REPO / "lab" / "listener.py"
LINKEMU = REPO / "bench" / "linkemu.py"
PY = "/usr/bin/python3"
SCANNER_IP = "10.231.0.1"


def sh(*argv, check=True, capture=True):
    return subprocess.run([str(a) for a in argv], check=check, capture_output=capture, text=True)


def wait_line(proc, want, timeout, what):
    """Read proc's stdout (a binary pipe) until a line equal to want; fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    fd = proc.stdout.fileno()
    buf = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            chunk = os.read(fd, 4096)
            if not chunk:
                raise RuntimeError(f"{what} exited with {proc.wait()}: {buf.decode(errors='replace')}")
            buf += chunk
            if want.encode() in buf.splitlines():
                return
    raise RuntimeError(f"{what} not ready after {timeout} s: {buf.decode(errors='replace')}")


class Lab:
    """lab/lab.sh's LAN, optionally with the emulated impaired link. Not thread-safe."""

    def __init__(self, name, log_dir):
        self.name = name
        self.scan_ns = f"{name}-scan"
        self.sw_ns = f"{name}-sw"
        self.log_dir = Path(log_dir)
        self.truth = None
        self.emu = None
        self.emu_stats_path = self.log_dir / "linkemu-stats.json"
        self.emu_snapshot = 0

    # ------------------------------------------------------------ build and remove

    def up(self):
        r = sh(LAB_SH, "up", "--name", self.name, check=False)
        (self.log_dir / "lab-up.log").write_text(r.stdout + r.stderr)
        if r.returncode != 0:
            raise RuntimeError(f"lab.sh up failed ({r.returncode}): {r.stderr[-2000:]}")
        path = Path(f"/run/netsweep-lab/{self.name}/ground-truth.json")
        self.truth = json.loads(path.read_text())
        (self.log_dir / "ground-truth.json").write_text(path.read_text())
        safety.check_namespace_isolated(self.scan_ns)

    def down(self):
        self.stop_emulator()
        sh(LAB_SH, "down", "--name", self.name, check=False)

    def host(self, kind):
        return next(h for h in self.truth["hosts"] if h["kind"] == kind)

    # ------------------------------------------------------------ impaired link

    def impair(self, delay_ms, jitter_ms, loss_pct, realtime_prio):
        """Replace the scanner's veth by a TAP pair joined through bench/linkemu.py."""
        scanner, router = self.host("scanner"), self.host("router")
        log = open(self.log_dir / "linkemu.log", "w")
        cmd = ["ip", "netns", "exec", self.sw_ns, PY, str(LINKEMU), "--tap-a", "emuscan", "--tap-b", "emusw",
               "--delay-ms", str(delay_ms), "--jitter-ms", str(jitter_ms), "--loss-pct", str(loss_pct),
               "--stats", str(self.emu_stats_path), "--realtime", str(realtime_prio)]
        self.emu = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log)
        wait_line(self.emu, "ready", 10, "linkemu")
        s, w = self.scan_ns, self.sw_ns
        steps = [
            ("-n", s, "link", "del", "eth0"),  # its peer, the switch port, goes with it
            ("-n", w, "link", "set", "emuscan", "netns", s),
            ("-n", s, "link", "set", "emuscan", "name", "eth0"),
            ("-n", s, "link", "set", "eth0", "address", scanner["mac"], "txqueuelen", "10000"),
            ("-n", s, "link", "set", "eth0", "up"),
            ("-n", s, "addr", "add", f"{SCANNER_IP}/24", "dev", "eth0"),
            ("-n", s, "addr", "add", "fd00:231::1/64", "dev", "eth0", "nodad"),
            ("-n", s, "route", "add", "10.231.1.0/24", "via", router["ipv4"]),
            ("-n", w, "link", "set", "emusw", "master", "br0", "txqueuelen", "10000"),
            ("-n", w, "link", "set", "emusw", "up"),
        ]
        for step in steps:
            sh("ip", *step)
        safety.check_namespace_isolated(self.scan_ns)

    def verify_delay(self, targets, count=40):
        """fping round trips through the impaired link; returns a summary dict."""
        safety.check_targets(targets)
        r = subprocess.run(["ip", "netns", "exec", self.scan_ns, "fping", "-C", str(count), "-p", "100",
                            "-t", "1000", "-q", *targets], capture_output=True, text=True)
        rtts, sent = [], 0
        for line in r.stderr.splitlines():
            if " : " not in line:
                continue
            for v in line.split(" : ", 1)[1].split():
                sent += 1
                if v != "-":
                    rtts.append(float(v))
        if not rtts:
            raise RuntimeError(f"no ping replies through the impaired link: {r.stderr}")
        rtts.sort()
        return {"sent": sent, "received": len(rtts), "lossPct": round(100 * (sent - len(rtts)) / sent, 2),
                "minMs": rtts[0], "medianMs": statistics.median(rtts), "maxMs": rtts[-1],
                "p90Ms": rtts[int(0.9 * (len(rtts) - 1))], "raw": r.stderr.strip()}

    def emulator_snapshot(self, timeout=5.0):
        """Counters since the previous snapshot (linkemu resets them on SIGUSR1)."""
        if self.emu is None or self.emu.poll() is not None:
            return None
        want = self.emu_snapshot + 1
        self.emu.send_signal(signal.SIGUSR1)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                data = json.loads(self.emu_stats_path.read_text())
                if data.get("snapshot", 0) >= want:
                    self.emu_snapshot = data["snapshot"]
                    return data
            except (OSError, ValueError):
                pass
            time.sleep(0.02)
        raise RuntimeError("linkemu did not write its statistics")

    def tap_drops(self):
        """Kernel-side drops on both TAP devices (frames linkemu did not read or could not inject)."""
        out = {}
        for ns, dev in ((self.scan_ns, "eth0"), (self.sw_ns, "emusw")):
            r = sh("ip", "-n", ns, "-j", "-s", "link", "show", dev, check=False)
            if r.returncode == 0:
                st = json.loads(r.stdout)[0]["stats64"]
                out[f"{ns}/{dev}"] = {"txDropped": st["tx"]["dropped"], "rxDropped": st["rx"]["dropped"]}
        return out

    def stop_emulator(self):
        if self.emu is None:
            return
        if self.emu.poll() is None:
            self.emu.send_signal(signal.SIGTERM)
            try:
                self.emu.wait(5)
            except subprocess.TimeoutExpired:
                self.emu.kill()
                self.emu.wait()
        self.emu = None


class LoopbackNs:
    """A namespace with only lo, and lab/listener.py on the given ports. Not thread-safe."""

    def __init__(self, name, ports, log_dir):
        self.ns = f"{name}-lo"
        self.ports = list(ports)
        self.log_dir = Path(log_dir)
        self.listener = None

    def up(self):
        existing = sh("ip", "netns", "list").stdout.split()
        if self.ns in existing:
            raise RuntimeError(f"namespace {self.ns} already exists; remove it: ip netns del {self.ns}")
        sh("ip", "netns", "add", self.ns)
        sh("ip", "-n", self.ns, "link", "set", "lo", "up")
        log = open(self.log_dir / "loopback-listener.log", "w")
        self.listener = subprocess.Popen(["ip", "netns", "exec", self.ns, PY, str(LISTENER), *map(str, self.ports)],
                                         stdout=subprocess.PIPE, stderr=log)
        wait_line(self.listener, "ready", 10, "loopback listener")
        safety.check_namespace_isolated(self.ns)

    def down(self):
        if self.listener is not None:
            if self.listener.poll() is None:
                self.listener.terminate()
                try:
                    self.listener.wait(5)
                except subprocess.TimeoutExpired:
                    self.listener.kill()
                    self.listener.wait()
            self.listener = None
        if self.ns in sh("ip", "netns", "list", check=False).stdout.split():
            sh("ip", "netns", "del", self.ns, check=False)
