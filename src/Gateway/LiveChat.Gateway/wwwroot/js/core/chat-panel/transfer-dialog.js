// The Transfer dialog (A1): hand the chat at once to another agent, or put it in another queue
// the agent works.
import { h, toast } from '../dom.js';
import { openDialog } from '../dialogs.js';
import { rememberName } from '../names.js';

/** @param {import('../chat-panel.js').ChatPanel} panel */
export function openTransferDialog(panel) {
  const id = panel.chatId;
  const agentInput = h('input', { id: `transfer-agent-${id}`, list: `transfer-agents-${id}`, autocomplete: 'off', placeholder: 'Agent id, e.g. carol' });
  const datalist = h('datalist', { id: `transfer-agents-${id}` });
  const queues = (panel.me().registration.queues ?? []).filter(q => q !== panel.snapshot.queueId);
  const queueSelect = h('select', { id: `transfer-queue-${id}` }, queues.map(q => h('option', { value: q, text: panel.queues.name(q) })));
  const toAgent = h('input', { type: 'radio', name: 'target', value: 'agent', checked: true });
  const toQueue = h('input', { type: 'radio', name: 'target', value: 'queue', disabled: queues.length === 0 });
  panel.api.get(`${panel.path}/invitees?q=`).then((/** @type {ApiResult<'searchInvitees'>} */ hits) => {
    for (const hit of hits) {
      rememberName(hit.agentId, `${hit.firstName} ${hit.lastName}`);
      datalist.append(h('option', { value: hit.agentId, text: `${hit.firstName} ${hit.lastName}` }));
    }
  }).catch(() => {});
  openDialog({
    title: 'Transfer chat',
    submitLabel: 'Transfer',
    body: [
      h('fieldset', {}, h('legend', { text: 'Transfer to' }),
        h('label', { class: 'result' }, toAgent, h('span', { text: 'An agent' })),
        h('label', { class: 'result' }, toQueue, h('span', { text: 'Another queue' }))),
      h('div', { class: 'field' }, h('label', { for: agentInput.id, text: 'Agent' }), agentInput, datalist),
      h('div', { class: 'field' }, h('label', { for: queueSelect.id, text: 'Queue' }), queueSelect),
    ],
    onSubmit: async () => {
      // One of the two: the document lists both (nullable) as required, the gateway takes either alone.
      /** @type {Partial<ApiBody<'transferChat'>>} */
      const body = toQueue.checked ? { toQueueId: queueSelect.value } : { toAgentId: agentInput.value.trim() };
      await panel.api.post(`${panel.path}/transfer`, body);
      toast('Chat transferred.');
      panel.scheduleRefresh();
      panel.onMembershipChanged?.();
    },
  });
}
