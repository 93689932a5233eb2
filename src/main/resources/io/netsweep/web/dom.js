// DOM helpers for the views. Every value goes in as text (textContent, or an attribute set through the DOM):
// names, banners and everything else from the network or the database are untrusted.

export function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

/** A local date and time to the minute, as people read it; '' for nothing. */
export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "22/ssh", "11434 Ollama 0.5.7": an open port of the inventory with what was found behind it. */
export function portLabel(p) {
  const product = p.product ? ` ${p.product}${p.version ? ` ${p.version}` : ''}` : '';
  const service = p.service && p.service !== 'unknown' ? `/${p.service}` : '';
  return `${p.port}${p.proto === 'udp' ? '/udp' : ''}${service}${product}`;
}
