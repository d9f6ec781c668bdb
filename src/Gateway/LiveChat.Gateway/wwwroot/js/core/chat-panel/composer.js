// The composer under the transcript: messages (A7), side notes (A2), canned text (A8), article
// sharing (A6) and attachments (A9), each offered when the chat's snapshot says the viewer may;
// or a notice saying why there is nothing to write (ended, left, monitoring, waiting).
import { h, fill, showError } from '../dom.js';

const TYPING_EVERY_MS = 2500;

/** @typedef {import('../chat-panel.js').ChatPanel} ChatPanel */

// What each composer area shows: it is drawn again only when that changes, so a pushed event
// never wipes what the agent is typing. A new chat brings a new area.
/** @type {WeakMap<HTMLElement, string>} */
const shown = new WeakMap();

/** @param {ChatPanel} panel */
export function renderComposer(panel) {
  const s = panel.snapshot;
  const role = panel.role;
  const key = JSON.stringify([role, s.status, s.allowed ?? [], s.maxTextLength]);
  if (shown.get(panel.composerEl) === key) return;
  shown.set(panel.composerEl, key);
  fill(panel.composerEl, composerOrNotice(panel));
}

/** @param {ChatPanel} panel */
function composerOrNotice(panel) {
  const s = panel.snapshot;
  if (s.status === 'Ended') return h('div', { class: 'notice ended', text: 'This chat has ended.' });
  if (panel.role === 'None' || !panel.may('A11_SeeTranscript')) return h('div', { class: 'notice ended', text: 'You are no longer in this chat.' });
  if (panel.role === 'Monitor') {
    return h('div', { class: 'notice', role: 'note', 'data-testid': 'monitor-notice' },
      h('strong', { text: 'Monitoring.' }),
      h('span', { text: 'You can follow the conversation, side notes and pinned articles, and leave. The customer does not see you.' }));
  }
  if (s.status !== 'Active') return h('div', { class: 'notice ended', text: 'This chat is waiting in the queue.' });
  if (!panel.may('A7_ChatWithEndUser')) return h('div', { class: 'notice', role: 'note', text: 'You cannot write to the customer in this chat.' });
  return composer(panel);
}

/** @param {ChatPanel} panel */
function composer(panel) {
  const s = panel.snapshot;
  const inputId = `message-${panel.chatId}`;
  const textarea = h('textarea', { id: inputId, rows: '2', maxlength: s.maxTextLength, placeholder: `Reply to ${s.endUser.displayName}…` });
  const label = h('label', { for: inputId, class: 'sr-only', text: 'Message' });
  const send = h('button', { type: 'submit', class: 'btn-primary', text: 'Send' });
  const form = h('form', { class: 'composer', 'aria-label': 'Composer' }, h('div', {}, label, textarea), send);
  let noteMode = false;

  const noteSwitch = panel.may('A2_SideNote') ? h('label', { class: 'switch' },
    h('input', {
      type: 'checkbox', 'aria-describedby': `${inputId}-note-hint`,
      onchange: event => {
        noteMode = event.target.checked;
        form.classList.toggle('note-mode', noteMode);
        label.textContent = noteMode ? 'Side note' : 'Message';
        textarea.placeholder = noteMode ? 'Side note for agents only…' : `Reply to ${s.endUser.displayName}…`;
        send.textContent = noteMode ? 'Add note' : 'Send';
      },
    }),
    h('span', { id: `${inputId}-note-hint`, text: 'Side note (agents only)' })) : null;

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const text = textarea.value.trim();
    if (!text) return;
    send.disabled = true;
    try {
      // postChatMessage and addSideNote take the same body.
      await panel.api.create(`${panel.path}/${noteMode ? 'side-notes' : 'messages'}`, /** @satisfies {ApiBody<'postChatMessage'> & ApiBody<'addSideNote'>} */ ({ text }));
      textarea.value = '';
    } catch (error) {
      showError(error);
    } finally {
      send.disabled = false;
      textarea.focus();
    }
  });
  textarea.addEventListener('keydown', event => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  let lastTyping = 0;
  textarea.addEventListener('input', () => {
    if (noteMode || Date.now() - lastTyping < TYPING_EVERY_MS) return;
    lastTyping = Date.now();
    panel.hub.invoke('Typing', panel.chatId).catch(() => {});
  });

  const definition = panel.queue?.definition;
  const menu = (title, items) => h('details', { class: 'menu' },
    h('summary', { class: 'btn btn-small', text: title }),
    h('div', { class: 'menu-list up' }, items));
  const canned = panel.may('A8_CannedText') ? menu('Canned text', (definition?.cannedResponses ?? []).map(c => h('button', {
    type: 'button',
    onclick: event => {
      event.target.closest('details').open = false;
      panel.act(() => panel.api.create(`${panel.path}/canned-messages`, /** @satisfies {ApiBody<'sendCannedText'>} */ ({ cannedResponseId: c.id })));
    },
  }, h('span', { text: c.title }), h('small', { text: c.text })))) : null;
  const share = panel.may('A6_ShareArticle') ? menu('Share article', (definition?.articles ?? []).map(a => h('button', {
    type: 'button',
    onclick: event => {
      event.target.closest('details').open = false;
      panel.act(() => panel.api.create(`${panel.path}/shared-articles`, /** @satisfies {ApiBody<'shareArticle'>} */ ({ articleId: a.id })));
    },
  }, h('span', { text: a.title }), h('small', { text: 'Send to the customer' })))) : null;
  let attach = null;
  let file = null;
  if (panel.may('A9_Attachments')) {
    file = h('input', { type: 'file', hidden: true, 'aria-label': 'Attachment' });
    file.addEventListener('change', async () => {
      const chosen = file.files?.[0];
      file.value = '';
      if (chosen) await panel.act(() => panel.api.upload(`${panel.path}/attachments`, chosen), `Sent ${chosen.name}.`);
    });
    attach = h('button', { type: 'button', class: 'btn-small', text: 'Attach file', onclick: () => file.click() });
  }

  return [h('div', { class: 'composer-tools' }, canned, share, attach, file, noteSwitch), form];
}
