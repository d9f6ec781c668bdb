// Sign-in at an OpenID Connect provider (GET /api/auth/config says mode "oidc"): authorization code
// flow with PKCE (S256), state and nonce, from the browser as a public client (no secret). Tokens
// live in the tab's session (sessionStorage) and are renewed with the refresh token before they
// expire; api.js and the hub read the current token on every use, so a renewal neither reloads
// the page nor touches the open chat or the hub connection (a reconnect takes the new token).

const PENDING = 'livechat.oidc.pending';

/**
 * What the gateway says about its sign-in: { mode: 'oidc' | 'demo' | 'none', authority, clientId, scope, resource }.
 * @returns {Promise<ApiResult<'getSignInConfig'>>}
 */
export async function loadSignInConfig() {
  const response = await fetch('/api/auth/config', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`The sign-in settings could not be read (HTTP ${response.status}).`);
  return response.json();
}

const base64Url = bytes => btoa(String.fromCharCode(...new Uint8Array(bytes)))
  .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const randomString = () => base64Url(crypto.getRandomValues(new Uint8Array(32)));
const claimsOf = jwt => JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));

/**
 * The provider's discovery document (/.well-known/openid-configuration): the endpoints used here.
 * @typedef {{ authorization_endpoint: string, token_endpoint: string, end_session_endpoint?: string }} OidcMetadata
 */

export class OidcSignIn {
  /**
   * `session` is the console's StoredSession; `onRenewed` runs after each renewal.
   * @param {ApiResult<'getSignInConfig'>} config
   * @param {import('./api.js').StoredSession} session
   * @param {{ onRenewed?: () => void, onExpired?: (error?: unknown) => void }} [callbacks]
   */
  constructor(config, session, { onRenewed, onExpired } = {}) {
    this.config = config;
    this.session = session;
    this.onRenewed = onRenewed;
    this.onExpired = onExpired;
    this.redirectUri = location.origin + location.pathname;
    this.renewals = 0;
    this.timer = null;
    /** @type {Promise<OidcMetadata> | null} read once, on first use */
    this.discovery = null;
  }

  async metadata() {
    this.discovery ??= fetch(`${this.config.authority}/.well-known/openid-configuration`).then(r => {
      if (!r.ok) throw new Error(`The identity provider did not answer (HTTP ${r.status}).`);
      return r.json();
    });
    return this.discovery;
  }

  /** Goes to the provider's login page; it comes back to this page with ?code=…&state=…. */
  async begin() {
    const metadata = await this.metadata();
    const verifier = randomString();
    const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const pending = { verifier, state: randomString(), nonce: randomString(), redirectUri: this.redirectUri };
    sessionStorage.setItem(PENDING, JSON.stringify(pending));
    const query = new URLSearchParams({
      client_id: this.config.clientId, response_type: 'code', redirect_uri: pending.redirectUri,
      scope: this.config.scope, state: pending.state, nonce: pending.nonce,
      code_challenge: challenge, code_challenge_method: 'S256',
    });
    if (this.config.resource) query.set('resource', this.config.resource);
    location.assign(`${metadata.authorization_endpoint}?${query}`);
  }

  /** True when this page load is the provider's answer to a sign-in (code or error in the query). */
  get isCallback() {
    const query = new URLSearchParams(location.search);
    return query.has('state') && (query.has('code') || query.has('error'));
  }

  /** Exchanges the code for tokens (checking state and nonce) and keeps them; clears the query. */
  async complete() {
    const query = new URLSearchParams(location.search);
    const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
    sessionStorage.removeItem(PENDING);
    history.replaceState(null, '', this.redirectUri);
    if (query.get('error')) throw new Error(query.get('error_description') || query.get('error'));
    if (!pending || pending.state !== query.get('state')) throw new Error('This sign-in answer was not for this page: please sign in again.');
    const tokens = await this.tokenRequest({
      grant_type: 'authorization_code', code: query.get('code'), redirect_uri: pending.redirectUri,
      client_id: this.config.clientId, code_verifier: pending.verifier,
    });
    if (!tokens.id_token || claimsOf(tokens.id_token).nonce !== pending.nonce) throw new Error('The sign-in answer failed its nonce check.');
    this.keep(tokens);
  }

  /** Renews the access token with the refresh token; the session then holds the new one. */
  async renew() {
    const value = this.session.value;
    if (!value?.refreshToken) throw new Error('No refresh token: sign in again.');
    const tokens = await this.tokenRequest({ grant_type: 'refresh_token', refresh_token: value.refreshToken, client_id: this.config.clientId });
    this.keep(tokens);
    this.renewals += 1;
    document.body.dataset.tokenRenewals = String(this.renewals);
    window.dispatchEvent(new CustomEvent('livechat:token-renewed', { detail: { renewals: this.renewals } }));
    this.onRenewed?.();
  }

  /** Renews before expiry: a quarter of the lifetime ahead, a minute ahead for long ones. */
  scheduleRenewal() {
    clearTimeout(this.timer);
    const value = this.session.value;
    if (!value?.expiresAt) return;
    const lifetime = value.expiresAt - value.issuedAt;
    const ahead = lifetime > 240000 ? 60000 : lifetime / 4;
    const delay = Math.max(1000, value.expiresAt - ahead - Date.now());
    this.timer = setTimeout(() => this.renew().catch(error => {
      // Still valid for a while: try again shortly; expired: the page starts over.
      if (Date.now() < (this.session.value?.expiresAt ?? 0) - 2000) this.timer = setTimeout(() => this.scheduleRenewal(), 5000);
      else this.onExpired?.(error);
    }), delay);
  }

  /** Leaves the provider's session too, coming back to this page signed out. */
  async signOut() {
    clearTimeout(this.timer);
    const idToken = this.session.value?.idToken;
    this.session.clear();
    const metadata = await this.metadata().catch(() => null);
    if (!metadata?.end_session_endpoint) {
      location.reload();
      return;
    }
    const query = new URLSearchParams({ client_id: this.config.clientId, post_logout_redirect_uri: this.redirectUri });
    if (idToken) query.set('id_token_hint', idToken);
    location.assign(`${metadata.end_session_endpoint}?${query}`);
  }

  async tokenRequest(form) {
    const metadata = await this.metadata();
    const response = await fetch(metadata.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error_description || body.error || `The identity provider refused (HTTP ${response.status}).`);
    return body;
  }

  keep(tokens) {
    const previous = this.session.value ?? {};
    const now = Date.now();
    this.session.save({
      ...previous,
      token: tokens.access_token,
      refreshToken: tokens.refresh_token ?? previous.refreshToken,
      idToken: tokens.id_token ?? previous.idToken,
      issuedAt: now,
      expiresAt: now + (tokens.expires_in ?? 300) * 1000,
    });
    this.scheduleRenewal();
  }
}
