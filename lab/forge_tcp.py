#!/usr/bin/env python3
"""Forged, stray and duplicate TCP answers to a SYN scan, on loopback inside a test's namespace (root only).

Sees every packet on lo through an AF_PACKET socket (before nftables, so SYNs the namespace drops are seen
too) and sends crafted segments through raw sockets with headers it builds itself:

  --mode PORTS (e.g. 2001-2010)  for each SYN to one of PORTS (which the namespace drops): SYN-ACKs and
              RST-ACKs from that port with wrong acknowledgement numbers, a SYN-ACK without ACK, and the right
              acknowledgement from a spoofed address (127.0.0.2 or ::2). For each real answer to the scan
              (a SYN-ACK or RST-ACK from any other port): three duplicates, the same from the spoofed address,
              and the same from each of PORTS (another port's cookie). None may mark a port.
  --mode answer-all  answers every SYN to 127.0.0.3 with a correct SYN-ACK (a middlebox answering for
              every port), and SYNs to 127.0.0.4 on ports 5000-5004 only.

Prints "ready" once listening, and "sent N" when its standard input closes (then exits). Only ever sends to loopback addresses.
"""
import argparse
import ipaddress
import random
import select
import socket
import struct
import sys

ETH_P_ALL = 0x0003
PACKET_HOST = 0
SYN, RST, ACK = 0x02, 0x04, 0x10
sent = 0


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def tcp(src, dst, sport, dport, seq, ack, flags):
    head = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, flags, 65535, 0, 0)
    if len(src) == 4:
        pseudo = src + dst + struct.pack("!BBH", 0, 6, len(head))
    else:
        pseudo = src + dst + struct.pack("!IxxxB", len(head), 6)
    c = checksum(pseudo + head)
    return head[:16] + struct.pack("!H", c) + head[18:]


def send(socks, src, dst, sport, dport, seq, ack, flags):
    global sent
    for a in (src, dst):
        if not ipaddress.ip_address(a).is_loopback and a != bytes(15) + b"\2":
            raise SystemExit("refusing to send to or from a non-loopback address")
    segment = tcp(src, dst, sport, dport, seq, ack, flags)
    if len(src) == 4:
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(segment), 0, 0, 64, 6, 0, src, dst)
        socks[4].sendto(ip + segment, (socket.inet_ntop(socket.AF_INET, dst), 0))
    else:
        s = socks[6][src]
        s.sendto(segment, (socket.inet_ntop(socket.AF_INET6, dst), 0))
    sent += 1


def parse(frame):
    """(src, dst, sport, dport, seq, ack, flags) of a TCP segment in an Ethernet frame on lo, or None."""
    ethertype = struct.unpack("!H", frame[12:14])[0]
    p = frame[14:]
    if ethertype == 0x0800 and len(p) >= 20 and p[9] == 6:
        ihl = (p[0] & 0xF) * 4
        src, dst, t = p[12:16], p[16:20], p[ihl:]
    elif ethertype == 0x86DD and len(p) >= 40 and p[6] == 6:
        src, dst, t = p[8:24], p[24:40], p[40:]
    else:
        return None
    if len(t) < 20:
        return None
    sport, dport, seq, ack, _, flags = struct.unpack("!HHIIBB", t[:14])
    return src, dst, sport, dport, seq, ack, flags & 0x3F


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True, help="the scan's source port")
    ap.add_argument("--mode", required=True)
    args = ap.parse_args()
    sniff = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sniff.bind(("lo", 0))
    raw4 = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    socks = {4: raw4, 6: {}}
    for src in ("::1", "::2"):
        try:
            s6 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_TCP)
            s6.bind((src, 0))
            socks[6][socket.inet_pton(socket.AF_INET6, src)] = s6
        except OSError:
            pass
    spoof = {4: socket.inet_aton("127.0.0.2"), 16: socket.inet_pton(socket.AF_INET6, "::2")}
    dropped = set()
    replayed = set()
    if args.mode != "answer-all":
        lo, _, hi = args.mode.partition("-")
        dropped = set(range(int(lo), int(hi or lo) + 1))
    print("ready", flush=True)
    while True:
        readable, _, _ = select.select([sniff, sys.stdin], [], [])
        if sys.stdin in readable and not sys.stdin.buffer.read1(4096):
            print("sent %d" % sent, flush=True)
            return
        if sniff not in readable:
            continue
        frame, addr = sniff.recvfrom(65535)
        if addr[2] != PACKET_HOST:
            continue
        t = parse(frame)
        if t is None:
            continue
        src, dst, sport, dport, seq, ack, flags = t
        if args.mode == "answer-all":
            if flags == SYN and sport == args.port and (dst == socket.inet_aton("127.0.0.3")
                                                        or (dst == socket.inet_aton("127.0.0.4") and dport < 5005)):
                send(socks, dst, src, dport, sport, random.getrandbits(32), seq + 1, SYN | ACK)
            continue
        if flags == SYN and sport == args.port and dport in dropped:
            for _ in range(20):
                wrong = (seq + 1 + random.randint(1, 2**32 - 2)) & 0xFFFFFFFF
                send(socks, dst, src, dport, sport, random.getrandbits(32), wrong, SYN | ACK)
                send(socks, dst, src, dport, sport, 0, wrong, RST | ACK)
            send(socks, dst, src, dport, sport, random.getrandbits(32), seq + 1, SYN)  # no ACK flag
            send(socks, spoof[len(dst)], src, dport, sport, random.getrandbits(32), seq + 1, SYN | ACK)
        elif dport == args.port and flags & ACK and flags & (SYN | RST) and sport not in dropped \
                and src != spoof[len(src)] and t not in replayed:
            replayed.add(t)  # our own copies come back through lo: replay each answer once
            for _ in range(3):
                send(socks, src, dst, sport, dport, seq, ack, flags)
            send(socks, spoof[len(src)], dst, sport, dport, seq, ack, flags)
            for p in sorted(dropped):
                send(socks, src, dst, p, dport, seq, ack, flags)


if __name__ == "__main__":
    main()
