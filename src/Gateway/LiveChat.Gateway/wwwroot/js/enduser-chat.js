// The end user's chat page: start a chat in a queue, then talk with the agents. The gateway only
// ever sends this page what the end user may see: never side notes, invites or monitors. Its
// sequence numbers are its own (no gaps where hidden entries were) and agents appear under
// per-chat aliases with their names, never their sign-in ids.
import { h, fill, fileIcon, showError, titleCase } from './core/dom.js';
import { createApi, StoredSession } from './core/api.js';
import { createHub } from './core/hub.js';
import { TranscriptView, catchUp } from './core/transcript.js';

const TYPING_EVERY_MS = 2500;
const TYPING_SHOWN_MS = 4000;
const QUEUE_NAMES = { billing: 'Billing', tech: 'Technical Support' };
// Elements by id. Not narrowed (any): the page's HTML says which is an input, select or form.
/** @type {(id: string) => any} */
const $ = id => document.getElementById(id);

const session = new StoredSession('livechat.enduser');
const api = createApi(() => session.token);
let hub = null;
let view = null;
// True once the chat's first transcript read is done: from then on a pushed entry that skips a
// number means a push was lost on its way here (the end user's numbers have no gaps).
let caughtUp = false;
// One catch-up at a time; asked for meanwhile, it runs once more after.
let reading = false;
let readOnceMore = false;
/** @type {ApiResult<'getEndUserChat'> | null} */
let chat = null; // EndUserChatView: status, agentsInChat, sharedArticles, attachments
let typingTimer;

$('attach').append(fileIcon());

// Identified visitor: a host website that signs its customers in links here with
// #visitor=<token> (a short JWT signed with its site secret). The fragment never reaches a server
// log; it is taken off the address bar at once and sent only when the chat starts.
const visitorToken = new URLSearchParams(location.hash.slice(1)).get('visitor');
if (visitorToken) {
  history.replaceState(null, '', location.pathname + location.search);
  const name = visitorNameOf(visitorToken);
  if (name) {
    $('display-name').value = name;
    $('display-name').readOnly = true;
  }
}

/** The name the site put in the token, to prefill the form; the gateway checks the token itself. */
function visitorNameOf(token) {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.name === 'string' ? payload.name : null;
  } catch {
    return null;
  }
}

// Coming back to a message left for the team (docs/rules.md O4): the page gave the link
// #chat=<token>, the chat token of that one conversation. Like the visitor token, the fragment
// never reaches a server log and leaves the address bar at once.
const returningToken = new URLSearchParams(location.hash.slice(1)).get('chat');
if (returningToken) {
  history.replaceState(null, '', location.pathname + location.search);
  const claims = claimsOf(returningToken);
  if (claims?.chat && claims?.sub) session.save({ token: returningToken, chatId: claims.chat, endUserId: claims.sub, offline: true });
}

/** The claims of a JWT, to know which chat a token names; the gateway checks the token itself. */
function claimsOf(token) {
  try {
    return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return null;
  }
}

// Resume the chat of this tab. Only a refused token forgets it: a gateway that is restarting
// answers nothing for a moment, and the customer must not lose the chat for that.
if (session.token) enterChat().catch(error => {
  if ([401, 403, 404].includes(error?.status)) { session.clear(); showStart(); } else showError(error);
});
else loadAvailability();

function showStart() {
  $('start-form').hidden = false;
  $('staff-links').hidden = false;
  $('chat').hidden = true;
  $('end-chat').hidden = true;
  $('offline-note').hidden = true;
  $('status').textContent = 'We usually answer within a few minutes.';
  loadAvailability();
}

// Business hours (docs/rules.md B2-B4): the chosen queue says whether it takes a live chat now.
// Closed: only a message may be left (a chat start would be refused, B3). Nobody online: the
// customer may start a chat and wait, or leave a message.
for (const choice of document.querySelectorAll('input[name=queue]')) choice.addEventListener('change', loadAvailability);

async function loadAvailability() {
  const queueId = $('start-form').queue.value;
  /** @type {ApiResult<'getQueueAvailability'> | null} */
  let availability = null;
  try {
    availability = await api.get(`/api/enduser/queues/${encodeURIComponent(queueId)}/availability`);
  } catch {
    availability = null; // Unknown: the form stays as it is; the chat service decides on submit.
  }
  // Only while the form shows and still names that queue: a chat may have started meanwhile.
  if (!$('start-form').hidden && $('start-form').queue.value === queueId) renderAvailability(availability);
}

