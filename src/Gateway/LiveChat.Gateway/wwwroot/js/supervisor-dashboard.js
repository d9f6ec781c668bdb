// The supervisor's monitoring dashboard: live figures of each supervised queue (hub WatchQueue +
// queueFigures), its agents (over capacity marked, Q3), its active chats named by customer,
// assignee and members with their modes, with their wait, SLA state and pending invite or offer
// (Q3), and joining one without an invite (R13) as Monitor or Participant, then following it in
// the chat panel.
import { h, fill, formatDuration, parseTimeSpan, showError, closeMenusOnOutsideClick } from './core/dom.js';
import { createApi, StoredSession } from './core/api.js';
import { createHub, connectionStatus } from './core/hub.js';
import { QueueDirectory } from './core/queues.js';
import { ChatPanel } from './core/chat-panel.js';
import { rememberName, agentName } from './core/names.js';
import { setupConsoleSignIn, demoSignIn, fullNameOf } from './core/sign-in.js';
import { setupReports } from './supervisor-reports.js';

// The demo directory's supervisor (embedded mode); any other id can be typed in.
const DEMO_SUPERVISORS = ['sam'];
const enc = encodeURIComponent;
const $ = id => document.getElementById(id);

const session = new StoredSession('livechat.supervisor');
const api = createApi(() => session.token);
const queues = new QueueDirectory(api);
/** @type {Map<string, { figures: ApiSchema<'QueueFigures'>, receivedAt: number }>} queueId -> figures as last received */
const figures = new Map();
/** @type {ApiResult<'getMe'>} The signed-in supervisor (typed from the OpenAPI document: a renamed field fails the type check). */
let me = null;
let hub = null;
let panel = null;

closeMenusOnOutsideClick();

const supervisorsOnly = agent => {
  if (agent.registration.role !== 'Supervisor') {
    throw new Error(`${fullNameOf(agent)} is not a supervisor: use the agent console.`);
  }
};

// Not awaited: the rest of this module is set up before a resumed session starts the dashboard.
const signIn = setupConsoleSignIn({
  api, session, start, accept: supervisorsOnly,
  demo: {
    list: $('demo-agents'), form: $('sign-in-form'), input: $('agent-id'), error: $('sign-in-error'),
    agentIds: DEMO_SUPERVISORS,
    async signIn(agentId) {
      await demoSignIn(api, session, agentId, supervisorsOnly);
      await start();
    },
  },
});

async function start() {
  me = await api.get('/api/me');
  rememberName(me.agentId, fullNameOf(me));
  $('sign-in').hidden = true;
  $('dashboard').hidden = false;
  $('who').hidden = false;
  $('me-name').textContent = fullNameOf(me);

  hub = createHub(() => session.token, {
    // The gateway closes the connection of an agent disabled in the directory: a 401 signs out.
    onConnectionLost: () => api.get('/api/me').catch(error => {
      if (error.status === 401) {
        session.clear();
        location.reload();
      }
    }),
    status: connectionStatus($('conn')),
    onReconnected: async () => {
      try {
        await watchQueues();
        await refreshMe();
        await panel.resync();
      } catch (error) {
        showError(error);
      }
    },
  });
  panel = new ChatPanel({
    api, hub, queues, root: $('monitor-area'), me: () => me,
    onMembershipChanged: () => refreshMe(),
    emptyState: () => h('div', { class: 'empty-state' },
      h('p', { class: 'big', text: 'No chat open' }),
      h('p', { text: 'Join an active chat as Monitor to watch it, or as Participant to help the customer.' })),
  });
  hub.on('queueFigures', (/** @type {ApiSchema<'QueueFigures'>} */ update) => {
    figures.set(update.queueId, { figures: update, receivedAt: Date.now() });
    renderQueue(update.queueId);
  });
  hub.on('chatEvent', event => panel.onChatEvent(event));
  hub.on('chatAccessEnded', event => panel.onAccessEnded(event));
  hub.on('chatStale', event => panel.onStale(event));
  hub.on('agentStale', () => refreshMe().catch(showError));
  hub.on('typing', signal => panel.onTyping(signal));
  hub.on('agentEvent', (/** @type {HubAgentEvent} */ event) => {
    if (['ChatJoined', 'ChatLeft', 'ChatAssigned', 'ChatUnassigned'].includes(event.kind)) refreshMe();
    if (event.kind === 'SlaBreached' && event.sla) showSlaAlert(event.sla);
  });
  // RP1-RP3: the Reports section, behind the top bar's toggle.
  setupReports({ api, queueName: queueId => queues.name(queueId), supervised: () => me.registration.supervisedQueues });
  await hub.start();
  await watchQueues();
  setInterval(tickWaits, 1000);
}

