// The inventory view: every host ever seen up, with first and last seen and what its last scan found,
// filtered and paged by the server; a host's timeline across the scans that saw it, what changed from one
// sighting to the next marked. DOM calls only: names, vendors and products are untrusted.

import { el, when, portLabel } from './dom.js';
import { count, plural } from './format.js';

const PAGE = 200;
const DAY_MS = 24 * 3600 * 1000;

export class InventoryView {
  constructor(api, { onOpenScan, onError }) {
    this.api = api;
    this.onOpenScan = onOpenScan;
    this.onError = onError;
    this.tbody = document.querySelector('#hosts tbody');
    this.filter = document.getElementById('hosts-filter');
    this.since = document.getElementById('hosts-since');
    this.port = document.getElementById('hosts-port');
    this.countText = document.getElementById('hosts-count');
    this.empty = document.getElementById('hosts-empty');
    this.more = document.getElementById('hosts-more');
    this.panel = document.getElementById('timeline');
    this.title = document.getElementById('timeline-title');
    this.body = document.getElementById('timeline-body');
    this.hosts = [];
    this.total = 0;
    this.selected = null;
    this.seq = 0;
    let timer = 0;
    const reload = () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.load(), 250);
    };
    this.filter.addEventListener('input', reload);
    this.port.addEventListener('input', reload);
    this.since.addEventListener('change', () => this.load());
    this.more.addEventListener('click', () => this.load(true));
    document.getElementById('timeline-close').addEventListener('click', () => this.closeTimeline());
    this.tbody.addEventListener('click', (ev) => {
      const tr = ev.target.closest('tr');
      if (tr && tr.dataset.id) this.openTimeline(Number(tr.dataset.id));
    });
    this.tbody.addEventListener('keydown', (ev) => {
      const tr = ev.target.closest('tr');
      if (ev.key === 'Enter' && tr && tr.dataset.id) this.openTimeline(Number(tr.dataset.id));
    });
  }

  params(offset) {
    const p = { limit: String(PAGE), offset: String(offset) };
    const words = this.filter.value.trim();
    if (words) p.q = words;
    const port = this.port.value.trim();
    // As -p names one port: 22 or T:22 (TCP), U:53 (UDP); anything else is no filter yet (still being typed).
    const m = /^(?:([TtUu]):)?(\d{1,5})$/.exec(port);
    if (m && Number(m[2]) >= 1 && Number(m[2]) <= 65535) p.port = port;
    if (this.since.value) p.since = new Date(Date.now() - Number(this.since.value) * DAY_MS).toISOString();
    return p;
  }

  async load(more = false) {
    const seq = ++this.seq;
    try {
      const answer = await this.api.hosts(this.params(more ? this.hosts.length : 0));
      if (seq !== this.seq) return;
      this.hosts = more ? [...this.hosts, ...answer.hosts] : answer.hosts;
      this.total = answer.total;
      this.render();
    } catch (e) {
      if (seq === this.seq) this.onError(e.message);
    }
  }

  render() {
    this.tbody.replaceChildren(...this.hosts.map((h) => {
      const tr = el('tr');
      tr.dataset.id = String(h.id);
      tr.dataset.ip = h.ip;
      tr.tabIndex = 0;
      const mac = el('td', h.mac || '');
      if (h.vendor) mac.append(el('span', h.vendor, 'vendor'));
      tr.append(el('td', h.ip), el('td', h.names.join(', ')), mac, el('td', when(h.firstSeen)),
        el('td', when(h.lastSeen)), el('td', count(h.scans), 'num'),
        el('td', h.openPorts.map(portLabel).join(', ')));
      if (h.id === this.selected) tr.classList.add('selected');
      return tr;
    }));
    this.countText.textContent = this.hosts.length < this.total
      ? `${count(this.hosts.length)} of ${plural(this.total, 'host', 'hosts')}` : plural(this.total, 'host', 'hosts');
    this.empty.hidden = this.total > 0;
    this.more.hidden = this.hosts.length >= this.total;
  }

  closeTimeline() {
    this.panel.hidden = true;
    this.selected = null;
    for (const tr of this.tbody.rows) tr.classList.remove('selected');
  }

  async openTimeline(id) {
    this.selected = id;
    for (const tr of this.tbody.rows) tr.classList.toggle('selected', Number(tr.dataset.id) === id);
    const host = this.hosts.find((h) => h.id === id);
    try {
      const t = await this.api.timeline(id);
      if (this.selected !== id) return;
      this.title.textContent = host ? host.ip : `Host ${id}`;
      const intro = el('p', `Seen up in ${plural(t.total, 'scan', 'scans')}`
        + (t.sightings.length < t.total ? `; the newest ${t.sightings.length} are shown` : '') + '.', 'muted');
      const list = el('ol', undefined, 'timeline');
      t.sightings.forEach((s, i) => {
        const before = t.sightings[i + 1]; // the sighting before this one in time
        const li = el('li');
        li.dataset.scan = String(s.scanId);
        const head = el('div', undefined, 'timeline-head');
        const open = el('button', `Scan #${s.scanId}`, 'link');
        open.type = 'button';
        open.addEventListener('click', () => this.onOpenScan(s.scanId));
        head.append(open, el('span', when(s.startedAt), 'muted'));
        li.append(head);
        const facts = [s.ip, s.hostname, s.mac].filter((v) => v).join(' · ');
        const who = el('div', facts);
        if (before && (before.ip !== s.ip || before.hostname !== s.hostname || before.mac !== s.mac)) who.classList.add('changed');
        li.append(who);
        const tokens = el('div', undefined, 'tokens');
        // 53/tcp and 53/udp are two ports (a port without proto is from before UDP: TCP).
        const key = (p) => `${p.port}/${p.proto || 'tcp'}`;
        const previous = new Map((before ? before.openPorts : []).map((p) => [key(p), p]));
        for (const p of s.openPorts) {
          const token = el('span', portLabel(p), 'token');
          token.dataset.port = String(p.port);
          token.dataset.proto = p.proto || 'tcp';
          const old = previous.get(key(p));
          if (before && !old) token.classList.add('added');
          else if (old && portLabel(old) !== portLabel(p)) token.classList.add('changed');
          tokens.append(token);
        }
        if (before) {
          const now = new Set(s.openPorts.map(key));
          for (const p of before.openPorts) {
            if (!now.has(key(p))) {
              const token = el('span', portLabel(p), 'token gone');
              token.dataset.port = String(p.port);
              token.dataset.proto = p.proto || 'tcp';
              token.title = 'open at the scan before, not at this one';
              tokens.append(token);
            }
          }
        }
        if (tokens.childElementCount === 0) tokens.append(el('span', 'no open ports', 'muted'));
        li.append(tokens);
        list.append(li);
      });
      this.body.replaceChildren(intro, list);
      this.panel.hidden = false;
    } catch (e) {
      this.onError(e.message);
    }
  }
}
