// A real OpenID Connect provider for the tests and for a local trial: the npm package
// oidc-provider (OpenID Certified), with its built-in login page (dev interactions: any password).
//
//   node server.js --port 0 --redirect-origin http://127.0.0.1:5080 [--audience livechat-consoles]
//                  [--access-token-ttl 600] [--jwks keys.json]
//
// Prints "OIDC provider ready at <issuer>" once it listens (port 0: a free loopback port).
// Accounts match the demo directory (alice, bob, carol, dave, erin, sam) plus "mallory", who is
// not in it. Every access token also claims role "admin": the gateway must ignore token roles.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.OIDC_PORT ?? '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'redirect-origin': { type: 'string', multiple: true, default: [] },
    audience: { type: 'string', default: 'livechat-consoles' },
    resource: { type: 'string', default: 'urn:livechat:gateway' },
    'client-id': { type: 'string', default: 'livechat-consoles' },
    'access-token-ttl': { type: 'string', default: '600' },
    jwks: { type: 'string' },
  },
});

const accounts = {
  alice: { name: 'Alice Archer', email: 'alice.archer@example.com' },
  bob: { name: 'Bob Baker', email: 'bob.baker@example.com' },
  carol: { name: 'Carol Chen', email: 'carol.chen@example.com' },
  dave: { name: 'Dave Dunn', email: 'dave.dunn@example.com' },
  erin: { name: 'Erin Evans', email: 'erin.evans@example.com' },
  sam: { name: 'Sam Sterling', email: 'sam.sterling@example.com' },
  mallory: { name: 'Mallory Moss', email: 'mallory.moss@example.com' },
};

// The signing key: given (so a test can sign tokens the provider would), or fresh per start.
const jwks = args.jwks
  ? JSON.parse(readFileSync(args.jwks, 'utf8'))
  : { keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' }] };

// Bind first, so the issuer names the port actually taken.
const server = createServer();
await new Promise(resolve => server.listen(Number(args.port), args.host, resolve));
const issuer = `http://${args.host}:${server.address().port}`;
const pages = ['/agent.html', '/supervisor.html'];
const origins = args['redirect-origin'].map(o => o.replace(/\/$/, ''));
const clientId = args['client-id'];

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_name: 'LiveChat consoles',
    token_endpoint_auth_method: 'none', // a public client: PKCE, no secret
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: origins.flatMap(o => pages.map(p => o + p)),
    post_logout_redirect_uris: origins.flatMap(o => pages.map(p => o + p)),
  }],
  jwks,
  cookies: { keys: ['livechat-test-provider-cookie-key'] },
  scopes: ['openid', 'offline_access', 'profile', 'email'],
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'] },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    // Access tokens as JWTs for the gateway's audience (without a resource they are opaque).
    resourceIndicators: {
      enabled: true,
      defaultResource: () => args.resource,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resource) => {
        if (resource !== args.resource) throw new Provider.errors.InvalidTarget();
        return { scope: 'livechat', audience: args.audience, accessTokenFormat: 'jwt', accessTokenTTL: Number(args['access-token-ttl']) };
      },
    },
  },
  // Refresh tokens for the consoles' renewal without asking for consent (offline_access needs prompt=consent here).
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  ttl: { AccessToken: Number(args['access-token-ttl']), IdToken: 3600, RefreshToken: 86400 },
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, name: account.name, preferred_username: id, email: account.email, email_verified: true };
      },
    };
  },
  // What the gateway maps to an agent (sub, email or preferred_username), and a role it must ignore.
  async extraTokenClaims(ctx, token) {
    const account = accounts[token.accountId];
    return account ? { email: account.email, preferred_username: token.accountId, role: ['admin', 'supervisor'] } : undefined;
  },
  // The consoles are first-party: no consent page.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const grant = await ctx.oidc.provider.Grant.find(grantId);
      if (grant) return grant;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid offline_access profile email');
    grant.addResourceScope(args.resource, 'livechat');
    await grant.save();
    return grant;
  },
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><title>Error</title><h1>${out.error}</h1><p>${out.error_description ?? ''}</p>`;
  },
});
provider.on('server_error', (ctx, error) => console.error('server_error', error));

server.on('request', provider.callback());
console.log(`OIDC provider ready at ${issuer}`);

// Stop cleanly when the test (or Ctrl-C) says so.
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
