// The Invite dialog of the chat's assignee (R3): find an online colleague of the chat's queue
// (R12) and choose the mode it joins in (R5).
import { h, toast } from '../dom.js';
import { openDialog } from '../dialogs.js';
import { agentName } from '../names.js';
import { agentPicker } from '../agent-picker.js';

const enc = encodeURIComponent;

/** @param {import('../chat-panel.js').ChatPanel} panel */
export function openInviteDialog(panel) {
  const searchId = `invite-search-${panel.chatId}`;
  const modeId = `invite-mode-${panel.chatId}`;
  const picker = agentPicker({
    searchId, radioName: 'invitee', emptyText: 'No online agent of this queue matches.',
    find: async query => /** @type {ApiResult<'searchInvitees'>} */ (await panel.api.get(`${panel.path}/invitees?q=${enc(query)}`)),
  });
  const mode = h('select', { id: modeId }, h('option', { value: 'Participant', text: 'Participant' }), h('option', { value: 'Monitor', text: 'Monitor' }));
  const hint = h('p', { class: 'small muted', id: `${modeId}-hint` });
  const describeMode = () => {
    hint.textContent = mode.value === 'Participant'
      ? 'A participant chats with the customer, uses canned text, attachments and shares articles.'
      : 'A monitor only watches the chat and can leave; the customer does not see it.';
  };
  mode.setAttribute('aria-describedby', hint.id);
  mode.addEventListener('change', describeMode);
  describeMode();

  openDialog({
    title: 'Invite to chat',
    submitLabel: 'Invite',
    body: [
      h('div', { class: 'field' }, h('label', { for: searchId, text: 'Find an agent' }), picker.search),
      picker.results,
      h('div', { class: 'field' }, h('label', { for: modeId, text: 'Invite as' }), mode, hint),
    ],
    onSubmit: async () => {
      const chosen = picker.chosen();
      if (!chosen) throw new Error('Choose an agent to invite.');
      await panel.api.create(`${panel.path}/invites`,
        /** @satisfies {ApiBody<'createInvite'>} */ ({ inviteeId: chosen, mode: /** @type {ApiSchema<'JoinMode'>} */ (mode.value) }));
      toast(`Invited ${agentName(chosen)} as ${mode.value}.`);
      panel.scheduleRefresh();
    },
  });
  picker.run();
  picker.search.focus();
}
