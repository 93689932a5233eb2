// The page: a form that starts scans, a table of results (a live scan's, or a stored one played back through
// the same model), a detail view and recent scans; and the views over the store: history, compare, inventory.
// The address's hash says what is shown (#scan=N live, #stored=N, #history, #compare=A,B, #hosts), so a
// reload shows it again; without one the page opens on the latest scan.

import { Api, takeToken } from './api.js';
import { ScanModel, openPorts } from './model.js';
import { ResultsTable } from './table.js';
import { renderDetail } from './detail.js';
import { renderFindings } from './findings.js';
import { count, duration, plural } from './format.js';
import { when } from './dom.js';
import { HistoryView } from './history.js';
import { CompareView } from './compare.js';
import { InventoryView } from './inventory.js';

const $ = (id) => document.getElementById(id);

const ui = {
  form: $('scan-form'), targets: $('targets'), exclude: $('exclude'), preset: $('preset'), ports: $('ports'),
  portsLabel: $('ports-label'), timeout: $('timeout'), concurrency: $('concurrency'),
  reverseDns: $('reverse-dns'), identify: $('identify'), start: $('start'), cancel: $('cancel'),
  formError: $('form-error'), hint: $('targets-hint'), progress: $('progress'), progressText: $('progress-text'),
  state: $('scan-state'), filter: $('filter'), rowCount: $('row-count'), exportJsonl: $('export-jsonl'),
  exportCsv: $('export-csv'), recent: $('recent-list'), empty: $('empty'), connection: $('connection'),
  detail: $('detail'), detailTitle: $('detail-title'), detailBody: $('detail-body'), detailClose: $('detail-close'),
  findings: $('findings'),
  rescan: $('rescan'), origin: $('scan-origin'),
};
const VIEWS = ['scan', 'history', 'compare', 'hosts'];

const token = takeToken();
const api = new Api(token);
const table = new ResultsTable($('results'), showDetail);

let current = null; // { kind: 'live' | 'stored', id, model, source (live), rescan (stored), hash }
// Counts navigations: an answer that arrives after a later navigation is dropped, so the last asked wins.
let navigation = 0;
let pending = new Set(); // addresses changed since the last paint
let paintQueued = false;

function readForm() {
  const number = (input) => (input.value.trim() === '' ? null : Number(input.value));
  return {
    targets: ui.targets.value.trim(),
    exclude: ui.exclude.value.trim(),
    preset: ui.preset.value,
    ports: ui.ports.value.trim(),
    timeoutMs: number(ui.timeout),
    concurrency: number(ui.concurrency),
    reverseDns: ui.reverseDns.checked,
    identify: ui.identify.checked,
  };
}

function showError(message) {
  ui.formError.textContent = message || '';
  ui.targets.setAttribute('aria-invalid', message ? 'true' : 'false');
}

// Inline validation of targets and ports, by the server's own parsers.
let validateTimer = 0;
let validateSeq = 0;
function scheduleValidate() {
  clearTimeout(validateTimer);
  validateTimer = setTimeout(async () => {
    const form = readForm();
    if (form.targets === '') {
      ui.hint.textContent = '';
      showError('');
      return;
    }
    const seq = ++validateSeq;
    try {
      const answer = await api.validate(form);
      if (seq !== validateSeq) return;
      if (answer.ok) {
        showError('');
        ui.hint.textContent = `${plural(answer.count, 'address', 'addresses')} × ${plural(answer.ports, 'port', 'ports')}`;
      } else {
        ui.hint.textContent = '';
        showError(answer.error);
      }
    } catch (e) {
      if (seq === validateSeq) showError(e.message);
    }
  }, 250);
}

async function startScan(ev) {
  ev.preventDefault();
  showError('');
  ui.start.disabled = true;
  try {
    const { id } = await api.start(readForm());
    watch(id, { fillForm: false });
  } catch (e) {
    showError(e.message);
  } finally {
    ui.start.disabled = false;
    refreshRecent();
  }
}

