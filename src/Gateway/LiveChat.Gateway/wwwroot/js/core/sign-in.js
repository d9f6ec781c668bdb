// @ts-nocheck -- not yet type-checked (tsc checkJs, tests/WebTypes): DOM narrowing and JSDoc still to add.
// Sign-in of the consoles, as the gateway says (GET /api/auth/config): at its OpenID Connect
// provider (oidc.js), or the demo sign-in (embedded mode): POST /api/auth/demo-sign-in { agentId }
// returns a token; the demo directory's agent ids are listed as buttons, any other id can be typed.
// Either way the agent's role comes from the directory (GET /api/me), never from the token.
import { h, fill, initials, titleCase } from './dom.js';
import { loadSignInConfig, OidcSignIn } from './oidc.js';

/**
 * Wires the console's sign-in and resumes an earlier one. `demo` holds setupSignIn's options for
 * the demo mode; `accept(agent)` may refuse the signed-in agent (throw); `start` opens the console.
 * Returns { signOut }: leaves the provider's session too in OIDC mode.
 */
export async function setupConsoleSignIn({ api, session, demo, accept = () => {}, start }) {
  const config = await loadSignInConfig().catch(() => ({ mode: 'demo' }));
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
  for (const el of [demo.list, demo.form, ...section.querySelectorAll('p:not(.form-error)')]) el.hidden = true;
  const button = h('button', { type: 'button', class: 'btn-primary', id: 'provider-sign-in', text: 'Sign in',
    onclick: () => oidc.begin().catch(problem => fill(demo.error, problem.message ?? String(problem))) });
  demo.error.before(h('p', {}, button));

  if (oidc.isCallback) {
    try {
      await oidc.complete();
      const agent = await api.get('/api/me');
      accept(agent);
      session.save({ ...session.value, agentId: agent.agentId });
      await api.put('/api/me/presence', { presence: 'Online' });
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

export function setupSignIn({ list, form, input, error, agentIds, signIn }) {
  const run = async agentId => {
    fill(error);
    for (const control of document.querySelectorAll('#sign-in button, #sign-in input')) control.disabled = true;
    try {
      await signIn(agentId.trim());
    } catch (problem) {
      fill(error, problem.ruleId ? `${problem.ruleId}: ` : '', problem.message ?? String(problem));
    } finally {
      for (const control of document.querySelectorAll('#sign-in button, #sign-in input')) control.disabled = false;
    }
  };
  fill(list, agentIds.map(id => h('li', {},
    h('button', { type: 'button', 'aria-label': `Sign in as ${id}`, onclick: () => run(id) },
      h('span', { class: 'avatar', 'aria-hidden': 'true', dataset: { initials: initials(titleCase(id)) } }), titleCase(id)))));
  form.addEventListener('submit', event => {
    event.preventDefault();
    if (input.value.trim()) run(input.value);
  });
}

/**
 * The demo sign-in every console shares: a token for the agent, kept in the session, and the agent
 * set Online. `accept` may refuse the agent (throw) before anything is kept.
 */
export async function demoSignIn(api, session, agentId, accept = () => {}) {
  session.clear();
  const signedIn = await api.post('/api/auth/demo-sign-in', { agentId });
  accept(signedIn.agent);
  session.save({ token: signedIn.token, agentId: signedIn.agent.agentId });
  await api.put('/api/me/presence', { presence: 'Online' });
  return signedIn;
}

/** Picks up the session of an earlier visit; a stale one is dropped and the page starts over. */
export function resumeSession(session, start) {
  if (!session.token) return;
  start().catch(() => {
    session.clear();
    location.reload();
  });
}

/** Full name of an agent snapshot (GET /api/me). */
export function fullNameOf(agent) {
  const profile = agent.registration.profile;
  return `${profile.firstName} ${profile.lastName}`;
}
