// The gateway's HTTP API: JSON in and out, a bearer token, RFC 7807 problems as errors.

/** An RFC 7807 problem the gateway answered: its HTTP status and the rule that refused (ruleId). */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {ApiSchema<'ProblemDetails'> | null} problem
   */
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The request failed (HTTP ${status}).`);
    this.status = status;
    this.ruleId = problem?.ruleId ?? null;
    this.title = problem?.title ?? null;
  }
}

// Calls that create something carry an Idempotency-Key: the gateway answers a retry with the same
// key with the first result, so a call whose answer was lost (network failure, a silo failing over)
// is sent again with the same key, after a growing pause, and is stored once.
const MAX_ATTEMPTS = 5;
const RETRIED_STATUSES = new Set([502, 503, 504]);

/** A fresh key per command: a UUID (crypto.randomUUID needs a secure context; getRandomValues does not). */
export function newIdempotencyKey() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

/** Exponential backoff with jitter (0.3 s, 0.6 s, 1.2 s, ...), or the server's Retry-After, at most 10 s. */
function pauseBefore(attempt, response) {
  const retryAfter = Number(response?.headers.get('retry-after'));
  const ms = retryAfter > 0 ? retryAfter * 1000 : 300 * 2 ** (attempt - 1) * (0.75 + Math.random() / 2);
  return new Promise(resolve => setTimeout(resolve, Math.min(ms, 10000)));
}

export function createApi(getToken) {
  async function request(method, path, body, { raw = false, idempotencyKey = null } = {}) {
    const headers = { accept: 'application/json' };
    const token = getToken();
    if (token) headers.authorization = `Bearer ${token}`;
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    let payload;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let response;
    for (let attempt = 1; ; attempt++) {
      // A read, or a keyed call, is retried: a read changes nothing, and a keyed call is stored once;
      // any other call could be stored twice.
      const mayRetry = (method === 'GET' || idempotencyKey) && attempt < MAX_ATTEMPTS;
      try {
        response = await fetch(path, { method, headers, body: payload });
      } catch (networkError) {
        if (!mayRetry) throw networkError;
        await pauseBefore(attempt);
        continue;
      }
      if (mayRetry && RETRIED_STATUSES.has(response.status)) {
        await pauseBefore(attempt, response);
        continue;
      }
      break;
    }
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
    /** A call that creates something (message, note, ticket, invite, chat): sent with a fresh key, retried on network failure. */
    create: (path, body) => request('POST', path, body, { idempotencyKey: newIdempotencyKey() }),
    put: (path, body) => request('PUT', path, body),
    del: path => request('DELETE', path),
    upload(path, file) {
      const form = new FormData();
      form.append('file', file, file.name);
      return request('POST', path, form, { idempotencyKey: newIdempotencyKey() });
    },
    /**
     * Downloads with the token (a plain link would carry none) and saves under the file's name; with a
     * body it is a POST (a request whose parameters must stay out of the address, e.g. an export).
     * @param {string} path
     * @param {string} [fileName]
     * @param {unknown} [body]
     */
    async download(path, fileName, body) {
      const response = await request(body === undefined ? 'GET' : 'POST', path, body, { raw: true });
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
