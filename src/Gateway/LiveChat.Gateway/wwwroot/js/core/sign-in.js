// Sign-in of the consoles, as the gateway says (GET /api/auth/config): at its OpenID Connect
// provider (oidc.js), or the demo sign-in (embedded mode): POST /api/auth/demo-sign-in { agentId }
// returns a token; the demo directory's agent ids are listed as buttons, any other id can be typed.
// Either way the agent's role comes from the directory (GET /api/me), never from the token.
import { h, fill, initials, titleCase } from './dom.js';
import { loadSignInConfig, OidcSignIn } from './oidc.js';

/** @typedef {import('./api.js').StoredSession} StoredSession */
/** @typedef {ReturnType<typeof import('./api.js').createApi>} ConsoleApi */
/**
 * The demo sign-in's elements, the demo directory's agent ids shown as buttons, and what signs in.
 * @typedef {{ list: HTMLElement, form: HTMLElement, input: HTMLElement, error: HTMLElement,
 *   agentIds: string[], signIn: (agentId: string) => Promise<void> }} DemoSignInOptions
 */

/**
 * Wires the console's sign-in and resumes an earlier one. `demo` holds setupSignIn's options for
 * the demo mode; `accept(agent)` may refuse the signed-in agent (throw); `start` opens the console.
 * Returns { signOut }: leaves the provider's session too in OIDC mode.
 * @param {{ api: ConsoleApi, session: StoredSession, demo: DemoSignInOptions,
 *   accept?: (agent: ApiSchema<'AgentSnapshot'>) => void, start: () => Promise<void> }} options
 */
export async function setupConsoleSignIn({ api, session, demo, accept = () => {}, start }) {
  const config = await loadSignInConfig().catch(() => /** @type {ApiResult<'getSignInConfig'>} */ ({ mode: 'demo' }));
  if (config.mode !== 'oidc') {
    setupSignIn(demo);
    resumeSession(session, start);
    return { mode: config.mode, signOut: async () => { session.clear(); location.reload(); } };
  }

  const oidc = new OidcSignIn(config, session, {
    onExpired: () => { session.clear(); location.reload(); },
  });
  // The demo's list and form make no sense here: one button to the provider instead.
  const section = demo.list.closest('section');
  for (const el of [demo.list, demo.form, ...(/** @type {NodeListOf<HTMLElement>} */ (section.querySelectorAll('p:not(.form-error)')))]) el.hidden = true;
  const button = h('button', { type: 'button', class: 'btn-primary', id: 'provider-sign-in', text: 'Sign in',
    onclick: () => oidc.begin().catch(problem => fill(demo.error, problem.message ?? String(problem))) });
  demo.error.before(h('p', {}, button));

  if (oidc.isCallback) {
    try {
      await oidc.complete();
      /** @type {ApiResult<'getMe'>} */
      const agent = await api.get('/api/me');
      accept(agent);
      session.save({ ...session.value, agentId: agent.agentId });
      await api.put('/api/me/presence', /** @satisfies {ApiBody<'setPresence'>} */ ({ presence: 'Online' }));
      await start();
    } catch (problem) {
      session.clear();
      fill(demo.error, problem.ruleId ? `${problem.ruleId}: ` : '', problem.message ?? String(problem));
    }
  } else if (session.token) {
    oidc.scheduleRenewal();
    resumeSession(session, start);
  }
  return { mode: 'oidc', oidc, signOut: () => oidc.signOut() };
}

/** @param {DemoSignInOptions} options */
export function setupSignIn({ list, form, input, error, agentIds, signIn }) {
  const run = async agentId => {
    fill(error);
    for (const control of /** @type {NodeListOf<HTMLButtonElement | HTMLInputElement>} */ (document.querySelectorAll('#sign-in button, #sign-in input'))) control.disabled = true;
    try {
      await signIn(agentId.trim());
    } catch (problem) {
      fill(error, problem.ruleId ? `${problem.ruleId}: ` : '', problem.message ?? String(problem));
    } finally {
      for (const control of /** @type {NodeListOf<HTMLButtonElement | HTMLInputElement>} */ (document.querySelectorAll('#sign-in button, #sign-in input'))) control.disabled = false;
    }
  };
  fill(list, agentIds.map(id => h('li', {},
    h('button', { type: 'button', 'aria-label': `Sign in as ${id}`, onclick: () => run(id) },
      h('span', { class: 'avatar', 'aria-hidden': 'true', dataset: { initials: initials(titleCase(id)) } }), titleCase(id)))));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const typed = /** @type {HTMLInputElement} */ (input);
    if (typed.value.trim()) run(typed.value);
  });
}

/**
 * The demo sign-in every console shares: a token for the agent, kept in the session, and the agent
 * set Online. `accept` may refuse the agent (throw) before anything is kept.
 * @param {ConsoleApi} api
 * @param {StoredSession} session
 * @param {string} agentId
 * @param {(agent: ApiSchema<'AgentSnapshot'>) => void} [accept]
 * @returns {Promise<ApiResult<'demoSignIn'>>}
 */
export async function demoSignIn(api, session, agentId, accept = () => {}) {
  session.clear();
  /** @type {ApiResult<'demoSignIn'>} */
  const signedIn = await api.post('/api/auth/demo-sign-in', /** @satisfies {ApiBody<'demoSignIn'>} */ ({ agentId }));
  accept(signedIn.agent);
  session.save({ token: signedIn.token, agentId: signedIn.agent.agentId });
  await api.put('/api/me/presence', /** @satisfies {ApiBody<'setPresence'>} */ ({ presence: 'Online' }));
  return signedIn;
}

/**
 * Picks up the session of an earlier visit; a stale one is dropped and the page starts over.
 * @param {StoredSession} session
 * @param {() => Promise<void>} start
 */
export function resumeSession(session, start) {
  if (!session.token) return;
  start().catch(() => {
    session.clear();
    location.reload();
  });
}

/**
 * Full name of an agent snapshot (GET /api/me).
 * @param {ApiSchema<'AgentSnapshot'>} agent
 */
export function fullNameOf(agent) {
  const profile = agent.registration.profile;
  return `${profile.firstName} ${profile.lastName}`;
}
