// The results table. Rows are created once per host and updated in place; each stream message
// changes the DOM once (new rows go in through one fragment), so thousands of rows stay quick.
// Every piece of scan data goes in through textContent: hostnames and banners are untrusted.
// Rows are sorted by address unless a person picks another column; an address never changes, so a few new
// rows are put in their place one by one instead of re-sorting every row.

import { addressKey } from './format.js';
import { openPorts, identities, hasFinding, serviceLabel, UNAUTHENTICATED } from './model.js';

const SORT_KEYS = {
  ip: (h) => addressKey(h.ip),
  name: (h) => h.name.toLowerCase() || '\uffff',
  mac: (h) => (h.mac || '\uffff') + h.vendor.toLowerCase(),
  ports: (h) => { const p = openPorts(h); return p.length ? p.length * 100000 + (65536 - p[0].port) : 0; },
  products: (h) => identities(h).map((i) => serviceLabel(i).toLowerCase()).filter((l) => l).join(' ') || '\uffff',
};

function cell(tr, index) {
  return tr.cells[index];
}

export class ResultsTable {
  constructor(table, onSelect) {
    this.table = table;
    this.tbody = table.tBodies[0];
    this.rows = new Map(); // ip -> { tr, host, search }
    this.order = []; // while sorted by address: [{ r, k }] in the order shown
    this.sortKey = 'ip';
    this.sortDir = 1;
    this.filter = '';
    this.selected = null;
    this.tbody.addEventListener('click', (ev) => {
      const tr = ev.target.closest('tr');
      if (tr && tr.dataset.ip !== undefined) onSelect(tr.dataset.ip);
    });
    this.tbody.addEventListener('keydown', (ev) => {
      const tr = ev.target.closest('tr');
      if (ev.key === 'Enter' && tr && tr.dataset.ip !== undefined) onSelect(tr.dataset.ip);
    });
    for (const th of table.tHead.rows[0].cells) {
      th.querySelector('button').addEventListener('click', () => this.sortBy(th.dataset.key));
    }
    this.showSort();
  }

  clear() {
    this.rows.clear();
    this.order = [];
    this.tbody.replaceChildren();
    this.selected = null;
  }

  get size() {
    return this.rows.size;
  }

  get shown() {
    let n = 0;
    for (const r of this.rows.values()) if (!r.tr.hidden) n++;
    return n;
  }

  /** Brings the rows of {@code changed} addresses up to date with {@code model}. */
  update(model, changed) {
    const fresh = document.createDocumentFragment();
    const added = [];
    for (const ip of changed) {
      const host = model.hosts.get(ip);
      if (!host) continue;
      let row = this.rows.get(ip);
      if (!row) {
        const tr = document.createElement('tr');
        tr.dataset.ip = ip;
        tr.tabIndex = 0;
        for (let i = 0; i < 5; i++) tr.append(document.createElement('td'));
        row = { tr, host, search: '' };
        this.rows.set(ip, row);
        fresh.append(tr);
        added.push(row);
      }
      row.host = host;
      this.render(row);
    }
    if (this.sortKey === 'ip' && added.length > 0 && added.length <= 64 && this.order.length + added.length === this.rows.size) {
      for (const row of added) this.place(row);
    } else if (added.length > 0) {
      this.tbody.append(fresh);
      this.resort();
    } else if (this.sortKey && this.sortKey !== 'ip' && changed.size > 0) {
      this.resort();
    }
  }

  /** Puts one new row where the address order wants it. */
  place(row) {
    const k = SORT_KEYS.ip(row.host);
    const dir = this.sortDir;
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.order[mid].k;
      if ((m < k ? -dir : m > k ? dir : 0) <= 0) lo = mid + 1; else hi = mid;
    }
    this.tbody.insertBefore(row.tr, lo < this.order.length ? this.order[lo].r.tr : null);
    this.order.splice(lo, 0, { r: row, k });
  }

  render(row) {
    const h = row.host;
    const tr = row.tr;
    cell(tr, 0).textContent = h.ip;
    cell(tr, 1).textContent = h.name;
    const mac = cell(tr, 2);
    mac.textContent = h.mac;
    if (h.vendor) {
      const vendor = document.createElement('span');
      vendor.className = 'vendor';
      vendor.textContent = h.vendor;
      mac.append(vendor);
    }
    const ports = openPorts(h);
    cell(tr, 3).textContent = ports.map((p) => {
      const port = p.proto === 'udp' ? `${p.port}/udp` : `${p.port}`;
      return p.service && p.service !== 'unknown' ? `${port} ${p.service}` : port;
    }).join(', ');
    const products = cell(tr, 4);
    products.replaceChildren();
    const ids = identities(h);
    products.append(ids.map(serviceLabel).filter((l) => l).join(', '));
    if (hasFinding(h)) {
      const flag = document.createElement('span');
      flag.className = 'finding';
      flag.textContent = UNAUTHENTICATED;
      products.append(' ', flag);
    }
    tr.classList.toggle('flagged', hasFinding(h));
    tr.classList.toggle('selected', this.selected === h.ip);
    row.search = [h.ip, h.name, h.mac, h.vendor, cell(tr, 3).textContent, products.textContent].join(' ').toLowerCase();
    tr.hidden = !this.matches(row);
  }

  matches(row) {
    return this.filter === '' || this.filter.split(/\s+/).every((word) => row.search.includes(word));
  }

  setFilter(text) {
    this.filter = text.trim().toLowerCase();
    for (const row of this.rows.values()) row.tr.hidden = !this.matches(row);
  }

  sortBy(key) {
    if (this.sortKey === key) {
      this.sortDir = -this.sortDir;
    } else {
      this.sortKey = key;
      this.sortDir = 1;
    }
    this.showSort();
    this.resort();
  }

  showSort() {
    for (const th of this.table.tHead.rows[0].cells) {
      th.setAttribute('aria-sort', th.dataset.key === this.sortKey ? (this.sortDir > 0 ? 'ascending' : 'descending') : 'none');
    }
  }

  resort() {
    const keyOf = SORT_KEYS[this.sortKey];
    if (!keyOf) return;
    const dir = this.sortDir;
    const sorted = [...this.rows.values()]
      .map((r) => ({ r, k: keyOf(r.host) }))
      .sort((a, b) => (a.k < b.k ? -dir : a.k > b.k ? dir : 0));
    const fragment = document.createDocumentFragment();
    for (const { r } of sorted) fragment.append(r.tr);
    this.tbody.append(fragment);
    this.order = this.sortKey === 'ip' ? sorted : [];
  }

  select(ip) {
    const previous = this.rows.get(this.selected);
    if (previous) previous.tr.classList.remove('selected');
    this.selected = ip;
    const row = this.rows.get(ip);
    if (row) row.tr.classList.add('selected');
  }
}