/**
 * Shows scan {@code id}: replays its events from the start, then follows it live. Unless the form
 * already holds what started the scan, it is filled with that scan's own fields, so the form never
 * shows one scan's targets beside another's results.
 */
function watch(id, { fillForm = true } = {}) {
  navigation++;
  leave();
  const model = new ScanModel();
  const source = api.events(id);
  current = { kind: 'live', id, model, source, shownCounts: null, hash: `#scan=${id}` };
  history.replaceState(null, '', current.hash);
  showView('scan');
  ui.origin.textContent = '';
  if (fillForm) showFormOf(id);
  source.addEventListener('batch', (ev) => {
    if (!current || current.source !== source) return;
    for (const ip of model.apply(JSON.parse(ev.data))) pending.add(ip);
    queuePaint();
  });
  source.addEventListener('end', () => {
    source.close();
    queuePaint();
    refreshRecent();
    rememberStored(id);
  });
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED && current && current.source === source && !model.ended) {
      ui.connection.textContent = 'Lost the connection to netsweep.';
    }
  });
  source.addEventListener('open', () => {
    ui.connection.textContent = '';
  });
  paint();
}

/** Stops showing the scan on screen. */
function leave() {
  if (current && current.source) current.source.close();
  current = null;
  table.clear();
  hideDetail();
  pending = new Set();
}

/**
 * Once a live scan has ended, the address names its stored copy, so that a reload, or the page after a
 * restart, shows it again.
 */
async function rememberStored(id) {
  try {
    const status = await api.status(id);
    if (current && current.kind === 'live' && current.id === id && status.storedId != null) {
      current.hash = `#stored=${status.storedId}`;
      if (location.hash === `#scan=${id}`) history.replaceState(null, '', current.hash);
    }
  } catch {
    // The scan stays reachable under its live address while this process runs.
  }
}

/**
 * Shows stored scan {@code id}, played back as the live stream would send it; a scan this process is still
 * serving live is watched instead.
 */
async function showStored(id, { fillForm = true } = {}) {
  const asked = ++navigation;
  try {
    const answer = await api.stored(id);
    if (asked !== navigation) return;
    if (answer.scan.liveId != null) {
      watch(answer.scan.liveId, { fillForm });
      current.hash = `#stored=${id}`;
      history.replaceState(null, '', current.hash);
      return;
    }
    leave();
    const model = new ScanModel();
    current = { kind: 'stored', id: String(id), model, source: null, rescan: answer.rescan, shownCounts: null,
      hash: `#stored=${id}` };
    history.replaceState(null, '', current.hash);
    showView('scan');
    for (const ip of model.apply(answer.events)) pending.add(ip);
    const s = answer.scan;
    ui.origin.textContent = `Stored scan #${s.id} · ${when(s.startedAt)} · ${s.source}`
      + (answer.droppedEvents > 0 ? ` · ${count(answer.droppedEvents)} results not shown` : '');
    if (fillForm) fill(answer.rescan);
    paint();
  } catch (e) {
    if (asked === navigation) ui.connection.textContent = e.message;
  }
}

/** The latest scan: one running in this process, else the newest stored, else the newest of this process. */
async function openLatest() {
  const asked = ++navigation;
  try {
    const [{ scans: live }, stored] = await Promise.all([api.list(), api.history(1)]);
    if (asked !== navigation) return; // something else was opened meanwhile
    const running = live.find((s) => s.state === 'running' || s.state === 'cancelling');
    if (running) watch(running.id);
    else if (stored.scans.length > 0) showStored(stored.scans[0].id);
    else if (live.length > 0) watch(live[0].id);
  } catch (e) {
    ui.connection.textContent = e.message;
  }
}

