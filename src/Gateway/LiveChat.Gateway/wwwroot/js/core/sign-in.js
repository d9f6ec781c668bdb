// Demo sign-in (embedded mode): POST /api/auth/demo-sign-in { agentId } returns a token. The demo
// directory's agent ids are listed as buttons; any other id can be typed.
import { h, fill, initials, titleCase } from './dom.js';

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
      h('span', { class: 'avatar', 'aria-hidden': 'true', text: initials(titleCase(id)) }), titleCase(id)))));
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
