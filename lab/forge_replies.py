#!/usr/bin/env python3
"""Answers ICMP echo requests with forgeries, from inside a lab target namespace (root only).

Sees the scanner's echo requests on eth0 through an AF_PACKET socket (before nftables, so the
host may drop them itself) and sends crafted replies through a raw socket with IP_HDRINCL:

  --mode bad  for each request: a reply with the wrong identifier, one with the wrong sequence,
              one with the payload cookie changed, one with a broken checksum, a correct reply
              from a spoofed source (--spoof), and a host-unreachable "from the router" (--router)
              quoting the request with the wrong sequence. None may count.
  --mode dup  the correct reply, three times: it must count once.

Prints "ready" when listening; handles --count requests, then exits (or runs until killed).
Only ever answers the sender of a request, inside the lab.
"""
import argparse
import socket
import struct
import sys

ETH_P_IP = 0x0800


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def icmp(type_, code, rest, payload, good_checksum=True):
    head = struct.pack("!BBH", type_, code, 0) + rest
    c = checksum(head + payload)
    if not good_checksum:
        c ^= 0x5A5A
    return struct.pack("!BBH", type_, code, c) + rest + payload


def ip_packet(src, dst, body):
    # Kernel fills in total length, id and header checksum with IP_HDRINCL when they are zero.
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(body), 0, 0, 64, socket.IPPROTO_ICMP, 0,
                         socket.inet_aton(src), socket.inet_aton(dst))
    return header + body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=("bad", "dup"), required=True)
    ap.add_argument("--address", required=True, help="this host's address: requests to it are answered")
    ap.add_argument("--spoof", default="10.231.0.222", help="source for the correct-but-spoofed reply")
    ap.add_argument("--router", default="10.231.0.254", help="source for the forged unreachable")
    ap.add_argument("--count", type=int, default=0, help="requests to handle, 0 = until killed")
    a = ap.parse_args()

    rx = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ETH_P_IP))
    rx.bind(("eth0", 0))
    tx = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    print("ready", flush=True)
    handled = 0
    while a.count == 0 or handled < a.count:
        frame, addr = rx.recvfrom(65535)
        if addr[2] == socket.PACKET_OUTGOING:
            continue
        ip = frame
        if len(ip) < 28 or ip[0] >> 4 != 4 or ip[9] != socket.IPPROTO_ICMP:
            continue
        ihl = (ip[0] & 0x0F) * 4
        src = socket.inet_ntoa(ip[12:16])
        dst = socket.inet_ntoa(ip[16:20])
        total = struct.unpack("!H", ip[2:4])[0]
        msg = ip[ihl:total]
        if dst != a.address or len(msg) < 8 or msg[0] != 8:
            continue
        ident, seq = struct.unpack("!HH", msg[4:8])
        payload = msg[8:]
        replies = []
        if a.mode == "bad":
            replies.append((a.address, icmp(0, 0, struct.pack("!HH", ident ^ 0x0101, seq), payload)))
            replies.append((a.address, icmp(0, 0, struct.pack("!HH", ident, (seq + 7) & 0xFFFF), payload)))
            cookie = bytes(b ^ 0xFF for b in payload[:8]) + payload[8:]
            replies.append((a.address, icmp(0, 0, struct.pack("!HH", ident, seq), cookie)))
            replies.append((a.address, icmp(0, 0, struct.pack("!HH", ident, seq), payload, good_checksum=False)))
            replies.append((a.spoof, icmp(0, 0, struct.pack("!HH", ident, seq), payload)))
            quoted_req = bytearray(ip[:ihl + 8])
            struct.pack_into("!H", quoted_req, ihl + 6, (seq + 1) & 0xFFFF)
            replies.append((a.router, icmp(3, 1, b"\0\0\0\0", bytes(quoted_req))))
        else:
            good = icmp(0, 0, struct.pack("!HH", ident, seq), payload)
            replies += [(a.address, good)] * 3
        for source, body in replies:
            try:
                tx.sendto(ip_packet(source, src, body), (src, 0))
            except PermissionError:
                pass  # the lab's simulated loss (nft drop on output) refuses some sends
        handled += 1
        print(f"answered {src} seq={seq} with {len(replies)} {a.mode} replies", flush=True)


if __name__ == "__main__":
    sys.exit(main())
