// The gateway's HTTP API: JSON in and out, a bearer token, RFC 7807 problems as errors.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The request failed (HTTP ${status}).`);
    this.status = status;
    this.ruleId = problem?.ruleId ?? null;
    this.title = problem?.title ?? null;
  }
}

export function createApi(getToken) {
  async function request(method, path, body, { raw = false } = {}) {
    const headers = { accept: 'application/json' };
    const token = getToken();
    if (token) headers.authorization = `Bearer ${token}`;
    let payload;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(path, { method, headers, body: payload });
    if (!response.ok) {
      let problem = null;
      try { problem = await response.json(); } catch { /* not a problem document */ }
      throw new ApiError(response.status, problem);
    }
    if (raw) return response;
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  return {
    get: path => request('GET', path),
    post: (path, body) => request('POST', path, body),
    put: (path, body) => request('PUT', path, body),
    del: path => request('DELETE', path),
    upload(path, file) {
      const form = new FormData();
      form.append('file', file, file.name);
      return request('POST', path, form);
    },
    /** Downloads with the token (a plain link would carry none) and saves under the file's name. */
    async download(path, fileName) {
      const response = await request('GET', path, undefined, { raw: true });
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName || 'attachment';
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 30000);
    },
  };
}

/** A signed-in identity kept for this browser tab (sessionStorage), so a reload stays signed in. */
export class StoredSession {
  constructor(key) { this.key = key; }
  get value() {
    try { return JSON.parse(sessionStorage.getItem(this.key) ?? 'null'); } catch { return null; }
  }
  get token() { return this.value?.token ?? null; }
  save(value) { sessionStorage.setItem(this.key, JSON.stringify(value)); }
  clear() { sessionStorage.removeItem(this.key); }
}
