// A small line chart of hosts up and open ports per scan, as inline SVG built with DOM calls (no library,
// no markup strings): each point carries a <title> with its scan, set as text.

const NS = 'http://www.w3.org/2000/svg';
const W = 640;
const H = 140;
const PAD = { left: 40, right: 10, top: 10, bottom: 20 };

function svg(tag, attrs) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  return node;
}

function niceMax(n) {
  if (n <= 5) return 5;
  const step = 10 ** Math.floor(Math.log10(n));
  return Math.ceil(n / step) * step;
}

/**
 * Draws {@code scans} (oldest first: {id, startedAt, hostsUp, openPorts}) into {@code box}, replacing what it held.
 */
export function drawChart(box, scans) {
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'chart-svg' });
  const label = svg('title');
  label.textContent = `Hosts up and open ports over the last ${scans.length} scans`;
  root.append(label);
  const max = niceMax(Math.max(1, ...scans.map((s) => Math.max(Number(s.hostsUp) || 0, Number(s.openPorts) || 0))));
  const x = (i) => PAD.left + (scans.length <= 1 ? (W - PAD.left - PAD.right) / 2
    : (i * (W - PAD.left - PAD.right)) / (scans.length - 1));
  const y = (v) => H - PAD.bottom - ((Number(v) || 0) * (H - PAD.top - PAD.bottom)) / max;
  for (const v of [0, max / 2, max]) {
    root.append(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'grid' }));
    const t = svg('text', { x: PAD.left - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' });
    t.textContent = String(Math.round(v));
    root.append(t);
  }
  for (const [key, cls] of [['hostsUp', 'up'], ['openPorts', 'open']]) {
    if (scans.length > 1) {
      root.append(svg('polyline', { points: scans.map((s, i) => `${x(i)},${y(s[key])}`).join(' '), class: `line ${cls}` }));
    }
    scans.forEach((s, i) => {
      const dot = svg('circle', { cx: x(i), cy: y(s[key]), r: 3, class: `dot ${cls}` });
      dot.dataset.scan = String(s.id);
      const tip = svg('title');
      tip.textContent = `Scan #${s.id}: ${Number(s.hostsUp) || 0} hosts up, ${Number(s.openPorts) || 0} open ports`;
      dot.append(tip);
      root.append(dot);
    });
  }
  if (scans.length > 0) {
    for (const [i, anchor] of [[0, 'start'], [scans.length - 1, 'end']]) {
      const t = svg('text', { x: x(i), y: H - 4, 'text-anchor': scans.length === 1 ? 'middle' : anchor, class: 'axis' });
      t.textContent = `#${scans[i].id}`;
      root.append(t);
    }
  }
  box.replaceChildren(root);
}
