// Talks to the netsweep API. The token arrives once in the page's address (?token=...), is kept in
// sessionStorage (gone when the tab closes) and removed from the address bar and history.

const TOKEN_KEY = 'netsweep.token';

export function takeToken() {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export class Api {
  constructor(token) {
    this.token = token;
  }

  async request(method, path, body) {
    const headers = { 'X-Netsweep-Token': this.token };
    const init = { method, headers, cache: 'no-store', credentials: 'omit' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (!response.ok) {
      const message = data && typeof data.error === 'string' ? data.error : `request failed (${response.status})`;
      throw new ApiError(response.status, message);
    }
    return data;
  }

  validate(form) { return this.request('POST', '/api/validate', form); }
  start(form) { return this.request('POST', '/api/scans', form); }
  cancel(id) { return this.request('POST', `/api/scans/${encodeURIComponent(id)}/cancel`); }
  list() { return this.request('GET', '/api/scans'); }
  status(id) { return this.request('GET', `/api/scans/${encodeURIComponent(id)}`); }

  // The store: stored scans, one played back, the diff of two, the inventory and one host's timeline.
  history(limit, before) {
    const q = new URLSearchParams({ limit: String(limit) });
    if (before) q.set('before', String(before));
    return this.request('GET', `/api/history?${q}`);
  }
  stored(id) { return this.request('GET', `/api/history/${encodeURIComponent(id)}`); }
  diff(older, newer) {
    return this.request('GET', `/api/diff?${new URLSearchParams({ old: String(older), new: String(newer) })}`);
  }
  hosts(params) { return this.request('GET', `/api/hosts?${new URLSearchParams(params)}`); }
  timeline(id) { return this.request('GET', `/api/hosts/${encodeURIComponent(id)}?limit=100`); }

  /** EventSource cannot send headers, so the stream alone takes the token in its address. */
  events(id) {
    const q = new URLSearchParams({ token: this.token });
    return new EventSource(`/api/scans/${encodeURIComponent(id)}/events?${q}`);
  }

  /** Downloads a scan's export through fetch (the token stays in a header) and saves it as a file. */
  download(id, format) {
    return this.save(`/api/scans/${encodeURIComponent(id)}/export?format=${format}`, `netsweep-scan-${id}.${format}`);
  }

  /** Downloads the diff of two stored scans as json, csv or text. */
  downloadDiff(older, newer, format) {
    const q = new URLSearchParams({ old: String(older), new: String(newer), format });
    return this.save(`/api/diff/export?${q}`, `netsweep-diff-${older}-${newer}.${format === 'text' ? 'txt' : format}`);
  }

  async save(path, name) {
    const response = await fetch(path, {
      headers: { 'X-Netsweep-Token': this.token }, cache: 'no-store', credentials: 'omit',
    });
    if (!response.ok) {
      throw new ApiError(response.status, `export failed (${response.status})`);
    }
    const blob = await response.blob();
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }
}
