// The agent console: sign-in, presence, chat lists (assigned once, S4; joined with their mode),
// the queues' waiting chats (pushed live, Q1-Q2), the Invites tab (R6, R11) and the open chat (ChatPanel).
import { h, fill, formatDuration, formatTime, showError, toast, closeMenusOnOutsideClick, setupTabs, parseTimeSpan } from './core/dom.js';
import { createApi, StoredSession } from './core/api.js';
import { createHub, connectionStatus } from './core/hub.js';
import { QueueDirectory } from './core/queues.js';
import { ChatPanel } from './core/chat-panel.js';
import { agentName, rememberName } from './core/names.js';
import { setupConsoleSignIn, demoSignIn, fullNameOf } from './core/sign-in.js';

// The demo directory's agents (embedded mode); any other id can be typed in.
const DEMO_AGENTS = ['alice', 'bob', 'carol', 'dave', 'erin', 'sam'];
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
/**
 * Q2: per queue, its waiting list as last read or pushed: the first chats, the number waiting and
 * the change (epoch, seq) it shows; pushes that arrive while it is being read wait in `buffered`.
 * @type {Map<string, { view: HubQueueWaitingView | null, receivedAt: number, buffered: HubQueueWaitingEvent[] | null }>}
 */
const waitingLists = new Map();

