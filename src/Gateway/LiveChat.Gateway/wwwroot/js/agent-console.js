// The agent console: sign-in, presence, chat lists (assigned once, S4; joined with their mode),
// the queues' waiting chats, the Invites tab (R6, R11) and the open chat (ChatPanel).
import { h, fill, formatDuration, formatTime, showError, toast, closeMenusOnOutsideClick, setupTabs, parseTimeSpan } from './core/dom.js';
import { createApi, StoredSession } from './core/api.js';
import { createHub, connectionStatus } from './core/hub.js';
import { QueueDirectory } from './core/queues.js';
import { ChatPanel } from './core/chat-panel.js';
import { agentName, rememberName } from './core/names.js';
import { setupConsoleSignIn, demoSignIn, fullNameOf } from './core/sign-in.js';

// The demo directory's agents (embedded mode); any other id can be typed in.
const DEMO_AGENTS = ['alice', 'bob', 'carol', 'dave', 'erin', 'sam'];
const QUEUE_POLL_MS = 5000;
const enc = encodeURIComponent;
// Elements by id. Not narrowed (any): the page's HTML says which is an input, select or form.
/** @type {(id: string) => any} */
const $ = id => document.getElementById(id);

const session = new StoredSession('livechat.agent');
const api = createApi(() => session.token);
const queues = new QueueDirectory(api);
/** @type {Map<string, Promise<ApiResult<'getChat'> | null>>} chatId -> the chat, read once for the lists */
const summaries = new Map();
/** @type {ApiResult<'getMe'>} The signed-in agent. */
let me = null;
let hub = null;
let panel = null;
/** @type {ApiResult<'getMyInvites'>} */
let invites = [];
let queueLoading = false;

closeMenusOnOutsideClick();
const tabs = setupTabs($('tabs'), id => {
  if (id === 'tab-queue') loadQueue();
  if (id === 'tab-invites') loadInvites();
});

// Not awaited: the rest of this module is set up before a resumed session starts the console.
const signIn = setupConsoleSignIn({
  api, session, start,
  demo: {
    list: $('demo-agents'), form: $('sign-in-form'), input: $('agent-id'), error: $('sign-in-error'),
    agentIds: DEMO_AGENTS,
    async signIn(agentId) {
      const signedIn = await demoSignIn(api, session, agentId);
      if ('Notification' in window && Notification.permission === 'default' && signedIn.agent.settings.browserNotifications) {
        Notification.requestPermission().catch(() => {});
      }
      await start();
    },
  },
});

async function start() {
  me = await api.get('/api/me');
  rememberName(me.agentId, fullNameOf(me));
  $('sign-in').hidden = true;
  $('console').hidden = false;
  $('who').hidden = false;

  hub = createHub(() => session.token, {
    // The gateway closes the connection of an agent disabled in the directory: a 401 signs out.
    onConnectionLost: () => api.get('/api/me').catch(error => {
      if (error.status === 401) {
        session.clear();
        location.reload();
      }
    }),
    status: connectionStatus($('conn')),
    // On reconnect: our lists may have changed meanwhile, and the open chat must be watched again
    // and caught up with transcript?after=lastSeq.
    onReconnected: async () => {
      try {
        await Promise.all([refreshMe(), loadInvites(), loadQueue()]);
        await panel.resync();
      } catch (error) {
        showError(error);
      }
    },
  });
  panel = new ChatPanel({
    api, hub, queues, root: $('chat-area'), me: () => me,
    onMembershipChanged: () => refreshMe(),
    emptyState: () => h('div', { class: 'empty-state' },
      h('p', { class: 'big', text: 'No chat open' }),
      h('p', { text: 'Pick a chat from your list, accept one from the Queue, or answer an invite.' })),
  });
  hub.on('agentEvent', onAgentEvent);
  hub.on('chatEvent', event => panel.onChatEvent(event));
  hub.on('chatAccessEnded', event => panel.onAccessEnded(event));
  hub.on('typing', signal => panel.onTyping(signal));
  await hub.start();

  renderMe();
  await Promise.all([renderChatLists(), loadInvites(), loadQueue()]);
  setInterval(() => { if (!document.hidden) loadQueue(); }, QUEUE_POLL_MS);
}

// Me: presence, notifications, sign-out ------------------------------------------------------

function renderMe() {
  $('me-name').textContent = fullNameOf(me);
  $('presence').value = me.presence;
  $('presence-dot').dataset.presence = me.presence;
  $('browser-notifications').checked = me.settings.browserNotifications;
}

