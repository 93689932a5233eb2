// The compare view: two stored scans side by side, the changes between them (the server's diff, the same as
// `netsweep diff -o json`) listed and highlighted where they are, and the diff's downloads. Both scans are
// played back into the same ScanModel the live view uses. DOM calls only: every value is untrusted.

import { el, when } from './dom.js';
import { ScanModel, openPorts, serviceLabel } from './model.js';
import { addressKey, count } from './format.js';

const SIGN = { host_up: '+', port_opened: '+', finding_raised: '+', host_gone: '-', port_closed: '-', finding_gone: '-' };

/** One change as one line, as `netsweep diff` prints it. */
export function changeLine(c) {
  const mac = c.mac ? ` (MAC ${c.mac})` : '';
  const name = c.hostname ? ` ${c.hostname}` : '';
  const port = `${c.port}/${c.proto || 'tcp'}`; // a change without proto is from before UDP: TCP's
  switch (c.type) {
    case 'host_up': {
      const open = [...(c.open_ports || []).map(String), ...(c.open_udp_ports || []).map((p) => `${p}/udp`)];
      return `+ ${c.ip} host up${mac}${name}${open.length ? `; open ${open.join(',')}` : ''}`;
    }
    case 'host_gone': return `- ${c.ip} host gone${mac}${name}`;
    case 'host_moved': return `~ ${c.ip} host with MAC ${c.mac} moved here from ${c.from}`;
    case 'mac_changed': return `~ ${c.ip} MAC ${c.before} -> ${c.after}`;
    case 'hostname_changed': return `~ ${c.ip} hostname ${c.before ?? '(none)'} -> ${c.after ?? '(none)'}`;
    case 'port_opened': return `+ ${c.ip} ${port} opened ${c.service}${c.product ? ` ${c.product}${c.version ? ` ${c.version}` : ''}` : ''}`;
    case 'port_closed': return `- ${c.ip} ${port} ${c.state} ${c.service}`;
    case 'service_changed': return `~ ${c.ip} ${port} ${c.before} -> ${c.after}`;
    case 'finding_raised': return `+ ${c.ip} ${port} finding ${c.severity} ${c.finding}: ${c.title}`;
    case 'finding_gone': return `- ${c.ip} ${port} finding gone ${c.severity} ${c.finding}: ${c.title}`;
    default: return `~ ${c.ip} ${c.type}`; // a kind of change this page does not know yet
  }
}

function kind(c) {
  const sign = SIGN[c.type];
  return sign === '+' ? 'added' : sign === '-' ? 'gone' : 'changed';
}

async function played(api, id) {
  const answer = await api.stored(id);
  const model = new ScanModel();
  model.apply(answer.events);
  return { entry: answer.scan, model };
}

export class CompareView {
  constructor(api, { onError }) {
    this.api = api;
    this.onError = onError;
    this.old = document.getElementById('compare-old');
    this.new = document.getElementById('compare-new');
    this.all = document.getElementById('compare-all');
    this.summary = document.getElementById('compare-summary');
    this.changes = document.getElementById('changes');
    this.tbody = document.querySelector('#side-by-side tbody');
    this.sideOld = document.getElementById('side-old');
    this.sideNew = document.getElementById('side-new');
    this.exports = { json: document.getElementById('diff-json'), csv: document.getElementById('diff-csv'),
      text: document.getElementById('diff-text') };
    this.pair = null;
    this.seq = 0;
    const changed = () => {
      if (this.old.value && this.new.value) location.hash = `#compare=${this.old.value},${this.new.value}`;
    };
    this.old.addEventListener('change', changed);
    this.new.addEventListener('change', changed);
    this.all.addEventListener('change', () => this.renderSides());
    for (const [format, button] of Object.entries(this.exports)) {
      button.addEventListener('click', async () => {
        if (!this.pair) return;
        try {
          await this.api.downloadDiff(this.pair[0], this.pair[1], format);
        } catch (e) {
          this.onError(e.message);
        }
      });
    }
  }

  /** Shows scans {@code a} (old) and {@code b} (new); without them, the two newest stored scans. */
  async show(a, b) {
    const seq = ++this.seq;
    try {
      const { scans } = await this.api.history(500);
      if (seq !== this.seq) return;
      this.fillChoices(scans);
      if (a === undefined) {
        if (scans.length < 2) {
          this.summary.textContent = 'Compare needs two stored scans: scan twice.';
          this.clear();
          return;
        }
        [a, b] = [scans[1].id, scans[0].id];
      }
      this.old.value = String(a);
      this.new.value = String(b);
      this.summary.textContent = 'Comparing…';
      const [diff, older, newer] = await Promise.all([this.api.diff(a, b), played(this.api, a), played(this.api, b)]);
      if (seq !== this.seq) return;
      this.pair = [a, b];
      this.diff = diff;
      this.older = older;
      this.newer = newer;
      this.render();
    } catch (e) {
      if (seq !== this.seq) return;
      this.clear();
      this.summary.textContent = e.message;
    }
  }