/** Starts the scan on screen again, with the form it was started from (or, stored, the same targets and ports). */
async function rescan() {
  if (!current) return;
  ui.rescan.disabled = true;
  try {
    const form = current.kind === 'live' ? (await api.status(current.id)).form : current.rescan;
    const { id } = await api.start(form);
    fill(form);
    watch(id, { fillForm: false });
  } catch (e) {
    showError(e.message);
  } finally {
    refreshRecent();
    queuePaint();
  }
}

function fill(form) {
  if (!form) return;
  ui.targets.value = form.targets ?? '';
  ui.exclude.value = form.exclude ?? '';
  if ([...ui.preset.options].some((o) => o.value === form.preset)) ui.preset.value = form.preset;
  ui.ports.value = form.ports ?? '';
  ui.timeout.value = form.timeoutMs ?? '';
  ui.concurrency.value = form.concurrency ?? '';
  ui.reverseDns.checked = form.reverseDns !== false;
  ui.identify.checked = form.identify === true;
  presetChanged();
}

async function showFormOf(id) {
  try {
    const { form } = await api.status(id);
    if (!current || current.id !== id || !form) return;
    ui.targets.value = form.targets ?? '';
    ui.exclude.value = form.exclude ?? '';
    if ([...ui.preset.options].some((o) => o.value === form.preset)) ui.preset.value = form.preset;
    ui.ports.value = form.ports ?? '';
    ui.timeout.value = form.timeoutMs ?? '';
    ui.concurrency.value = form.concurrency ?? '';
    ui.reverseDns.checked = form.reverseDns !== false;
    ui.identify.checked = form.identify === true;
    presetChanged();
  } catch (e) {
    ui.connection.textContent = e.message;
  }
}

/** Hosts up and open ports as the table shows them: the sidebar's entry for the scan on screen says the same. */
function liveCounts(model) {
  let open = 0;
  for (const h of model.hosts.values()) open += openPorts(h).length;
  return `${model.state} · ${count(model.hosts.size)} up · ${count(open)} open`;
}

/** Called by paint(): the sidebar entry says what the table now shows, no more and no less. */
function showCurrentInRecent() {
  if (!current || current.kind !== 'live' || !current.model.received) return;
  current.shownCounts = liveCounts(current.model);
  for (const [id, entry] of recentEntries) {
    entry.button.classList.toggle('current', id === current.id);
    if (id === current.id) entry.meta.textContent = current.shownCounts;
  }
}

function queuePaint() {
  if (!paintQueued) {
    paintQueued = true;
    requestAnimationFrame(paint);
  }
}

function paint() {
  paintQueued = false;
  if (!current) return;
  const model = current.model;
  table.update(model, pending);
  renderFindings(ui.findings, model.findings, showDetail);
  if (table.selected && pending.has(table.selected)) showDetail(table.selected);
  pending = new Set();

  const p = model.progress;
  const running = !model.ended;
  if (running && p && p.total > 0) {
    ui.progress.max = p.total;
    ui.progress.value = p.done;
    const eta = p.etaMs != null ? ` · ETA ${duration(p.etaMs)}` : '';
    ui.progressText.textContent = `${count(p.done)} / ${count(p.total)} probes · ${count(p.rate)}/s${eta}`;
  } else if (running) {
    ui.progress.removeAttribute('value');
    ui.progressText.textContent = 'Starting…';
  } else {
    // A finished scan did all its work; a cancelled or failed one shows how far it got.
    const s = model.summary || {};
    const found = `${plural(s.hostsUp, 'host up', 'hosts up')}, ${plural(s.openPorts, 'open port', 'open ports')}`
      + ` in ${duration(s.elapsedMs)}`;
    if (model.state === 'finished') {
      ui.progress.max = 1;
      ui.progress.value = 1;
      ui.progressText.textContent = found;
    } else if (p && p.total > 0) {
      ui.progress.max = p.total;
      ui.progress.value = Math.min(p.done, p.total);
      ui.progressText.textContent = `${found} · stopped after ${count(p.done)} of ${plural(p.total, 'probe', 'probes')}`;
    } else {
      ui.progress.max = 1;
      ui.progress.value = 0;
      ui.progressText.textContent = `${found} · stopped before any progress was reported`;
    }
  }
  ui.state.textContent = model.state + (model.message ? `: ${model.message}` : '');
  ui.state.dataset.state = model.state;
  ui.cancel.disabled = !running || current.kind !== 'live';
  ui.rescan.disabled = running;
  ui.exportJsonl.disabled = false;
  ui.exportCsv.disabled = false;
  const truncated = model.truncatedAt ? ` · only the first ${count(model.truncatedAt)} results were kept` : '';
  ui.rowCount.textContent = plural(table.size, 'host', 'hosts') + (table.filter ? `, ${count(table.shown)} shown` : '') + truncated;
  ui.empty.hidden = table.size > 0;
  if (table.size === 0) ui.empty.textContent = running ? 'Scanning… hosts appear here as they are found.' : 'No hosts found.';
  showCurrentInRecent();
}