async function watchQueues() {
  const supervised = me.registration.supervisedQueues;
  if (!supervised.length) {
    fill($('queues'), h('p', { class: 'list-empty', text: 'You supervise no queue.' }));
    return;
  }
  await Promise.all(supervised.map(async queueId => {
    try {
      await queues.get(queueId).catch(() => null);
      const current = await hub.invoke('WatchQueue', queueId);
      figures.set(queueId, { figures: current, receivedAt: Date.now() });
    } catch (error) {
      showError(error);
    }
  }));
  fill($('queues'), supervised.map(queueId => h('section', {
    class: 'queue-card', id: `queue-${queueId}`, dataset: { queueId }, 'aria-labelledby': `queue-${queueId}-title`,
  })));
  for (const queueId of supervised) renderQueue(queueId);
}

async function refreshMe() {
  try {
    me = await api.get('/api/me');
    for (const queueId of figures.keys()) renderQueue(queueId);
  } catch (error) {
    showError(error);
  }
}

function longestWaitSeconds(entry) {
  const f = entry.figures;
  const base = parseTimeSpan(f.longestWait);
  return f.waitingChats > 0 ? base + (Date.now() - entry.receivedAt) / 1000 : 0;
}

function tickWaits() {
  for (const [queueId, entry] of figures) {
    const el = document.querySelector(`#queue-${CSS.escape(queueId)} [data-figure=longestWait]`);
    if (el) el.textContent = formatDuration(longestWaitSeconds(entry));
  }
}

function membershipIn(chatId) {
  if (me.assignedChats.includes(chatId)) return 'Assignee';
  return me.joinedChats.find(c => c.chatId === chatId)?.mode ?? null;
}

