// The findings panel: every finding of the scan on screen, most severe first, each naming its host and port
// (a button that opens the host) and its CVE identifiers. DOM calls only: every value is untrusted text.

const ORDER = ['critical', 'high', 'medium', 'low', 'info'];

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** Renders `findings` ({ip, port, proto, id, severity, title, detail, cves}) into the panel; hidden when there are none. */
export function renderFindings(panel, findings, onSelect) {
  const list = panel.querySelector('ol');
  const count = panel.querySelector('.count');
  panel.hidden = findings.length === 0;
  count.textContent = findings.length === 0 ? '' : String(findings.length);
  const sorted = [...findings].sort((a, b) => rank(a.severity) - rank(b.severity)
    || a.ip.localeCompare(b.ip, undefined, { numeric: true }) || (a.proto === 'udp') - (b.proto === 'udp') || a.port - b.port || a.id.localeCompare(b.id));
  const items = sorted.map((f) => {
    const li = el('li', undefined, 'finding-item');
    li.dataset.severity = f.severity;
    const where = el('button', `${f.ip}:${f.port}${f.proto === 'udp' ? '/udp' : ''}`, 'link');
    where.type = 'button';
    where.addEventListener('click', () => onSelect(f.ip));
    li.append(el('span', f.severity, `severity ${ORDER.includes(f.severity) ? f.severity : 'info'}`), ' ', where, ' ',
      el('span', f.title, 'title'));
    if (f.cves.length > 0) li.append(' ', el('span', f.cves.join(', '), 'cves'));
    li.title = f.detail;
    return li;
  });
  list.replaceChildren(...items);
}

function rank(severity) {
  const i = ORDER.indexOf(severity);
  return i < 0 ? ORDER.length : i;
}