  clear() {
    this.pair = null;
    this.changes.replaceChildren();
    this.tbody.replaceChildren();
    for (const b of Object.values(this.exports)) b.disabled = true;
  }

  fillChoices(scans) {
    for (const select of [this.old, this.new]) {
      const keep = select.value;
      select.replaceChildren(...scans.map((s) => {
        const o = el('option', `#${s.id} ${when(s.startedAt)} ${s.targets}`);
        o.value = String(s.id);
        return o;
      }));
      select.value = keep;
    }
  }

  render() {
    const d = this.diff;
    const tally = { added: 0, gone: 0, changed: 0 };
    for (const c of d.changes) tally[kind(c)]++;
    this.summary.textContent = `Scan #${d.old.id} (${when(d.old.started_at)}, ${d.old.targets}) → scan #${d.new.id}`
      + ` (${when(d.new.started_at)}, ${d.new.targets}): `
      + (d.changes.length === 0 ? 'no changes'
        : `${count(d.changes.length)} changes: ${tally.added} new, ${tally.gone} gone, ${tally.changed} changed`);
    this.changes.replaceChildren(...d.changes.map((c) => {
      const li = el('li', changeLine(c), kind(c));
      li.dataset.type = c.type;
      return li;
    }));
    this.sideOld.textContent = `Old: scan #${d.old.id}`;
    this.sideNew.textContent = `New: scan #${d.new.id}`;
    for (const b of Object.values(this.exports)) b.disabled = false;
    this.renderSides();
  }

  /** Hosts of either scan side by side: by default those a change is about, with every host on "All hosts". */
  renderSides() {
    if (!this.pair) return;
    const byIp = new Map();
    for (const c of this.diff.changes) {
      if (!byIp.has(c.ip)) byIp.set(c.ip, []);
      byIp.get(c.ip).push(c);
      if (c.type === 'host_moved' && c.from) {
        if (!byIp.has(c.from)) byIp.set(c.from, []);
        byIp.get(c.from).push({ type: 'host_moved_away', ip: c.from });
      }
    }
    const ips = new Set(byIp.keys());
    if (this.all.checked) {
      for (const ip of this.older.model.hosts.keys()) ips.add(ip);
      for (const ip of this.newer.model.hosts.keys()) ips.add(ip);
    }
    const sorted = [...ips].sort((x, y) => (addressKey(x) < addressKey(y) ? -1 : addressKey(x) > addressKey(y) ? 1 : 0));
    this.tbody.replaceChildren(...sorted.map((ip) => {
      const changes = byIp.get(ip) || [];
      const tr = el('tr');
      tr.dataset.ip = ip;
      if (changes.length > 0) tr.classList.add('has-changes');
      tr.append(el('td', ip, 'ip'),
        side(this.older.model.hosts.get(ip), changes, 'old'),
        side(this.newer.model.hosts.get(ip), changes, 'new'));
      return tr;
    }));
  }
}

/** One scan's view of a host: its name, then its open ports, what changed marked. */
function side(host, changes, which) {
  const td = el('td', undefined, `side-${which}`);
  const appeared = changes.some((c) => c.type === 'host_up');
  const gone = changes.some((c) => c.type === 'host_gone' || c.type === 'host_moved_away');
  if (!host) {
    td.append(el('span', which === 'old' ? 'not up' : 'not up', 'muted'));
    return td;
  }
  if (which === 'new' && (appeared || changes.some((c) => c.type === 'host_moved'))) td.classList.add('added');
  if (which === 'old' && gone) td.classList.add('gone');
  const nameChanged = changes.some((c) => c.type === 'hostname_changed' || c.type === 'mac_changed');
  const name = el('div', [host.name, host.mac].filter((v) => v).join(' · ') || '(no name)', 'side-name');
  if (nameChanged) name.classList.add('changed');
  td.append(name);
  const ports = el('div', undefined, 'tokens');
  for (const p of openPorts(host)) {
    const label = p.identity && serviceLabel(p.identity) ? serviceLabel(p.identity) : p.service;
    const port = p.proto === 'udp' ? `${p.port}/udp` : String(p.port);
    const token = el('span', label && label !== 'unknown' ? `${port} ${label}` : port, 'token');
    token.dataset.port = String(p.port);
    token.dataset.proto = p.proto || 'tcp';
    // 53/tcp's changes are not 53/udp's (a change without proto is from before UDP: TCP's).
    const here = (c) => c.port === p.port && (c.proto || 'tcp') === (p.proto || 'tcp');
    if (which === 'new' && changes.some((c) => c.type === 'port_opened' && here(c))) token.classList.add('added');
    if (which === 'old' && changes.some((c) => c.type === 'port_closed' && here(c))) token.classList.add('gone');
    if (changes.some((c) => (c.type === 'service_changed' || c.type === 'finding_raised' || c.type === 'finding_gone')
      && here(c))) token.classList.add('changed');
    ports.append(token);
  }
  if (ports.childElementCount === 0) ports.append(el('span', 'no open ports', 'muted'));
  td.append(ports);
  return td;
}
