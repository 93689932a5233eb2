// The history view: every stored scan with its counts, newest first, a page at a time; a chart of the
// counts; two scans picked to compare. Built with DOM calls only: targets and messages are untrusted.

import { el, when } from './dom.js';
import { drawChart } from './chart.js';
import { count } from './format.js';

const PAGE = 100;

export class HistoryView {
  constructor(api, { onOpen, onCompare, onError }) {
    this.api = api;
    this.onOpen = onOpen;
    this.onCompare = onCompare;
    this.onError = onError;
    this.tbody = document.querySelector('#history tbody');
    this.chart = document.getElementById('chart');
    this.note = document.getElementById('history-note');
    this.empty = document.getElementById('history-empty');
    this.more = document.getElementById('history-more');
    this.compare = document.getElementById('compare-selected');
    this.scans = [];
    this.picked = [];
    this.more.addEventListener('click', () => this.load(true));
    this.compare.addEventListener('click', () => {
      const [a, b] = [...this.picked].sort((x, y) => x - y);
      this.onCompare(a, b);
    });
  }

  /** Loads the newest page again, or with {@code older} the page after the last one shown. */
  async load(older = false) {
    try {
      const before = older && this.scans.length > 0 ? this.scans[this.scans.length - 1].id : null;
      const answer = await this.api.history(PAGE, before);
      this.scans = older ? [...this.scans, ...answer.scans] : answer.scans;
      if (!older) this.picked = this.picked.filter((id) => this.scans.some((s) => s.id === id));
      this.note.textContent = answer.stored ? `${count(this.scans.length)}${answer.more ? '+' : ''} stored scans`
        : 'Scans are not stored (netsweep ui --no-save).';
      this.more.hidden = !answer.more;
      this.render();
    } catch (e) {
      this.onError(e.message);
    }
  }

  render() {
    const rows = this.scans.map((s) => {
      const tr = el('tr');
      tr.dataset.id = String(s.id);
      const pick = el('input');
      pick.type = 'checkbox';
      pick.checked = this.picked.includes(s.id);
      pick.setAttribute('aria-label', `Select scan ${s.id} to compare`);
      pick.addEventListener('change', () => this.pick(s.id, pick.checked));
      const open = el('button', `#${s.id}`, 'link');
      open.type = 'button';
      open.addEventListener('click', () => this.onOpen(s));
      const status = el('td', s.status + (s.source && s.source !== 'cli' ? ` (${s.source})` : ''), 'status');
      status.dataset.state = s.status;
      if (s.message) status.title = s.message;
      const cells = [el('td'), el('td'), el('td', when(s.startedAt)), el('td', s.targets, 'targets'),
        el('td', s.ports === '' ? '-sn' : s.ports, 'ports'), el('td', count(s.hostsUp), 'num'),
        el('td', count(s.openPorts), 'num'), status];
      cells[0].append(pick);
      cells[1].append(open);
      tr.append(...cells);
      return tr;
    });
    this.tbody.replaceChildren(...rows);
    this.empty.hidden = this.scans.length > 0;
    drawChart(this.chart, this.scans.slice(0, 50).reverse());
    this.compare.disabled = this.picked.length !== 2;
  }

  /** Keeps at most two scans picked: a third replaces the oldest pick. */
  pick(id, on) {
    this.picked = this.picked.filter((p) => p !== id);
    if (on) this.picked.push(id);
    if (this.picked.length > 2) this.picked.shift();
    for (const tr of this.tbody.rows) {
      tr.cells[0].firstChild.checked = this.picked.includes(Number(tr.dataset.id));
    }
    this.compare.disabled = this.picked.length !== 2;
  }
}
