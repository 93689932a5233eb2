// Small pure helpers for showing numbers and sorting addresses.

export function duration(ms) {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return '–';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

export function count(n) {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '0';
}

/** "1 host", "2 hosts", "1,024 hosts": the count and the word that agrees with it. */
export function plural(n, one, many) {
  const shown = count(n);
  return `${shown} ${shown === '1' ? one : many}`;
}

/** A string that sorts IPv4 numerically, then IPv6 by its full hexadecimal form. */
export function addressKey(ip) {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) {
    return '4' + v4.slice(1).map((o) => Number(o).toString(16).padStart(2, '0')).join('');
  }
  const [head, tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = ip.includes('::') ? Array(Math.max(0, 8 - left.length - right.length)).fill('0') : [];
  return '6' + [...left, ...middle, ...right].map((g) => g.padStart(4, '0')).join('');
}
