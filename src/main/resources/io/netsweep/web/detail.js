// The detail view of one host, built with DOM calls only: every value is untrusted text.

import { UNAUTHENTICATED, serviceLabel } from './model.js';

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function facts(pairs) {
  const dl = el('dl', undefined, 'facts');
  for (const [label, value] of pairs) {
    if (value === '' || value == null) continue;
    dl.append(el('dt', label), el('dd', String(value)));
  }
  return dl;
}

function tlsFacts(t) {
  return facts([
    ['Protocol', `${t.protocol} ${t.cipher}`],
    ['Subject', t.subject],
    ['Alternative names', t.sans.join(', ')],
    ['Issuer', t.selfSigned ? `${t.issuer} (self-signed)` : t.issuer],
    ['Valid', `${t.notBefore} to ${t.notAfter}`],
    ['Key', t.publicKey],
    ['SHA-256', t.sha256],
  ]);
}

export function renderDetail(title, body, h) {
  title.textContent = h.ip;
  const parts = [facts([
    ['Name', h.name || (h.nameStatus && h.nameStatus !== 'ok' ? `(${h.nameStatus})` : '')],
    ['MAC', h.mac],
    ['Vendor', h.vendor],
    ['Up because', h.reason],
    ['Round trip', h.rttMs != null ? `${Number(h.rttMs).toFixed(1)} ms` : ''],
  ])];

  const ports = [...h.ports.values()].sort((a, b) => (a.proto === 'udp') - (b.proto === 'udp') || a.port - b.port);
  parts.push(el('h3', `Ports (${ports.length})`));
  if (ports.length === 0) {
    parts.push(el('p', 'No open ports found.', 'muted'));
  } else {
    const table = el('table', undefined, 'ports');
    const head = table.createTHead().insertRow();
    for (const label of ['Port', 'State', 'Service', 'Reason']) head.append(el('th', label));
    const tbody = table.createTBody();
    for (const p of ports) {
      const tr = tbody.insertRow();
      tr.append(el('td', p.proto === 'udp' ? `${p.port}/udp` : String(p.port)), el('td', p.state), el('td', p.service),
        el('td', p.reason));
    }
    parts.push(table);
  }

  const ids = ports.filter((p) => p.identity);
  if (ids.length > 0) {
    parts.push(el('h3', 'Services'));
    for (const p of ids) {
      const i = p.identity;
      const box = el('section', undefined, 'service');
      const label = serviceLabel(i);
      const where = p.proto === 'udp' ? `${p.port}/udp` : String(p.port);
      const heading = el('h4', label ? `${where}: ${label}` : `${where}: not recognised`);
      if (i.auth === 'none') heading.append(' ', el('span', UNAUTHENTICATED, 'finding'));
      box.append(heading, facts([
        ['Service', (i.tunnel ? `${i.tunnel}/` : '') + i.service],
        ['Extra info', i.extraInfo],
        ['Category', i.category],
        ['Authentication', i.auth === 'none' ? 'none: the API answered without credentials' : i.auth],
        ['CPE', i.cpe.join(' ')],
        ['Evidence', i.evidence],
      ]));
      if (i.tls) box.append(el('p', 'TLS:'), tlsFacts(i.tls));
      if (i.banner) box.append(el('p', 'First bytes it sent (escaped):'), el('pre', i.banner, 'banner'));
      if (i.models.length > 0) {
        const list = el('ul', undefined, 'models');
        for (const m of i.models) list.append(el('li', m));
        box.append(el('p', 'Models listed without credentials:'), list);
      }
      if (i.mcpTools) {
        const list = el('ul', undefined, 'models');
        for (const t of i.mcpTools) list.append(el('li', `${t.name} (${t.access})`));
        box.append(el('p', `MCP tools (${i.mcpTools.length}):`), list);
      }
      parts.push(box);
    }
  }
  if (h.findings.length > 0) {
    parts.push(el('h3', `Findings (${h.findings.length})`));
    const list = el('ul', undefined, 'host-findings');
    for (const f of h.findings) {
      const li = el('li');
      li.append(el('span', f.severity, `severity ${f.severity}`), ` ${f.port}${f.proto === 'udp' ? '/udp' : ''}: ${f.title}`);
      if (f.cves.length > 0) li.append(` (${f.cves.join(', ')})`);
      li.append(el('div', f.detail, 'muted'));
      list.append(li);
    }
    parts.push(list);
  }
  body.replaceChildren(...parts);
}