async function refreshMe() {
  try {
    me = await api.get('/api/me');
    renderMe();
    await renderChatLists();
  } catch (error) {
    showError(error);
  }
}

$('presence').addEventListener('change', async event => {
  try {
    me = await api.put('/api/me/presence', /** @satisfies {ApiBody<'setPresence'>} */ ({ presence: event.target.value }));
    renderMe();
    await renderChatLists();
  } catch (error) {
    showError(error);
    renderMe();
  }
});

$('browser-notifications').addEventListener('change', async event => {
  const enabled = event.target.checked;
  if (enabled && 'Notification' in window && Notification.permission === 'default') await Notification.requestPermission().catch(() => {});
  try {
    me = await api.put('/api/me/settings', /** @satisfies {ApiBody<'updateSettings'>} */ ({ ...me.settings, browserNotifications: enabled }));
    renderMe();
  } catch (error) {
    showError(error);
    renderMe();
  }
});

$('sign-out').addEventListener('click', async () => {
  await api.put('/api/me/presence', /** @satisfies {ApiBody<'setPresence'>} */ ({ presence: 'Offline' })).catch(() => {});
  await hub?.stop().catch(() => {});
  await (await signIn).signOut();
});

// Chat lists: assigned (each once, S4) and joined by invite with the mode --------------------

/** @param {string} chatId */
async function summaryOf(chatId) {
  if (!summaries.has(chatId)) {
    const load = api.get(`/api/chats/${enc(chatId)}`).catch(() => null);
    summaries.set(chatId, load);
  }
  return summaries.get(chatId);
}

async function renderChatLists() {
  const assigned = [...new Set(me.assignedChats)];
  const joined = me.joinedChats.filter(c => !assigned.includes(c.chatId));
  const all = await Promise.all([...assigned, ...joined.map(c => c.chatId)].map(summaryOf));
  const byId = new Map(all.filter(Boolean).map(s => [s.chatId, s]));

  const item = (chatId, badge) => {
    const s = byId.get(chatId);
    return h('li', {}, h('button', {
      type: 'button', class: 'chat-item', dataset: { chatId },
      'aria-current': panel.chatId === chatId ? 'true' : null,
      onclick: () => openChat(chatId),
    },
    h('span', { class: 'text' },
      h('span', { class: 'title', text: s ? s.endUser.displayName : `Chat ${chatId.slice(0, 6)}` }),
      h('span', { class: 'sub', text: s ? `${queues.name(s.queueId)} · since ${formatTime(s.createdAt)}` : chatId })),
    badge));
  };
  for (const s of byId.values()) queues.get(s.queueId).catch(() => {});

  fill($('assigned-list'), assigned.length
    ? assigned.map(id => item(id, h('span', { class: 'badge badge-assignee', text: 'Assigned' })))
    : h('li', { class: 'list-empty', text: 'No chats assigned to you.' }));
  fill($('joined-list'), joined.length
    ? joined.map(c => item(c.chatId, h('span', { class: `badge badge-${c.mode.toLowerCase()}`, text: c.mode })))
    : h('li', { class: 'list-empty', text: 'No chats joined by invite.' }));
  setCount('chats-count', assigned.length + joined.length);
}

function setCount(id, value) {
  const el = $(id);
  el.textContent = value ? String(value) : '';
  el.dataset.value = String(value);
}

async function openChat(chatId) {
  summaries.delete(chatId);
  await panel.open(chatId);
  await renderChatLists();
}

// Queue: waiting chats of the agent's queues, with Accept --------------------------------------

