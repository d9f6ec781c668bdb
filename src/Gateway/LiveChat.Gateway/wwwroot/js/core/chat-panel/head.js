// The chat's header: who and where, the viewer's role, the transcript download, the invites
// indicator and the chat actions. Each action is offered when the chat's snapshot says the viewer
// may take it (A1-A11); inviting and the invite list are the assignee's (R3, R10).
import { h, fill, showError } from '../dom.js';
import { agentName } from '../names.js';
import { openInviteDialog } from './invite-dialog.js';
import { openOfferDialog } from './offer-dialog.js';
import { openTransferDialog } from './transfer-dialog.js';
import { openTicketDialog } from './ticket-dialog.js';

/** @typedef {import('../chat-panel.js').ChatPanel} ChatPanel */

/** @param {ChatPanel} panel */
export function renderHead(panel) {
  const s = panel.snapshot;
  const role = panel.role;
  const assignee = s.assigneeId ? `Assigned to ${agentName(s.assigneeId)}` : 'Not assigned';
  const title = h('div', { class: 'chat-title' },
    h('h2', { text: s.endUser.displayName }),
    h('p', { class: 'meta' }, panel.queueName(), ' · ', h('span', { class: `badge badge-${s.status.toLowerCase()}`, text: s.status }), ' · ', assignee,
      // C1-C4: the end user's rating, once it rated the ended chat.
      ...(s.satisfaction ? [' · ', h('span', { class: 'badge satisfaction', title: s.satisfaction.comment ?? 'No comment',
        text: `Rated ${s.satisfaction.rating}/5` })] : [])));
  const tools = h('div', { class: 'chat-tools' });
  if (role !== 'None') tools.append(h('span', { class: `badge badge-${role.toLowerCase()}`, title: 'Your role in this chat', text: `You: ${role}` }));
  if (panel.may('A11_SeeTranscript')) {
    // D1: the transcript as a printable page (internal lines marked).
    tools.append(h('button', { type: 'button', class: 'btn-small', text: 'Transcript',
      title: 'Download the transcript as a printable page',
      onclick: () => panel.api.download(`${panel.path}/transcript/download?format=html`, `chat-${s.chatId}-transcript.html`).catch(showError) }));
  }
  if (role === 'Assignee' && panel.invites.length) tools.append(panel.invitesIndicator.render());
  const actions = panel.active ? actionsMenu(panel) : null;
  if (actions) tools.append(actions);
  if (panel.may('A10_Leave') && s.status !== 'Ended') {
    tools.append(h('button', { type: 'button', class: 'btn-danger', text: 'Leave chat', onclick: () => panel.leave() }));
  }
  fill(panel.headEl, title, tools);
}

/** The "Chat actions" menu of an active chat, with the actions the viewer may take; null when none. @param {ChatPanel} panel */
function actionsMenu(panel) {
  const item = (label, hint, action, cls) => h('button', {
    type: 'button', class: cls ?? null,
    onclick: event => { event.target.closest('details').open = false; action(); },
  }, h('span', { text: label }), hint ? h('small', { text: hint }) : null);
  // T1: offering the chat is the transfer of A1.
  const a1 = panel.may('A1_EndAbandonReleaseTransfer');
  const items = [
    panel.role === 'Assignee' ? item('Invite…', 'Ask a colleague to join as Participant or Monitor', () => openInviteDialog(panel)) : null,
    a1 ? item('Offer transfer…', 'A colleague accepts or declines (T1-T9)', () => openOfferDialog(panel)) : null,
    a1 ? item('Transfer…', 'To another agent or queue', () => openTransferDialog(panel)) : null,
    a1 ? item('Release to queue', 'Put the chat back in the queue', () => panel.lifecycle('release', 'Release this chat?', 'It goes back to the queue and pending invites are cancelled.', 'Release')) : null,
    panel.may('A4_CreateTicket') ? item('Create ticket…', null, () => openTicketDialog(panel)) : null,
    panel.may('A3_RemoteAccess') ? item('Request remote access', 'The customer is asked to allow it', () => panel.act(() => panel.api.create(`${panel.path}/remote-access`), 'Remote access requested.')) : null,
  ].filter(Boolean);
  const ending = a1 ? [
    h('hr'),
    item('Abandon chat', null, () => panel.lifecycle('abandon', 'Abandon this chat?', 'The chat ends as abandoned.', 'Abandon'), 'danger'),
    item('End chat', null, () => panel.lifecycle('end', 'End this chat?', 'The chat ends for everyone and pending invites are cancelled.', 'End chat'), 'danger'),
  ] : [];
  if (!items.length && !ending.length) return null;
  return h('details', { class: 'menu align-right', dataset: { menu: 'actions' } },
    h('summary', { class: 'btn btn-primary', text: 'Chat actions' }),
    h('div', { class: 'menu-list' }, items, ending));
}
