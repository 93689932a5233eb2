#!/usr/bin/env python3
"""Listens on the given TCP ports (IPv4 and IPv6) inside one lab namespace.

Accepts and closes every connection; port 22 first sends an SSH banner and ports 80/8080 an HTTP
response, so service identification has something to read. Prints "ready" once all ports are
bound. Runs until killed (lab.sh down kills it by PID).
"""
import selectors
import socket
import sys

BANNERS = {
    22: b"SSH-2.0-OpenSSH_9.2p1 netsweep-lab\r\n",
    80: b"HTTP/1.0 200 OK\r\nServer: netsweep-lab\r\nContent-Length: 3\r\n\r\nlab",
    8080: b"HTTP/1.0 200 OK\r\nServer: netsweep-lab\r\nContent-Length: 3\r\n\r\nlab",
}


def main():
    sel = selectors.DefaultSelector()
    for port in map(int, sys.argv[1:]):
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        s.bind(("::", port))
        s.listen(256)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ, port)
    print("ready", flush=True)
    while True:
        for key, _ in sel.select():
            try:
                conn, _ = key.fileobj.accept()
            except OSError:
                continue
            try:
                banner = BANNERS.get(key.data)
                if banner:
                    conn.setblocking(False)
                    conn.send(banner)
            except OSError:
                pass
            finally:
                conn.close()


if __name__ == "__main__":
    main()