function showDetail(ip) {
  if (!current) return;
  const host = current.model.hosts.get(ip);
  if (!host) return;
  table.select(ip);
  renderDetail(ui.detailTitle, ui.detailBody, host);
  ui.detail.hidden = false;
}

function hideDetail() {
  ui.detail.hidden = true;
  table.select(null);
}

// Recent scans, updated in place (entries are kept and reordered, not rebuilt) so that a click never
// lands on an entry that a refresh has just replaced.
const recentEntries = new Map(); // id -> { li, button, title, meta }

function recentEntry(id) {
  let entry = recentEntries.get(id);
  if (!entry) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.id = id;
    const title = document.createElement('span');
    title.className = 'recent-targets';
    const meta = document.createElement('span');
    meta.className = 'muted';
    button.append(title, meta);
    button.addEventListener('click', () => watch(id));
    li.append(button);
    entry = { li, button, title, meta };
    recentEntries.set(id, entry);
  }
  return entry;
}

/**
 * Lists the scans in the sidebar. Lists are asked for after a start and every 2 s, and their answers may come
 * back in another order on a busy machine or network: an answer asked for before a newer one that is already
 * shown is dropped, or it would remove a scan that the newer list holds (the one just started, on screen).
 */
let recentAsked = 0;
let recentShown = 0;

async function refreshRecent() {
  const ticket = ++recentAsked;
  try {
    const { scans } = await api.list();
    if (ticket < recentShown) return;
    recentShown = ticket;
    const listed = new Set();
    const items = scans.map((s) => {
      listed.add(s.id);
      const entry = recentEntry(s.id);
      const shown = current !== null && current.kind === 'live' && current.id === s.id;
      entry.title.textContent = `#${s.id} ${s.targets}`;
      // The scan on screen: what the last paint showed (results applied since are painted next frame).
      entry.meta.textContent = shown && current.shownCounts ? current.shownCounts
        : `${s.state} · ${count(s.counts.hostsUp)} up · ${count(s.counts.openPorts)} open`;
      entry.button.classList.toggle('current', shown);
      return entry.li;
    });
    for (const id of [...recentEntries.keys()]) {
      if (!listed.has(id)) {
        recentEntries.get(id).li.remove();
        recentEntries.delete(id);
      }
    }
    items.forEach((li, i) => {
      if (ui.recent.children[i] !== li) ui.recent.insertBefore(li, ui.recent.children[i] ?? null);
    });
  } catch (e) {
    ui.connection.textContent = e.message;
  }
}

async function exportAs(format) {
  if (!current) return;
  try {
    if (current.kind === 'live') await api.download(current.id, format);
    else await api.save(`/api/history/${encodeURIComponent(current.id)}/export?format=${format}`,
      `netsweep-scan-${current.id}.${format}`);
  } catch (e) {
    ui.connection.textContent = e.message;
  }
}

