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

  /** EventSource cannot send headers, so the stream alone takes the token in its address. */
  events(id) {
    const q = new URLSearchParams({ token: this.token });
    return new EventSource(`/api/scans/${encodeURIComponent(id)}/events?${q}`);
  }

  /** Downloads an export through fetch (the token stays in a header) and saves it as a file. */
  async download(id, format) {
    const response = await fetch(`/api/scans/${encodeURIComponent(id)}/export?format=${format}`, {
      headers: { 'X-Netsweep-Token': this.token }, cache: 'no-store', credentials: 'omit',
    });
    if (!response.ok) {
      throw new ApiError(response.status, `export failed (${response.status})`);
    }
    const blob = await response.blob();
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `netsweep-scan-${id}.${format}`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }
}