function renderQueue(queueId) {
  const card = document.getElementById(`queue-${queueId}`);
  const entry = figures.get(queueId);
  if (!card || !entry) return;
  const f = entry.figures;
  const name = queues.name(queueId);
  for (const agent of f.agentsOnline) rememberName(agent.agentId, agent.fullName);

  const figure = (label, key, value) => h('div', {}, h('dt', { text: label }), h('dd', { dataset: { figure: key }, text: String(value) }));
  const agents = f.agentsOnline.length ? h('table', { class: 'agents' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Agent' }), h('th', { scope: 'col', text: 'Presence' }), h('th', { scope: 'col', text: 'Load' }))),
    h('tbody', {}, f.agentsOnline.map(a => {
      const share = a.capacity > 0 ? Math.min(100, Math.round(100 * a.load / a.capacity)) : 100;
      return h('tr', {},
        h('td', { text: a.fullName }),
        h('td', {}, h('span', { class: 'presence-dot', dataset: { presence: a.presence }, 'aria-hidden': 'true' }), ` ${a.presence}`),
        h('td', {}, h('span', { class: 'load' },
          h('span', { class: `load-bar${a.load >= a.capacity ? ' full' : ''}`, role: 'img', 'aria-label': `${a.load} of ${a.capacity} chats` },
            h('span', { style: { width: `${share}%` } })),
          h('span', { class: 'small', text: `${a.load}/${a.capacity}` }),
          a.overCapacity ? h('span', { class: 'badge badge-over', text: 'Over capacity' }) : null)));
    }))) : h('p', { class: 'list-empty', text: 'No agent online.' });

  // SLA9: the queue's chats due soon or past a response-time limit; a chat not listed is ok.
  const slaOf = new Map((f.sla ?? []).map(s => [s.chatId, s]));
  // Q3: the first active chats, named; the figures count them all.
  const cards = f.activeChatCards ?? [];
  const chats = cards.length ? h('ul', { class: 'list' }, cards.map(card => activeChatItem(card, slaOf.get(card.chatId)))) : h('p', { class: 'list-empty', text: 'No active chats.' });
  const unnamed = f.activeChats - cards.length;
  const over = f.agentsOverCapacity ?? [];

  // C5: the queue's satisfaction ratings, in all and per agent (count and average).
  const rated = f.satisfaction;
  const average = (/** @type {number | null | undefined} */ value) => value == null ? '–' : Number(value).toFixed(2);
  const satisfaction = rated && rated.ratings > 0 ? h('table', { class: 'agents satisfaction' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Agent' }), h('th', { scope: 'col', text: 'Ratings' }), h('th', { scope: 'col', text: 'Average' }))),
    h('tbody', {}, rated.agents.map(a => h('tr', { dataset: { agentId: a.agentId } },
      h('td', { text: a.name }), h('td', { dataset: { figure: 'agentRatings' }, text: String(a.ratings) }), h('td', { text: average(a.average) })))))
    : h('p', { class: 'list-empty', text: 'No ratings yet.' });

  fill(card,
    h('header', {}, h('h2', { id: `queue-${queueId}-title`, text: name }), h('span', { class: 'live', text: 'Live' })),
    h('dl', { class: 'figures', 'aria-label': `${name} figures` },
      figure('Waiting chats', 'waitingChats', f.waitingChats),
      figure('Longest wait', 'longestWait', formatDuration(longestWaitSeconds(entry))),
      figure('Active chats', 'activeChats', f.activeChats),
      figure('Past response limit', 'slaBreached', (f.sla ?? []).filter(s => s.status === 'Breached').length),
      figure('Agents online', 'agentsOnline', f.agentsOnline.filter(a => a.presence === 'Online').length),
      figure('Over capacity', 'agentsOverCapacity', over.length),
      figure('Ratings', 'ratings', rated?.ratings ?? 0),
      figure('Average rating', 'averageRating', average(rated?.average))),
    h('section', { 'aria-label': `${name} agents online` }, h('h3', { text: 'Agents online and their load' }), agents,
      over.length ? h('p', { class: 'small over-capacity', text: `Over capacity: ${over.map(a => `${a.fullName} (${a.load}/${a.capacity}${a.presence === 'Offline' ? ', offline' : ''})`).join(', ')}` }) : null),
    h('section', { 'aria-label': `${name} active chats` }, h('h3', { text: 'Active chats' }), chats,
      unnamed > 0 ? h('p', { class: 'small muted', text: `and ${unnamed} more active (the oldest are shown)` }) : null),
    h('section', { 'aria-label': `${name} satisfaction` }, h('h3', { text: 'Satisfaction by agent' }), satisfaction));
}

/**
 * Q3: one active chat by its customer, assignee, members with their modes, wait, SLA state (SLA4:
 * the flag of a chat due soon or overdue, else "Ok") and pending invite or offer, with the join buttons (R13).
 * @param {ApiSchema<'ActiveChatCard'>} card
 * @param {ApiSchema<'ChatSla'> | undefined} sla
 */
function activeChatItem(card, sla) {
  const chatId = card.chatId;
  const short = chatId.slice(0, 6);
  const customer = card.customerName || `Chat ${short}`;
  const mine = membershipIn(chatId);
  // Accessible names start with the visible text (WCAG 2.5.3 label in name), then say which chat.
  const actions = mine
    ? [h('span', { class: `badge badge-${mine.toLowerCase()}`, text: mine }),
      h('button', { type: 'button', class: 'btn-small', 'aria-label': `Open chat ${short}, ${customer}`, text: 'Open', onclick: () => panel.open(chatId) })]
    : [h('button', { type: 'button', class: 'btn-monitor btn-small', 'aria-label': `Join as Monitor, chat ${short}, ${customer}`, text: 'Join as Monitor', onclick: () => join(chatId, 'Monitor') }),
      h('button', { type: 'button', class: 'btn-small', 'aria-label': `Join as Participant, chat ${short}, ${customer}`, text: 'Join as Participant', onclick: () => join(chatId, 'Participant') })];
  const fact = (label, field, ...value) => h('div', {}, h('dt', { text: label }), h('dd', { dataset: { field } }, ...value));
  const members = card.members.length
    ? card.members.map(m => h('span', { class: 'member', dataset: { agentId: m.agentId, mode: m.mode } },
      `${m.name} `, h('span', { class: `badge member-${m.mode.toLowerCase()}`, text: m.mode })))
    : ['none'];
  const pending = card.pending.length
    ? card.pending.map(p => h('span', { class: 'badge badge-pending', dataset: { kind: p.kind, inviteeId: p.inviteeId } },
      p.kind === 'TransferOffer' ? `Offer pending to ${p.inviteeName}` : `Invite pending: ${p.inviteeName} as ${p.mode}`))
    : ['none'];
  return h('li', { class: 'active-chat', dataset: { chatId, sla: sla?.status ?? 'Ok' } },
    h('div', { class: 'row' }, h('strong', { class: 'customer', text: customer }), sla ? slaBadge(sla) : null, h('span', { class: 'actions' }, actions)),
    h('dl', { class: 'chat-facts' },
      fact('Assignee', 'assignee', card.assigneeName ?? (card.assigneeId ? agentName(card.assigneeId) : 'nobody')),
      fact('Members', 'members', ...members),
      fact('Waited', 'waited', card.waited == null ? '—' : formatDuration(parseTimeSpan(card.waited))),
      fact('SLA', 'sla', sla ? `${slaLimitName(sla)} ${sla.status === 'Breached' ? 'overdue' : 'due soon'}` : 'Ok'),
      fact('Pending', 'pending', ...pending)));
}

/** @param {ApiSchema<'ChatSla'>} sla */
function slaLimitName(sla) {
  return sla.clock === 'FirstResponse' ? 'First response' : 'Reply';
}

/** SLA4: the flag of a chat due soon or past its limit. @param {ApiSchema<'ChatSla'>} sla */
function slaBadge(sla) {
  const breached = sla.status === 'Breached';
  return h('span', {
    class: `badge badge-sla-${breached ? 'breached' : 'duesoon'}`, dataset: { slaBadge: sla.status },
    text: `${slaLimitName(sla)} ${breached ? 'overdue' : 'due soon'}`,
  });
}

const MAX_SLA_ALERTS = 20;

/** SLA5: a pushed breach alert, newest first (at most MAX_SLA_ALERTS shown). @param {ApiSchema<'ChatSla'>} sla */
function showSlaAlert(sla) {
  const list = $('sla-alert-list');
  const since = sla.since ? new Date(sla.since).toLocaleTimeString() : '';
  list.prepend(h('p', { class: 'sla-alert', dataset: { chatId: sla.chatId } },
    `${slaLimitName(sla)} limit passed in ${queues.name(sla.queueId)}: chat ${sla.chatId.slice(0, 6)}`
    + (since ? `, the customer has waited since ${since}.` : '.')));
  while (list.children.length > MAX_SLA_ALERTS) list.lastElementChild?.remove();
  $('sla-alerts').hidden = false;
}

// R13: join without an invite, then watch the chat.
async function join(chatId, mode) {
  try {
    await api.post(`/api/chats/${enc(chatId)}/supervisor-join`, { mode });
    await refreshMe();
    await panel.open(chatId);
  } catch (error) {
    showError(error);
  }
}


// Sign-out: the hub first, then the session (and the provider's, in OIDC mode).
$('sign-out').addEventListener('click', async () => {
  await hub?.stop().catch(() => {});
  await (await signIn).signOut();
});