/** @param {ApiResult<'getQueueAvailability'> | null} availability */
function renderAvailability(availability) {
  const closed = availability?.state === 'Closed';
  const nobody = availability?.state === 'NoAgentsOnline';
  const name = availability?.queueName ?? '';
  $('start-title').textContent = closed ? 'Leave us a message' : 'Start a chat';
  $('start-intro').textContent = closed
    ? `${name} is closed right now${availability?.nextOpening ? ` and opens again ${formatOpening(availability.nextOpening)}` : ''}. Leave a message and we answer it here.`
    : nobody ? `Nobody in ${name} is online right now. Start a chat and wait, or leave a message and we answer it here.`
    : 'Tell us who you are and what you need; an agent joins you shortly.';
  $('status').textContent = closed ? 'We are closed right now.' : 'We usually answer within a few minutes.';
  $('contact-field').hidden = !closed && !nobody;
  $('contact').required = closed;
  $('start-chat').hidden = closed;
  $('leave-message').hidden = !closed && !nobody;
  $('leave-message').className = closed ? 'btn-primary' : '';
}

/** When the queue opens next, in the customer's own time zone: "Monday 5 January, 09:00". */
function formatOpening(iso) {
  return new Date(iso).toLocaleString([], { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
}

$('start-form').addEventListener('submit', async event => {
  event.preventDefault();
  const form = event.target;
  // Enter submits with the first button, hidden or not: while closed, that is leaving a message too.
  const leaving = event.submitter?.id === 'leave-message' || $('start-chat').hidden;
  const submit = leaving ? $('leave-message') : $('start-chat');
  fill($('start-error'));
  submit.disabled = true;
  try {
    if (leaving) {
      await leaveMessage(form);
      return;
    }
    /** @type {ApiResult<'startChat'>} */
    const started = await api.create('/api/enduser/chats', /** @satisfies {ApiBody<'startChat'>} */ ({
      queueId: form.queue.value,
      displayName: form.displayName.value.trim(),
      firstMessage: form.firstMessage.value.trim() || null,
      ...(visitorToken ? { visitorToken } : {}),
    }));
    session.save({ token: started.token, chatId: started.chatId, endUserId: started.endUserId, name: form.displayName.value.trim() });
    await enterChat();
  } catch (error) {
    fill($('start-error'), error.message);
  } finally {
    submit.disabled = false;
  }
});

/** O1, O2: the message becomes a conversation the team answers later; the page shows its link. */
async function leaveMessage(form) {
  /** @type {ApiResult<'leaveMessage'>} */
  const left = await api.create('/api/enduser/offline-messages', /** @satisfies {ApiBody<'leaveMessage'>} */ ({
    queueId: form.queue.value,
    displayName: form.displayName.value.trim(),
    contact: form.contact.value.trim(),
    text: form.firstMessage.value.trim(),
    ...(visitorToken ? { visitorToken } : {}),
  }));
  session.save({ token: left.token, chatId: left.chatId, endUserId: left.endUserId, name: form.displayName.value.trim(), offline: true });
  await enterChat();
}

async function enterChat() {
  const { chatId } = session.value;
  caughtUp = false;
  $('start-form').hidden = true;
  $('staff-links').hidden = true;
  $('chat').hidden = false;
  view = new TranscriptView($('transcript'), {
    viewer: 'enduser',
    // Agents come with a per-chat alias as id (never a sign-in id) and their name.
    nameOf: actor => actor.kind === 'EndUser' ? 'You' : actor.kind === 'System' ? 'Support' : firstName(actor.name),
    download: file => api.download(`/api/enduser/chat/attachments/${encodeURIComponent(file.attachmentId)}`, file.fileName).catch(showError),
    articleUrl: id => chat?.sharedArticles.find(a => a.id === id)?.url ?? null,
  });
  // Connect first, then read: whatever happens in between arrives as an event, shown once.
  hub = createHub(() => session.token, {
    status: state => {
      if (!chat) return;
      if (state === 'live') renderStatus();
      else $('status').textContent = state === 'offline' ? 'Disconnected' : 'Reconnecting…';
    },
    onReconnected: readAgain,
  });
  // "chatStale": the chat's grain moved to another silo and events may be missing: read again.
  hub.on('chatStale', (/** @type {HubChatStale} */ event) => {
    if (event.chatId === chatId) readAgain();
  });
  hub.on('chatEvent', async (/** @type {HubChatEvent} */ event) => {
    if (event.chatId !== chatId) return;
    // A shared article's link comes with the chat view: read it before showing the entry.
    if (event.entry.kind === 'ArticleShared') await refreshChat();
    view.add(event.entry);
    // An earlier entry never arrived (a push lost between the gateway and this page): read it now
    // rather than at the next reconnect.
    if (caughtUp && event.entry.seq > view.lastSeq) readAgain();
    if (event.entry.actor.kind === 'Agent') hideTyping();
    if (chat) chat.status = event.status;
    if (event.entry.kind !== 'Message') refreshChat();
    else renderStatus();
  });
  hub.on('typing', (/** @type {HubTypingSignal} */ signal) => {
    if (signal.chatId !== chatId || signal.actorKind !== 'Agent') return;
    $('typing').textContent = `${firstName(signal.actorName)} is typing…`;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, TYPING_SHOWN_MS);
  });
  await hub.start();
  await refreshChat();
  await catchUp(view, after => api.get(`/api/enduser/chat/transcript?after=${after}`));
  caughtUp = true;
  $('message').focus();
}

/** After a reconnect, a "chatStale" or a missing entry: the chat and every entry after the last one shown. */
async function readAgain() {
  if (reading) {
    readOnceMore = true;
    return;
  }
  reading = true;
  try {
    do {
      readOnceMore = false;
      await refreshChat();
      await catchUp(view, after => api.get(`/api/enduser/chat/transcript?after=${after}`));
    } while (readOnceMore);
  } catch (error) {
    showError(error);
  } finally {
    reading = false;
  }
}

/** How the page names an agent: its first name, or "Agent" when the chat does not say. */
function firstName(name) {
  return name?.trim().split(/\s+/)[0] || 'Agent';
}

function hideTyping() {
  clearTimeout(typingTimer);
  $('typing').textContent = '';
}

async function refreshChat() {
  try {
    chat = await api.get('/api/enduser/chat');
    renderStatus();
  } catch (error) {
    showError(error);
  }
}

function renderStatus() {
  if (!chat) return;
  const queue = QUEUE_NAMES[chat.queueId] ?? titleCase(chat.queueId);
  const ended = chat.status === 'Ended';
  $('status').textContent = ended ? 'This chat has ended.'
    : chat.status === 'Waiting' && chat.offline ? `Message received · ${queue} answers here`
    : chat.status === 'Waiting' ? `Waiting for an agent · ${queue}`
    : chat.agentsInChat.length ? `You're chatting with ${(chat.agentNames ?? chat.agentsInChat.map(() => 'an agent')).join(' and ')}`
    : `Connected · ${queue}`;
  $('end-chat').hidden = ended;
  $('ended-bar').hidden = !ended;
  $('composer').hidden = ended;
  renderOfflineNote();
  renderRating();
}

/** O4: a message left for the team shows the link to come back with (the chat token in the fragment). */
function renderOfflineNote() {
  $('offline-note').hidden = !chat?.offline;
  if (chat?.offline && session.token) $('offline-link').href = `${location.origin}${location.pathname}#chat=${encodeURIComponent(session.token)}`;
}

/**
 * The satisfaction form (docs/rules.md C1-C4): shown once the chat has ended if its queue asks,
 * until the end user rated it or the window closed; the chat refuses anything else anyway.
 */
function renderRating() {
  const rated = chat?.satisfaction;
  const open = chat?.status === 'Ended' && chat.satisfactionAsked && !rated
    && (!chat.rateBefore || Date.parse(chat.rateBefore) > Date.now());
  $('rating-form').hidden = !open;
  $('rating-done').hidden = !rated;
  if (rated) $('rating-done').textContent = `Thank you for rating this chat ${rated.rating} of 5.`;
}

$('rating-form').addEventListener('submit', async event => {
  event.preventDefault();
  const form = event.target;
  const submit = form.querySelector('button[type=submit]');
  fill($('rating-error'));
  submit.disabled = true;
  try {
    const comment = form.comment.value.trim();
    const rating = await api.create('/api/enduser/chat/satisfaction', { rating: Number(form.rating.value), comment: comment || null });
    if (chat) chat.satisfaction = rating;
    renderRating();
  } catch (error) {
    fill($('rating-error'), error.message);
  } finally {
    submit.disabled = false;
  }
});

$('download-transcript').addEventListener('click', () =>
  api.download('/api/enduser/chat/transcript/download?format=html', `chat-transcript.html`).catch(showError));

$('composer').addEventListener('submit', async event => {
  event.preventDefault();
  const text = $('message').value.trim();
  if (!text) return;
  const send = event.target.querySelector('button[type=submit]');
  send.disabled = true;
  try {
    await api.create('/api/enduser/chat/messages', /** @satisfies {ApiBody<'postEndUserMessage'>} */ ({ text }));
    $('message').value = '';
  } catch (error) {
    showError(error);
  } finally {
    send.disabled = false;
    $('message').focus();
  }
});

$('message').addEventListener('keydown', event => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $('composer').requestSubmit();
  }
});

let lastTyping = 0;
$('message').addEventListener('input', () => {
  if (!hub || Date.now() - lastTyping < TYPING_EVERY_MS) return;
  lastTyping = Date.now();
  hub.invoke('Typing', session.value.chatId).catch(() => {});
});

$('attach').addEventListener('click', () => $('file').click());
$('file').addEventListener('change', async () => {
  const file = $('file').files?.[0];
  $('file').value = '';
  if (!file) return;
  try {
    await api.upload('/api/enduser/chat/attachments', file);
  } catch (error) {
    showError(error);
  }
});

$('end-chat').addEventListener('click', async () => {
  try {
    await api.post('/api/enduser/chat/end');
    await refreshChat();
  } catch (error) {
    showError(error);
  }
});

$('new-chat').addEventListener('click', async () => {
  await hub?.stop().catch(() => {});
  hub = null;
  session.clear();
  view?.clear();
  chat = null;
  renderRating();
  showStart();
});

