// T1-T4: the Offer transfer dialog: offer the chat to a colleague of this queue (or of another
// queue the agent works), who accepts or declines.
import { h, toast } from '../dom.js';
import { openDialog } from '../dialogs.js';
import { agentName } from '../names.js';
import { agentPicker } from '../agent-picker.js';

const enc = encodeURIComponent;

/** @param {import('../chat-panel.js').ChatPanel} panel */
export function openOfferDialog(panel) {
  const id = panel.chatId;
  const chatQueue = panel.snapshot.queueId;
  const searchId = `offer-search-${id}`;
  const queueId = `offer-queue-${id}`;
  const stayId = `offer-stays-${id}`;
  const otherQueues = (panel.me().registration.queues ?? []).filter(q => q !== chatQueue);
  const queue = h('select', { id: queueId },
    h('option', { value: chatQueue, text: `${panel.queues.name(chatQueue)} (this chat's queue)` }),
    otherQueues.map(q => h('option', { value: q, text: panel.queues.name(q) })));
  const stays = h('input', { id: stayId, type: 'checkbox' });
  const sameQueue = () => queue.value === chatQueue;
  const syncStay = () => {
    // T4: a chat moving to another queue cannot keep its sender.
    stays.disabled = !sameQueue();
    if (stays.disabled) stays.checked = false;
  };

  const picker = agentPicker({
    searchId, radioName: 'receiver', emptyText: 'No online agent of that queue matches.',
    find: async query => /** @type {ApiResult<'searchOfferReceivers'>} */ (
      await panel.api.get(`${panel.path}/offer-receivers?q=${enc(query)}&queueId=${enc(queue.value)}`)),
  });
  queue.addEventListener('change', () => { syncStay(); picker.run(); });
  syncStay();

  openDialog({
    title: 'Offer transfer',
    submitLabel: 'Send offer',
    body: [
      h('div', { class: 'field' }, h('label', { for: queueId, text: 'Queue' }), queue),
      h('div', { class: 'field' }, h('label', { for: searchId, text: 'Find an agent' }), picker.search),
      picker.results,
      h('div', { class: 'field' }, h('label', { class: 'result', for: stayId }, stays, h('span', { text: 'Stay in the chat as a participant' }))),
    ],
    onSubmit: async () => {
      const chosen = picker.chosen();
      if (!chosen) throw new Error('Choose an agent to offer the chat to.');
      const body = { toAgentId: chosen, senderStays: stays.checked };
      if (!sameQueue()) body.toQueueId = queue.value;
      await panel.api.create(`${panel.path}/offers`, body);
      toast(`Transfer offered to ${agentName(chosen)}.`);
      panel.scheduleRefresh();
    },
  });
  picker.run();
  picker.search.focus();
}
