// The "Find an agent" field of the Invite and Offer transfer dialogs: a search box, a radio list of
// the hits, searched as the agent types. Only the route differs (invitees: R12; offer receivers:
// T2), so both dialogs share this one picker.
import { h, fill } from './dom.js';
import { rememberName } from './names.js';

/** @typedef {{ agentId: string, firstName: string, lastName: string, email: string }} AgentHit */

/**
 * @param {{ searchId: string, radioName: string, emptyText: string, find: (query: string) => Promise<AgentHit[]> }} options
 */
export function agentPicker({ searchId, radioName, emptyText, find }) {
  const search = h('input', { id: searchId, type: 'search', autocomplete: 'off', placeholder: 'First name, last name, full name or email' });
  const results = h('fieldset', { class: 'results', 'aria-live': 'polite' }, h('legend', { class: 'sr-only', text: 'Agents found' }));

  /** The agent id chosen, or null. */
  const chosen = () => /** @type {HTMLInputElement | null} */ (results.querySelector(`input[name=${radioName}]:checked`))?.value ?? null;

  // Answers can arrive out of order; only the latest search fills the list.
  let searchSeq = 0;
  const run = async () => {
    const seq = ++searchSeq;
    try {
      const hits = await find(search.value.trim());
      if (seq !== searchSeq) return;
      // An agent picked from the list shown before this answer stays picked when the new list still
      // holds it: typing starts a search 200 ms later, and its answer must not undo a choice made
      // in between (the Invite button would then find nothing chosen).
      const kept = chosen();
      const items = hits.map(hit => {
        const fullName = `${hit.firstName} ${hit.lastName}`;
        rememberName(hit.agentId, fullName);
        return h('label', { class: 'result' },
          h('input', { type: 'radio', name: radioName, value: hit.agentId, checked: hit.agentId === kept }),
          h('span', { class: 'text' }, h('span', { text: fullName }), h('small', { text: hit.email })));
      });
      fill(results, h('legend', { class: 'sr-only', text: 'Agents found' }),
        items.length ? items : h('p', { class: 'list-empty', text: emptyText }));
      const only = /** @type {NodeListOf<HTMLInputElement>} */ (results.querySelectorAll('input[type=radio]'));
      if (only.length === 1) only[0].checked = true;
    } catch (error) {
      if (seq !== searchSeq) return;
      // A failed search (a busy gateway's 503, say) says so under the list it could not refresh:
      // the agents found before, and the one chosen among them, stay.
      results.querySelector('.form-error')?.remove();
      results.append(h('p', { class: 'form-error', role: 'alert', text: error.message }));
    }
  };
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 200); });
  search.addEventListener('keydown', event => { if (event.key === 'Enter') { event.preventDefault(); clearTimeout(timer); run(); } });

  return {
    search,
    results,
    /** Searches now (the dialog opening, or another input changing what is searched). */
    run,
    chosen,
  };
}
