// A4: the Create ticket dialog; the summary's length limit is the chat's (snapshot.maxTextLength).
import { h, toast } from '../dom.js';
import { openDialog } from '../dialogs.js';

/** @param {import('../chat-panel.js').ChatPanel} panel */
export function openTicketDialog(panel) {
  const summaryId = `ticket-summary-${panel.chatId}`;
  const summary = h('textarea', { id: summaryId, rows: '3', maxlength: panel.snapshot.maxTextLength, required: true });
  openDialog({
    title: 'Create ticket',
    submitLabel: 'Create ticket',
    body: h('div', { class: 'field' }, h('label', { for: summaryId, text: 'Summary' }), summary),
    onSubmit: async () => {
      /** @type {ApiResult<'createTicket'>} */
      const ticket = await panel.api.create(`${panel.path}/tickets`, /** @satisfies {ApiBody<'createTicket'>} */ ({ summary: summary.value.trim() }));
      toast(`Ticket ${ticket.ticketId} created.`);
      panel.scheduleRefresh();
    },
  });
  summary.focus();
}