closeMenusOnOutsideClick();
const tabs = setupTabs($('tabs'), id => {
  if (id === 'tab-queue') renderQueues();
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
        // The gateway forgot this connection's watches: read every waiting list again, then follow it.
        waitingLists.clear();
        await Promise.all([refreshMe(), loadInvites(), watchWaitingLists()]);
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
  hub.on('chatStale', event => panel.onStale(event));
  // The agent's own events may be missing (its grain moved to another silo): read its lists again.
  hub.on('agentStale', () => Promise.all([refreshMe(), loadInvites()]).catch(showError));
  hub.on('typing', signal => panel.onTyping(signal));
  hub.on('queueWaiting', onQueueWaiting);
  // Q1: the agent no longer works the queue: its list goes (and the directory entry is read again).
  hub.on('queueAccessEnded', (/** @type {{ queueId: string }} */ ended) => {
    waitingLists.delete(ended.queueId);
    renderQueues();
    refreshMe();
  });
  hub.on('queueWaitingStale', (/** @type {{ queueId: string }} */ stale) => watchWaiting(stale.queueId));
  await hub.start();

  renderMe();
  await Promise.all([renderChatLists(), loadInvites(), watchWaitingLists()]);
  // Only the shown wait times tick here; the lists themselves change by push (no polling).
  setInterval(tickWaitTimes, 1000);
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
    syncWaitingWatches();
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

// Queue: waiting chats of the agent's queues, pushed live (Q1, Q2), with Accept -------------------

/** Watches the waiting list of every queue the agent works (read once, then followed by push). */
async function watchWaitingLists() {
  if (!me) return;
  await Promise.all(me.registration.queues.map(queueId => watchWaiting(queueId)));
  renderQueues();
}

/** After the directory entry was read again: follow queues the agent joined, drop those it left. */
function syncWaitingWatches() {
  const mine = me.registration.queues;
  for (const queueId of [...waitingLists.keys()].filter(q => !mine.includes(q))) {
    waitingLists.delete(queueId);
    hub?.invoke('UnwatchWaiting', queueId).catch(() => {});
  }
  for (const queueId of mine.filter(q => !waitingLists.has(q))) watchWaiting(queueId);
  renderQueues();
}

/**
 * Reads a queue's waiting list through the hub (which starts pushing its changes), then applies
 * the pushes that arrived meanwhile and follow it; a push that does not follow reads it again.
 * @param {string} queueId
 */
async function watchWaiting(queueId) {
  const entry = { view: waitingLists.get(queueId)?.view ?? null, receivedAt: Date.now(), buffered: /** @type {HubQueueWaitingEvent[]} */ ([]) };
  waitingLists.set(queueId, entry);
  queues.get(queueId).then(renderQueues).catch(() => {});
  try {
    /** @type {HubQueueWaitingView} */
    const view = await hub.invoke('WatchWaiting', queueId);
    if (waitingLists.get(queueId) !== entry) return;
    entry.view = view;
    entry.receivedAt = Date.now();
    const buffered = (entry.buffered ?? []).sort((a, b) => a.seq - b.seq);
    entry.buffered = null;
    for (const event of buffered) {
      if (!applyWaiting(entry, event)) {
        watchWaiting(queueId);
        return;
      }
    }
  } catch (error) {
    entry.buffered = null;
    console.warn(`Watching the waiting list of ${queueId} failed`, error);
  }
  renderQueues();
}

/** @param {HubQueueWaitingEvent} event */
function onQueueWaiting(event) {
  const entry = waitingLists.get(event.queueId);
  if (!entry) return;
  if (entry.buffered) {
    entry.buffered.push(event);
    return;
  }
  if (!applyWaiting(entry, event)) {
    watchWaiting(event.queueId);
    return;
  }
  renderQueues();
}

/**
 * Applies a push to the list it follows; false when it does not follow (another activation of the
 * queue, or a change was missed): then the list is read again.
 * @param {{ view: HubQueueWaitingView | null, receivedAt: number }} entry
 * @param {HubQueueWaitingEvent} event
 */
function applyWaiting(entry, event) {
  const view = entry.view;
  if (!view) return false;
  if (event.epoch === view.epoch && event.seq <= view.seq) return true;
  if (event.epoch !== view.epoch || event.seq !== view.seq + 1) return false;
  entry.view = { ...view, seq: event.seq, total: event.total, head: event.head ?? view.head };
  if (event.head) entry.receivedAt = Date.now();
  return true;
}

function renderQueues() {
  if (!me) return;
  const mine = me.registration.queues;
  // Re-rendering keeps the keyboard where it was: on the same chat's Accept button.
  const focused = /** @type {HTMLElement | null} */ (document.activeElement)?.closest?.('.waiting-item');
  const focusedChat = focused instanceof HTMLElement ? focused.dataset.chatId : null;
  let total = 0;
  const sections = mine.map(queueId => {
    const entry = waitingLists.get(queueId);
    const view = entry?.view;
    const name = queues.name(queueId);
    const head = view?.head ?? [];
    total += view?.total ?? 0;
    const more = view ? view.total - head.length : 0;
    return h('section', { 'aria-label': `${name} queue`, dataset: { queueId } },
      h('h3', { text: view ? `${name} · ${view.total} waiting` : `${name} · reading…` }),
      h('ul', { class: 'list' }, head.length ? head.map(w => h('li', { class: 'waiting-item', dataset: { chatId: w.chatId } },
        h('div', { class: 'row' },
          h('strong', { text: w.endUserName ?? `Chat ${w.chatId.slice(0, 6)}` }),
          // O3: a message left for the team (outside business hours or with nobody online), answered when taken.
          w.offline ? h('span', { class: 'badge badge-pending', text: 'Message' }) : null,
          h('span', { class: 'small muted', dataset: { waitFrom: String(entry.receivedAt - parseTimeSpan(w.wait) * 1000) }, text: `waiting ${formatDuration(parseTimeSpan(w.wait) + (Date.now() - entry.receivedAt) / 1000)}` })),
        w.preview ? h('div', { class: 'small', text: w.preview }) : null,
        h('div', { class: 'row' },
          h('span', { class: 'small muted', text: `since ${formatTime(w.since)}` }),
          h('button', { type: 'button', class: 'btn-success btn-small', 'aria-label': `Accept chat ${w.chatId.slice(0, 6)}${w.endUserName ? `, ${w.endUserName}` : ''}`, text: 'Accept', onclick: () => accept(w.chatId) }))))
        : h('li', { class: 'list-empty', text: view ? 'Nobody is waiting.' : 'Reading the queue…' })),
      // Q2: a console receives the first chats only; the rest are counted.
      more > 0 ? h('p', { class: 'small muted waiting-more', text: `and ${more} more waiting (the longest waits are shown first)` }) : null);
  });
  fill($('queue-lists'), mine.length ? sections : h('p', { class: 'list-empty', text: 'You work no support queue.' }));
  setCount('queue-count', total);
  if (focusedChat) /** @type {HTMLElement | null} */ ($('queue-lists').querySelector(`.waiting-item[data-chat-id="${CSS.escape(focusedChat)}"] button`))?.focus();
}

/** Updates the shown wait times every second, without reading or re-rendering anything. */
function tickWaitTimes() {
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#queue-lists [data-wait-from]'))) {
    el.textContent = `waiting ${formatDuration((Date.now() - Number(el.dataset.waitFrom)) / 1000)}`;
  }
}

$('refresh-queue').addEventListener('click', () => {
  waitingLists.clear();
  watchWaitingLists();
});

async function accept(chatId) {
  try {
    await api.post(`/api/chats/${enc(chatId)}/accept`);
    await refreshMe();
    tabs.select('tab-chats');
    await openChat(chatId);
  } catch (error) {
    // Taken by someone else meanwhile: the push that says so removes it from the list.
    showError(error);
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
      break;
    case 'PresenceChanged':
    case 'SettingsChanged':
    case 'DirectoryChanged':
      refreshMe();
      break;
  }
}
