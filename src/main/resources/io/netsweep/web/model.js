// Folds the scan's event stream into per-host state. This is the one place that knows the keys of
// the event JSON (io.netsweep.output.EventJson, snake_case):
//   started {targets}, host {ip, status, reason, rtt_ms, mac, vendor}, port {ip, port, proto, state, service, reason},
//   hostname {ip, hostname, dns}, service {ip, port, proto, product, version, category, auth, models, evidence, service,
//   extra_info, cpe, tunnel, tls {protocol, cipher, subject_cn, subject, issuer, sans, not_before, not_after,
//   self_signed, public_key, sha256}, banner, mcp {server_name, server_version, protocol_version, transport,
//   tools [{name, read_only_hint, destructive_hint}]}}, finding {ip, port, id, severity, title, detail, cves, proto},
//   progress {done, total, rate, eta_ms}, finished|cancelled|failed {message?, summary {hosts_up, open_ports,
//   elapsed_ms}}, and the server's own truncated {kept}.

/** Flag shown for a service that answered its API without credentials. */
export const UNAUTHENTICATED = 'unauthenticated AI API';

function text(v) {
  return v == null ? '' : String(v);
}

function tlsOf(t) {
  if (!t || typeof t !== 'object') return null;
  return {
    protocol: text(t.protocol), cipher: text(t.cipher), subjectCn: text(t.subject_cn), subject: text(t.subject),
    issuer: text(t.issuer), sans: Array.isArray(t.sans) ? t.sans.map(text) : [], notBefore: text(t.not_before),
    notAfter: text(t.not_after), selfSigned: t.self_signed === true, publicKey: text(t.public_key), sha256: text(t.sha256),
  };
}

/**
 * What a person reads first about a detected service: "OpenSSH 9.2p1", or its name when no product was named
 * ("ssl/http"), or '' when nothing was learned.
 */
export function serviceLabel(i) {
  if (i.product) return i.version ? `${i.product} ${i.version}` : i.product;
  if (i.service && i.service !== 'unknown') return (i.tunnel ? `${i.tunnel}/` : '') + i.service;
  return '';
}

export class ScanModel {
  constructor() {
    this.hosts = new Map(); // ip -> host, in order of discovery
    this.progress = null;
    this.state = 'running';
    this.summary = null;
    this.message = '';
    this.targetCount = null;
    this.truncatedAt = null;
    this.received = false; // whether any message of the stream has arrived yet
    this.findings = []; // every finding of the scan, in arrival order
  }

  /** Applies one batch of events; returns the addresses whose rows changed. */
  apply(events) {
    this.received = true;
    const changed = new Set();
    for (const e of events) {
      if (!e || typeof e !== 'object') continue;
      const ip = text(e.ip);
      switch (e.type) {
        case 'started':
          this.targetCount = Number(e.targets) || null;
          break;
        case 'host': {
          if (e.status === 'down') break;
          const h = this.host(ip);
          h.reason = text(e.reason);
          h.mac = text(e.mac);
          h.vendor = text(e.vendor);
          h.rttMs = e.rtt_ms ?? null;
          changed.add(ip);
          break;
        }
        case 'port': {
          const h = this.host(ip);
          const port = Number(e.port);
          const proto = e.proto === 'udp' ? 'udp' : 'tcp';
          // 53/tcp and 53/udp are two ports: a UDP port's key is set apart from every TCP port number.
          const key = proto === 'udp' ? 65536 + port : port;
          const previous = h.ports.get(key);
          h.ports.set(key, { port, proto, state: text(e.state), service: text(e.service), reason: text(e.reason),
            identity: previous ? previous.identity : null });
          changed.add(ip);
          break;
        }
        case 'hostname': {
          const h = this.host(ip);
          h.name = text(e.hostname);
          h.nameStatus = text(e.dns);
          changed.add(ip);
          break;
        }
        case 'service': {
          const h = this.host(ip);
          const port = Number(e.port);
          const proto = e.proto === 'udp' ? 'udp' : 'tcp';
          const key = proto === 'udp' ? 65536 + port : port;
          const row = h.ports.get(key) ?? { port, proto, state: 'open', service: '', reason: '', identity: null };
          row.identity = {
            product: text(e.product), version: text(e.version), category: text(e.category),
            auth: text(e.auth), evidence: text(e.evidence),
            models: Array.isArray(e.models) ? e.models.map(text) : [],
            service: text(e.service), extraInfo: text(e.extra_info), tunnel: text(e.tunnel), banner: text(e.banner),
            cpe: Array.isArray(e.cpe) ? e.cpe.map(text) : [],
            tls: tlsOf(e.tls),
            mcpTools: e.mcp && Array.isArray(e.mcp.tools) ? e.mcp.tools.map((t) => ({
              name: text(t.name),
              access: t.read_only_hint === true ? 'read-only' : t.destructive_hint === false ? 'writes' : 'destructive',
            })) : null,
          };
          h.ports.set(key, row);
          changed.add(ip);
          break;
        }
        case 'finding': {
          const h = this.host(ip);
          const f = {
            ip, port: Number(e.port), proto: e.proto === 'udp' ? 'udp' : 'tcp', id: text(e.id),
            severity: text(e.severity), title: text(e.title), detail: text(e.detail),
            cves: Array.isArray(e.cves) ? e.cves.map(text) : [],
          };
          if (!h.findings.some((x) => x.port === f.port && x.proto === f.proto && x.id === f.id)) {
            h.findings.push(f);
            this.findings.push(f);
          }
          changed.add(ip);
          break;
        }
        case 'progress':
          // The server sends the latest progress after the results of a batch, so for an ended scan it may
          // follow the terminal event: it is still how far the scan got.
          this.progress = {
            done: Number(e.done) || 0, total: Number(e.total) || 0,
            rate: Number(e.rate) || 0,
            etaMs: e.eta_ms ?? null,
          };
          break;
        case 'truncated':
          this.truncatedAt = Number(e.kept) || 0;
          break;
        case 'finished':
        case 'cancelled':
        case 'failed': {
          const s = e.summary && typeof e.summary === 'object' ? e.summary : {};
          this.state = e.type;
          this.message = text(e.message);
          this.summary = { hostsUp: Number(s.hosts_up), openPorts: Number(s.open_ports), elapsedMs: Number(s.elapsed_ms) };
          break;
        }
        default:
          break; // events this page does not show
      }
    }
    return changed;
  }

  host(ip) {
    let h = this.hosts.get(ip);
    if (!h) {
      h = { ip, name: '', nameStatus: '', mac: '', vendor: '', reason: '', rttMs: null, ports: new Map(), findings: [] };
      this.hosts.set(ip, h);
    }
    return h;
  }

  get ended() {
    return this.state !== 'running';
  }
}

export function openPorts(h) {
  return [...h.ports.values()].filter((p) => p.state === 'open')
    .sort((a, b) => (a.proto === 'udp') - (b.proto === 'udp') || a.port - b.port);
}

export function identities(h) {
  return [...h.ports.values()].filter((p) => p.identity)
    .map((p) => ({ port: p.port, proto: p.proto ?? 'tcp', ...p.identity }));
}

export function hasFinding(h) {
  return identities(h).some((i) => i.auth === 'none');
}