async function loadQueue() {
  if (!me || queueLoading) return;
  queueLoading = true;
  try {
    const mine = me.registration.queues;
    const lists = await Promise.all(mine.map(async q => ({
      queueId: q,
      info: await queues.get(q).catch(() => null),
      waiting: /** @type {ApiResult<'getWaitingChats'>} */ (await api.get(`/api/queues/${enc(q)}/waiting`).catch(() => [])),
    })));
    let total = 0;
    const sections = lists.map(({ queueId, info, waiting }) => {
      total += waiting.length;
      const received = Date.now();
      return h('section', { 'aria-label': `${info?.definition.name ?? queueId} queue` },
        h('h3', { text: `${info?.definition.name ?? queueId} · ${waiting.length} waiting` }),
        h('ul', { class: 'list' }, waiting.length ? waiting.map(w => h('li', { class: 'waiting-item', dataset: { chatId: w.chatId } },
          h('div', { class: 'row' },
            h('strong', { text: w.endUserName ?? `Chat ${w.chatId.slice(0, 6)}` }),
            // O3: a message left for the team (outside business hours or with nobody online), answered when taken.
            w.offline ? h('span', { class: 'badge badge-pending', text: 'Message' }) : null,
            h('span', { class: 'small muted', text: `waiting ${formatDuration(parseTimeSpan(w.wait) + (Date.now() - received) / 1000)}` })),
          w.preview ? h('div', { class: 'small', text: w.preview }) : null,
          h('div', { class: 'row' },
            h('span', { class: 'small muted', text: `since ${formatTime(w.since)}` }),
            h('button', { type: 'button', class: 'btn-success btn-small', 'aria-label': `Accept chat ${w.chatId.slice(0, 6)}`, text: 'Accept', onclick: () => accept(w.chatId) }))))
          : h('li', { class: 'list-empty', text: 'Nobody is waiting.' })));
    });
    fill($('queue-lists'), mine.length ? sections : h('p', { class: 'list-empty', text: 'You work no support queue.' }));
    setCount('queue-count', total);
  } catch (error) {
    console.warn('Reading the queues failed', error);
  } finally {
    queueLoading = false;
  }
}

$('refresh-queue').addEventListener('click', () => loadQueue());

async function accept(chatId) {
  try {
    await api.post(`/api/chats/${enc(chatId)}/accept`);
    await refreshMe();
    tabs.select('tab-chats');
    await openChat(chatId);
    loadQueue();
  } catch (error) {
    showError(error);
    loadQueue();
  }
}

// Invites tab (R6, R11) ----------------------------------------------------------------------

async function loadInvites() {
  try {
    invites = await api.get('/api/me/invites');
    renderInvites();
  } catch (error) {
    showError(error);
  }
}

function renderInvites() {
  setCount('invites-count', invites.length);
  fill($('invite-list'), invites.length ? invites.map(inviteCard) : h('li', { class: 'list-empty', text: 'No invites right now.' }));
}

// T5, T6: a transfer offer in the Invites list: take the chat over or decline it.
function offerCard(offer) {
  const who = offer.inviterName ?? agentName(offer.inviterId);
  return h('li', { class: 'invite-card offer-card', dataset: { inviteId: offer.inviteId, chatId: offer.chatId, kind: 'TransferOffer' } },
    h('div', { class: 'row' },
      h('strong', { text: `${who} offers you a chat` }),
      h('span', { class: 'badge badge-participant', text: 'Transfer offer' })),
    h('p', { class: 'small muted', text: `${offer.endUserName ?? 'A customer'} · ${queues.name(offer.toQueueId ?? offer.queueId)} · ${offer.senderStays ? `${who} stays as a participant` : `${who} leaves`} · expires ${formatTime(offer.expiresAt)}` }),
    h('div', { class: 'actions row' },
      h('button', { type: 'button', class: 'btn-primary btn-small', text: 'Accept transfer', onclick: () => answerOffer(offer, 'accept') }),
      h('button', { type: 'button', class: 'btn-danger btn-small', text: 'Decline', onclick: () => answerOffer(offer, 'decline') })));
}

async function answerOffer(offer, answer) {
  try {
    await api.post(`/api/chats/${enc(offer.chatId)}/offers/${enc(offer.inviteId)}/${answer}`);
    invites = invites.filter(i => i.inviteId !== offer.inviteId);
    renderInvites();
    if (answer === 'decline') {
      toast('Transfer offer declined.');
      return;
    }
    await refreshMe();
    tabs.select('tab-chats');
    await openChat(offer.chatId);
  } catch (error) {
    showError(error);
    loadInvites();
  }
}

