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

  // Answers can arrive out of order; only the latest search fills the list.
  let searchSeq = 0;
  const run = async () => {
    const seq = ++searchSeq;
    try {
      const hits = await find(search.value.trim());
      if (seq !== searchSeq) return;
      const items = hits.map(hit => {
        const fullName = `${hit.firstName} ${hit.lastName}`;
        rememberName(hit.agentId, fullName);
        return h('label', { class: 'result' },
          h('input', { type: 'radio', name: radioName, value: hit.agentId }),
          h('span', { class: 'text' }, h('span', { text: fullName }), h('small', { text: hit.email })));
      });
      fill(results, h('legend', { class: 'sr-only', text: 'Agents found' }),
        items.length ? items : h('p', { class: 'list-empty', text: emptyText }));
      const only = /** @type {NodeListOf<HTMLInputElement>} */ (results.querySelectorAll('input[type=radio]'));
      if (only.length === 1) only[0].checked = true;
    } catch (error) {
      if (seq === searchSeq) fill(results, h('p', { class: 'form-error', text: error.message }));
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
    /** The agent id chosen, or null. */
    chosen: () => /** @type {HTMLInputElement | null} */ (results.querySelector(`input[name=${radioName}]:checked`))?.value ?? null,
  };
}