function presetChanged() {
  const custom = ui.preset.value === 'custom';
  ui.portsLabel.textContent = custom ? 'Ports' : 'Extra ports';
  ui.ports.placeholder = custom ? '22,80,443,8000-8100' : '8080,9000-9100';
  scheduleValidate();
}

function init() {
  if (!token) {
    ui.connection.textContent = 'No access token: open the address that `netsweep ui` printed.';
    for (const control of ui.form.elements) control.disabled = true;
    return;
  }
  ui.form.addEventListener('submit', startScan);
  ui.cancel.addEventListener('click', async () => {
    if (!current) return;
    try {
      await api.cancel(current.id);
    } catch (e) {
      showError(e.message);
    }
  });
  for (const input of [ui.targets, ui.exclude, ui.ports]) input.addEventListener('input', scheduleValidate);
  ui.preset.addEventListener('change', presetChanged);
  ui.filter.addEventListener('input', () => {
    table.setFilter(ui.filter.value);
    queuePaint();
  });
  ui.exportJsonl.addEventListener('click', () => exportAs('jsonl'));
  ui.exportCsv.addEventListener('click', () => exportAs('csv'));
  ui.detailClose.addEventListener('click', hideDetail);
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') hideDetail();
  });
  ui.rescan.addEventListener('click', rescan);
  document.querySelector('.tabs').addEventListener('click', (ev) => {
    const a = ev.target.closest('a[data-view]');
    if (a && a.dataset.view === 'scan') {
      ev.preventDefault();
      if (current) {
        location.hash = current.hash;
      } else {
        history.replaceState(null, '', location.pathname);
        route();
      }
    }
  });
  window.addEventListener('hashchange', route);
  route();
  refreshRecent();
  setInterval(() => {
    if (document.visibilityState === 'visible') refreshRecent();
  }, 2000);
}

const errorLine = (message) => { ui.connection.textContent = message; };
const historyView = new HistoryView(api, {
  onOpen: (s) => { location.hash = `#stored=${s.id}`; },
  onCompare: (a, b) => { location.hash = `#compare=${a},${b}`; },
  onError: errorLine,
});
const compareView = new CompareView(api, { onError: errorLine });
const inventoryView = new InventoryView(api, {
  onOpenScan: (id) => { location.hash = `#stored=${id}`; },
  onError: errorLine,
});

function showView(name) {
  for (const v of VIEWS) {
    $(`view-${v}`).hidden = v !== name;
    const tab = $(`tab-${v}`);
    if (v === name) tab.setAttribute('aria-current', 'page'); else tab.removeAttribute('aria-current');
  }
}

/**
 * Shows what the address's hash names. Every route is a navigation: a scan still loading for an earlier one
 * (the latest scan looked up when the page opened) no longer takes the person off the view they went to.
 */
function route() {
  const hash = window.location.hash;
  navigation++;
  let m;
  if ((m = /^#scan=(\d{1,12})$/.exec(hash))) {
    if (!current || current.kind !== 'live' || current.id !== m[1]) {
      const id = m[1];
      const asked = ++navigation;
      // A scan of a netsweep that has since restarted is gone: open the latest instead.
      api.status(id).then(() => {
        if (asked === navigation) watch(id);
      }, () => {
        if (asked !== navigation) return;
        history.replaceState(null, '', location.pathname);
        openLatest();
      });
    } else {
      showView('scan');
    }
  } else if ((m = /^#stored=(\d{1,12})$/.exec(hash))) {
    if (!current || current.hash !== hash) showStored(Number(m[1]));
    else showView('scan');
  } else if (hash === '#history') {
    showView('history');
    historyView.load();
  } else if ((m = /^#compare(?:=(\d{1,12}),(\d{1,12}))?$/.exec(hash))) {
    showView('compare');
    if (m[1]) compareView.show(Number(m[1]), Number(m[2]));
    else compareView.show();
  } else if (hash === '#hosts') {
    showView('hosts');
    inventoryView.load();
  } else {
    showView('scan');
    if (!current) openLatest();
  }
}

init();