/** @param {ApiSchema<'Invite'>} invite */
function inviteCard(invite) {
  if (invite.kind === 'TransferOffer') return offerCard(invite);
  // R6: only the answer that fits the invite's mode, plus Reject.
  const accept = invite.mode === 'Participant'
    ? h('button', { type: 'button', class: 'btn-primary btn-small', text: 'Participate', onclick: () => respond(invite, 'Participate') })
    : h('button', { type: 'button', class: 'btn-monitor btn-small', text: 'Monitor', onclick: () => respond(invite, 'Monitor') });
  return h('li', { class: `invite-card mode-${invite.mode}`, dataset: { inviteId: invite.inviteId, chatId: invite.chatId } },
    h('div', { class: 'row' },
      h('strong', { text: `${agentName(invite.inviterId)} invites you` }),
      h('span', { class: `badge badge-${invite.mode.toLowerCase()}`, text: invite.mode })),
    h('p', { class: 'small muted', text: `${queues.name(invite.queueId)} chat · sent ${formatTime(invite.sentAt)} · expires ${formatTime(invite.expiresAt)}` }),
    h('div', { class: 'actions' }, accept,
      h('button', { type: 'button', class: 'btn-danger btn-small', text: 'Reject', onclick: () => respond(invite, 'Reject') })));
}

/**
 * @param {ApiSchema<'Invite'>} invite
 * @param {ApiSchema<'InviteAnswer'>} answer
 */
async function respond(invite, answer) {
  try {
    await api.post(`/api/chats/${enc(invite.chatId)}/invites/${enc(invite.inviteId)}/response`, /** @satisfies {ApiBody<'respondToInvite'>} */ ({ answer }));
    invites = invites.filter(i => i.inviteId !== invite.inviteId);
    renderInvites();
    if (answer === 'Reject') {
      toast('Invite rejected.');
      return;
    }
    await refreshMe();
    tabs.select('tab-chats');
    await openChat(invite.chatId);
  } catch (error) {
    showError(error);
    loadInvites();
  }
}

/** @param {ApiSchema<'Invite'>} invite */
function upsertInvite(invite) {
  invites = [...invites.filter(i => i.inviteId !== invite.inviteId), invite];
  renderInvites();
}

/** @param {ApiSchema<'Invite'>} invite */
function notifyInBrowser(invite) {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  const note = new Notification('Invite to join a chat', {
    body: `${agentName(invite.inviterId)} invites you to a ${queues.name(invite.queueId)} chat as ${invite.mode}.`,
    tag: invite.inviteId,
  });
  note.onclick = () => {
    window.focus();
    tabs.select('tab-invites');
  };
}

// Pushes for this agent (R11 invites; chats assigned, joined, left; presence) -----------------

/** @param {HubAgentEvent} event */
function onAgentEvent(event) {
  switch (event.kind) {
    case 'InviteReceived':
      upsertInvite(event.invite);
      queues.get(event.invite.toQueueId ?? event.invite.queueId).then(renderInvites).catch(() => {});
      toast(event.invite.kind === 'TransferOffer'
        ? `${event.invite.inviterName ?? agentName(event.invite.inviterId)} offers you a chat.`
        : `${agentName(event.invite.inviterId)} invites you to a chat as ${event.invite.mode}.`);
      if (event.browserNotification) notifyInBrowser(event.invite);
      break;
    case 'InviteUpdated':
      upsertInvite(event.invite);
      break;
    case 'InviteClosed':
      invites = invites.filter(i => i.inviteId !== event.invite?.inviteId);
      renderInvites();
      break;
    case 'SentInviteExpired':
      // R14, T8: an invite or offer this agent sent expired unanswered (told even when the chat is not open here).
      toast(`Your ${event.invite?.kind === 'TransferOffer' ? 'transfer offer' : 'invite'} to ${event.invite?.inviteeName ?? event.invite?.inviteeId} expired unanswered.`);
      if (event.chatId === panel.chatId) panel.scheduleRefresh();
      break;
    case 'SentOfferDeclined': {
      // T6: who declined and when.
      const step = event.invite?.history?.at(-1);
      toast(`${event.invite?.inviteeName ?? event.invite?.inviteeId} declined your transfer offer at ${formatTime(step?.at)}.`);
      if (event.chatId === panel.chatId) panel.scheduleRefresh();
      break;
    }
    case 'SentOfferAccepted':
      toast(`${event.invite?.inviteeName ?? event.invite?.inviteeId} accepted your transfer offer.`);
      if (event.chatId === panel.chatId) panel.scheduleRefresh();
      break;
    case 'ChatAssigned':
    case 'ChatUnassigned':
    case 'ChatJoined':
    case 'ChatLeft':
      if (event.chatId) summaries.delete(event.chatId);
      refreshMe();
      if (event.chatId === panel.chatId) panel.scheduleRefresh();
      if (event.kind === 'ChatAssigned') loadQueue();
      break;
    case 'PresenceChanged':
    case 'SettingsChanged':
      refreshMe();
      break;
  }
}
