#!/usr/bin/env python3
"""Userspace link emulator: two TAP devices joined by a delaying, lossy forwarder.

The kernel here has no netem, so bench/run puts this between the lab's scanner namespace and the
lab switch. Every Ethernet frame read from one TAP is written to the other after DELAY +/- JITTER
milliseconds (uniform), unless it is dropped (probability LOSS, drawn independently per frame and
per direction). Jitter reorders frames, as netem's jitter does.

  linkemu.py --tap-a NAME --tap-b NAME [--delay-ms 10] [--jitter-ms 2] [--loss-pct 1]
             [--seed N] [--stats FILE] [--realtime PRIO]

Creates both TAP devices in the namespace it starts in (the caller moves them where they belong;
the file descriptors stay attached), prints "ready", and forwards until SIGTERM/SIGINT. On SIGUSR1
and at exit it writes the counters and the lateness of sent frames (how long after their due time
they left) as JSON to --stats and starts counting afresh: a late emulator would add delay of its
own, so the benchmark checks it after every run.

Standard library only. Single thread: select() on both TAP descriptors plus a heap of due frames.
"""
import argparse
import errno
import fcntl
import heapq
import json
import os
import random
import select
import signal
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
MAX_FRAME = 65536
READ_BATCH = 64


def open_tap(name):
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK | os.O_CLOEXEC)
    ifr = struct.pack("16sH22x", name.encode(), IFF_TAP | IFF_NO_PI)
    fcntl.ioctl(fd, TUNSETIFF, ifr)
    return fd


class Direction:
    """Counters of one direction of the link."""

    def __init__(self, name):
        self.name = name
        self.received = 0
        self.dropped = 0
        self.sent = 0
        self.write_errors = {}  # errno -> count

    def as_dict(self):
        return {"received": self.received, "dropped": self.dropped, "sent": self.sent,
                "writeErrors": {errno.errorcode.get(k, str(k)): v for k, v in self.write_errors.items()}}


class Stats:
    """Counters and lateness since the last snapshot; snapshot() resets them."""

    def __init__(self, names, params):
        self.names = names
        self.params = params
        self.snapshots = 0
        self.reset()

    def reset(self):
        self.dirs = [Direction(n) for n in self.names]
        self.max_queue = 0
        self.late_hist = {}  # lateness bucket (0.1 ms) -> count

    def late(self, seconds):
        bucket = int(seconds * 10000)
        self.late_hist[bucket] = self.late_hist.get(bucket, 0) + 1

    def quantile(self, q):
        total = sum(self.late_hist.values())
        if total == 0:
            return None
        need, seen = q * total, 0
        for bucket in sorted(self.late_hist):
            seen += self.late_hist[bucket]
            if seen >= need:
                return bucket / 10.0
        return None

    def snapshot(self, queued):
        self.snapshots += 1
        out = dict(self.params)
        out.update({
            "snapshot": self.snapshots,
            "directions": {d.name: d.as_dict() for d in self.dirs},
            "queuedNow": queued, "maxQueue": self.max_queue,
            "latenessMs": {"p50": self.quantile(0.5), "p99": self.quantile(0.99),
                           "p999": self.quantile(0.999),
                           "max": (max(self.late_hist) / 10.0) if self.late_hist else None},
        })
        self.reset()
        return out


def write_stats(path, stats):
    text = json.dumps(stats, indent=2) + "\n"
    if not path:
        sys.stderr.write(text)
        return
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tap-a", required=True)
    ap.add_argument("--tap-b", required=True)
    ap.add_argument("--delay-ms", type=float, default=10.0)
    ap.add_argument("--jitter-ms", type=float, default=2.0)
    ap.add_argument("--loss-pct", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--stats", default=None, help="JSON counters, written on SIGUSR1 and at exit")
    ap.add_argument("--realtime", type=int, default=0, metavar="PRIO",
                    help="run under SCHED_FIFO with this priority (1-99); 0: normal scheduling")
    a = ap.parse_args()
    if not (0 <= a.loss_pct < 100 and a.delay_ms >= 0 and 0 <= a.jitter_ms <= a.delay_ms):
        ap.error("need 0 <= loss < 100 and 0 <= jitter <= delay")

    rng = random.Random(a.seed)
    fd_a = open_tap(a.tap_a)
    fd_b = open_tap(a.tap_b)
    fds = [fd_a, fd_b]
    peer = {fd_a: fd_b, fd_b: fd_a}
    index = {fd_a: 0, fd_b: 1}
    stats = Stats([f"{a.tap_a}->{a.tap_b}", f"{a.tap_b}->{a.tap_a}"],
                  {"delayMs": a.delay_ms, "jitterMs": a.jitter_ms, "lossPct": a.loss_pct})
    loss = a.loss_pct / 100.0
    base = (a.delay_ms - a.jitter_ms) / 1000.0
    span = 2 * a.jitter_ms / 1000.0
    heap = []          # (due, seq, in_fd, frame)
    seq = 0
    flags = {"run": True, "dump": False}

    def stop(_sig, _frame):
        flags["run"] = False

    def dump(_sig, _frame):
        flags["dump"] = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGUSR1, dump)

    if a.realtime:
        # A link must not wait for the scheduler: other work on the machine would add its own delay.
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(a.realtime))
    print("ready", flush=True)
    now = time.monotonic
    rand = rng.random
    push, pop = heapq.heappush, heapq.heappop
    read, write = os.read, os.write

    while flags["run"]:
        if flags["dump"]:
            flags["dump"] = False
            write_stats(a.stats, stats.snapshot(len(heap)))
        # select() rather than epoll: microsecond timeouts (epoll_wait rounds up to milliseconds).
        timeout = max(0.0, heap[0][0] - now()) if heap else 0.2
        try:
            readable, _, _ = select.select(fds, (), (), timeout)
        except InterruptedError:
            continue
        for fd in readable:
            d = stats.dirs[index[fd]]
            for _ in range(READ_BATCH):
                try:
                    frame = read(fd, MAX_FRAME)
                except OSError:  # EAGAIN: drained
                    break
                d.received += 1
                if rand() < loss:
                    d.dropped += 1
                    continue
                seq += 1
                push(heap, (now() + base + span * rand(), seq, fd, frame))
        if len(heap) > stats.max_queue:
            stats.max_queue = len(heap)
        t = now()
        while heap and heap[0][0] <= t:
            due, _, fd, frame = pop(heap)
            d = stats.dirs[index[fd]]
            stats.late(t - due)
            try:
                write(peer[fd], frame)
                d.sent += 1
            except OSError as e:
                d.write_errors[e.errno] = d.write_errors.get(e.errno, 0) + 1
            t = now()

    write_stats(a.stats, stats.snapshot(len(heap)))


if __name__ == "__main__":
    main()
