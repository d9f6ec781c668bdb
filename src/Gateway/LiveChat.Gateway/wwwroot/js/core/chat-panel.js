// One chat as an agent in it sees it (A11): transcript, live events, typing, composer and the
// side panel. What the panel offers follows the action table (A1-A11, docs/rules.md) for the viewer's role in the chat;
// the gateway decides anyway, and any refusal is shown with the rule that refused.
import { h, fill, formatTime, formatSize, fileIcon, safeUrl, showError, toast } from './dom.js';
import { TranscriptView, catchUp } from './transcript.js';
import { openDialog, confirmDialog } from './dialogs.js';
import { agentName, agentShortName, rememberName } from './names.js';
import { agentPicker } from './agent-picker.js';
import { ApiError } from './api.js';

const enc = encodeURIComponent;
// Message and side-note entries change nothing else; every other kind may change the snapshot
// (members, pins, invites, status, attachments, tickets).
const CONTENT_ONLY = new Set(['Message', 'SideNote']);
const TYPING_EVERY_MS = 2500;
const TYPING_SHOWN_MS = 4000;

/** @typedef {ApiSchema<'ChatSnapshot'>} ChatSnapshot */
/** @typedef {ApiSchema<'Invite'>} Invite */
/**
 * What a console gives its chat panel.
 * @typedef {{ api: ReturnType<typeof import('./api.js').createApi>, hub: ReturnType<typeof import('./hub.js').createHub>,
 *   root: HTMLElement, me: () => ApiSchema<'AgentSnapshot'>, queues: import('./queues.js').QueueDirectory,
 *   onMembershipChanged?: () => unknown, emptyState: () => Node }} ChatPanelOptions
 */

/**
 * @param {ChatSnapshot | null} snapshot
 * @param {string} agentId
 */
export function roleIn(snapshot, agentId) {
  if (!snapshot) return 'None';
  if (snapshot.assigneeId === agentId) return 'Assignee';
  return snapshot.members.find(m => m.agentId === agentId)?.mode ?? 'None';
}

export class ChatPanel {
  /**
   * @param {object} options api, hub, root (element), me() -> agent snapshot, queues (QueueDirectory),
   *   onMembershipChanged() (the agent's chat lists may have changed), emptyState() -> node
   * @param {ChatPanelOptions} options
   */
  constructor(options) {
    Object.assign(this, options);
    // Declarations only (Object.assign set them): the options' types for the type check.
    /** @type {ChatPanelOptions['api']} */ this.api;
    /** @type {ChatPanelOptions['hub']} */ this.hub;
    /** @type {HTMLElement} */ this.root;
    /** @type {ChatPanelOptions['me']} */ this.me;
    /** @type {ChatPanelOptions['queues']} */ this.queues;
    /** @type {ChatPanelOptions['onMembershipChanged']} */ this.onMembershipChanged;
    /** @type {ChatPanelOptions['emptyState']} */ this.emptyState;
    /** @type {string | null} */
    this.chatId = null;
    /** @type {ChatSnapshot | null} */
    this.snapshot = null;
    /** @type {ApiSchema<'QueueInfo'> | null} */ this.queue;
    /** @type {Invite[]} */
    this.invites = [];
    this.popoverPinned = false;
    this.popoverOpen = false;
    this.openSeq = 0;
    this.showEmpty();
    // The invite details close on a click elsewhere, like the menus.
    document.addEventListener('click', event => {
      if (this.popoverOpen && !/** @type {Element} */ (event.target).closest?.('.invites-indicator')) this.showInvitePopover(false, false);
    });
  }

  showInvitePopover(open, pinned = this.popoverPinned) {
    this.popoverOpen = open;
    this.popoverPinned = open && pinned;
    const wrap = this.headEl?.querySelector('.invites-indicator');
    if (!wrap) return;
    /** @type {HTMLElement} */ (wrap.querySelector('.popover')).hidden = !open;
    wrap.querySelector('button').setAttribute('aria-expanded', String(open));
  }

  get meId() { return this.me().agentId; }
  get role() { return roleIn(this.snapshot, this.meId); }
  get active() { return this.snapshot?.status === 'Active'; }
  get path() { return `/api/chats/${enc(this.chatId)}`; }

  showEmpty() {
    fill(this.root, this.emptyState());
  }

  // Opening, live events, reconnect ----------------------------------------------------------

  async open(chatId) {
    if (this.chatId && this.chatId !== chatId) this.hub.invoke('UnwatchChat', this.chatId).catch(() => {});
    const seq = ++this.openSeq;
    this.chatId = chatId;
    this.snapshot = null;
    this.invites = [];
    this.composerKey = null;
    this.popoverOpen = this.popoverPinned = false;
    this.buildSkeleton();
    try {
      // Watch first, then read: whatever happens in between arrives as an event, and the view
      // shows each sequence number once.
      /** @type {ChatSnapshot} */
      const snapshot = await this.hub.invoke('WatchChat', chatId);
      if (seq !== this.openSeq) return;
      await this.apply(snapshot);
      await this.catchUp();
    } catch (error) {
      if (seq !== this.openSeq) return;
      showError(error);
      fill(this.composerEl, h('div', { class: 'notice ended', text: 'This chat cannot be opened.' }));
    }
  }

  /** After a hub reconnect: watch again (subscriptions belong to the old connection), then catch up. */
  async resync() {
    if (!this.chatId) return;
    try {
      /** @type {ChatSnapshot} */
      const snapshot = await this.hub.invoke('WatchChat', this.chatId);
      await this.apply(snapshot);
      await this.catchUp();
    } catch (error) {
      await this.refresh();
    }
  }

  catchUp() {
    return catchUp(this.view, after => this.api.get(`${this.path}/transcript?after=${after}`));
  }

  close() {
    if (this.chatId) this.hub.invoke('UnwatchChat', this.chatId).catch(() => {});
    this.chatId = null;
    this.snapshot = null;
    this.openSeq++;
    this.showEmpty();
  }

  /** @param {HubChatEvent} event */
  onChatEvent(event) {
    if (event.chatId !== this.chatId || !this.view) return;
    this.view.add(event.entry);
    if (event.entry.actor.kind === 'EndUser' || event.entry.actor.id === this.typingFrom) this.hideTyping();
    if (this.snapshot && (this.snapshot.status !== event.status || this.snapshot.assigneeId !== event.assigneeId)) {
      this.snapshot = { ...this.snapshot, status: event.status, assigneeId: event.assigneeId };
      this.render();
    }
    if (!CONTENT_ONLY.has(event.entry.kind)) this.scheduleRefresh();
  }

  /** "chatAccessEnded": this agent is no longer in the chat, and the hub stopped its events. */
  /** @param {HubChatAccessEnded} event */
  onAccessEnded(event) {
    if (event.chatId === this.chatId) this.refresh();
  }

  /** @param {HubTypingSignal} signal */
  onTyping(signal) {
    if (signal.chatId !== this.chatId || !this.snapshot) return;
    if (signal.actorKind === 'Agent' && signal.actorId === this.meId) return;
    const name = signal.actorKind === 'EndUser' ? this.snapshot.endUser.displayName : agentName(signal.actorId);
    this.typingFrom = signal.actorId;
    this.typingEl.textContent = `${name} is typing…`;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.hideTyping(), TYPING_SHOWN_MS);
  }

  hideTyping() {
    clearTimeout(this.typingTimer);
    if (this.typingEl) this.typingEl.textContent = '';
    this.typingFrom = null;
  }

  scheduleRefresh() {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refresh(), 120);
  }

  async refresh() {
    if (!this.chatId) return;
    const chatId = this.chatId;
    try {
      /** @type {ApiResult<'getChat'>} */
      const snapshot = await this.api.get(this.path);
      if (chatId === this.chatId) await this.apply(snapshot);
    } catch (error) {
      if (chatId !== this.chatId) return;
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 403 || error.status === 404) {
        // Left, released or transferred away: the chat is no longer ours to see.
        this.snapshot = this.snapshot && { ...this.snapshot, assigneeId: null, members: this.snapshot.members.filter(m => m.agentId !== this.meId) };
        this.render();
      } else {
        showError(error);
      }
    }
    this.onMembershipChanged?.();
  }

  /** @param {ChatSnapshot} snapshot */
  async apply(snapshot) {
    this.snapshot = snapshot;
    this.queue = await this.queues.get(snapshot.queueId).catch(() => null);
    this.invites = this.role === 'Assignee' ? await this.api.get(`${this.path}/invites`).catch(() => snapshot.invites) : [];
    for (const invite of [...snapshot.invites, ...this.invites]) rememberName(invite.inviteeId, invite.inviteeName);
    rememberName(snapshot.assigneeId, snapshot.assigneeName);
    for (const member of snapshot.members) rememberName(member.agentId, member.name);
    this.render();
  }

  // Layout -----------------------------------------------------------------------------------

  buildSkeleton() {
    this.view = null;
    this.shownSignature = null;
    this.headEl = h('header', { class: 'chat-head' }, h('p', { class: 'muted', text: 'Opening the chat…' }));
    this.listEl = h('ol', { class: 'transcript', 'aria-label': 'Transcript', 'aria-live': 'polite', tabindex: '0' });
    this.typingEl = h('p', { class: 'typing', 'aria-live': 'polite', 'data-testid': 'typing' });
    this.composerEl = h('div', { class: 'composer-area' });
    this.sideEl = h('aside', { class: 'chat-side', 'aria-label': 'Chat details' });
    this.panelEl = h('article', { class: 'chat-panel', 'aria-label': 'Open chat', dataset: { chatId: this.chatId } },
      this.headEl,
      h('div', { class: 'chat-body' },
        h('section', { class: 'conversation', 'aria-label': 'Conversation' }, this.listEl, this.typingEl, this.composerEl),
        this.sideEl));
    fill(this.root, this.panelEl);
    this.view = new TranscriptView(this.listEl, {
      viewer: 'agent',
      nameOf: actor => actor.kind === 'EndUser' ? (this.snapshot?.endUser.displayName ?? 'Customer')
        : actor.kind === 'System' ? 'System' : agentName(actor.id),
      download: file => this.download(file),
      articleUrl: id => this.articleUrl(id),
    });
  }

  render() {
    if (!this.snapshot) return;
    // Pushes and refreshes often bring what is already shown: redraw only on a change, so open
    // menus and focus stay where the agent left them.
    const signature = JSON.stringify([this.role, this.snapshot, this.invites, this.queue?.queueId]);
    if (signature === this.shownSignature) return;
    this.shownSignature = signature;
    this.panelEl.dataset.role = this.role;
    keepingMenus(this.headEl, () => this.renderHead());
    keepingMenus(this.sideEl, () => this.renderSide());
    this.renderComposer();
  }

  articleUrl(articleId) {
    const all = [...(this.queue?.definition.articles ?? []), ...(this.snapshot?.pinnedArticles ?? []), ...(this.snapshot?.sharedArticles ?? [])];
    return all.find(a => a.id === articleId)?.url ?? null;
  }

  queueName() {
    return this.queue?.definition.name ?? this.queues.name(this.snapshot.queueId);
  }

  // Header: who, where, the viewer's role, invites (+N) and chat actions -----------------------

  renderHead() {
    const s = this.snapshot;
    const role = this.role;
    const assignee = s.assigneeId ? `Assigned to ${agentName(s.assigneeId)}` : 'Not assigned';
    const title = h('div', { class: 'chat-title' },
      h('h2', { text: s.endUser.displayName }),
      h('p', { class: 'meta' }, this.queueName(), ' · ', h('span', { class: `badge badge-${s.status.toLowerCase()}`, text: s.status }), ' · ', assignee,
        // C1-C4: the end user's rating, once it rated the ended chat.
        ...(s.satisfaction ? [' · ', h('span', { class: 'badge satisfaction', title: s.satisfaction.comment ?? 'No comment',
          text: `Rated ${s.satisfaction.rating}/5` })] : [])));
    const tools = h('div', { class: 'chat-tools' });
    if (role !== 'None') {
      tools.append(h('span', { class: `badge badge-${role.toLowerCase()}`, title: 'Your role in this chat', text: `You: ${role}` }));
      // D1: the transcript as a printable page (internal lines marked).
      tools.append(h('button', { type: 'button', class: 'btn-small', text: 'Transcript',
        title: 'Download the transcript as a printable page',
        onclick: () => this.api.download(`${this.path}/transcript/download?format=html`, `chat-${s.chatId}-transcript.html`).catch(showError) }));
    }
    if (role === 'Assignee') {
      if (this.invites.length) tools.append(this.invitesIndicator());
      if (this.active) tools.append(this.actionsMenu());
    } else if ((role === 'Participant' || role === 'Monitor') && s.status !== 'Ended') {
      tools.append(h('button', { type: 'button', class: 'btn-danger', text: 'Leave chat', onclick: () => this.leave() }));
    }
    fill(this.headEl, title, tools);
  }

  actionsMenu() {
    const item = (label, hint, action, cls) => h('button', {
      type: 'button', class: cls ?? null,
      onclick: event => { event.target.closest('details').open = false; action(); },
    }, h('span', { text: label }), hint ? h('small', { text: hint }) : null);
    return h('details', { class: 'menu align-right', dataset: { menu: 'actions' } },
      h('summary', { class: 'btn btn-primary', text: 'Chat actions' }),
      h('div', { class: 'menu-list' },
        item('Invite…', 'Ask a colleague to join as Participant or Monitor', () => this.inviteDialog()),
        item('Offer transfer…', 'A colleague accepts or declines (T1-T9)', () => this.offerDialog()),
        item('Transfer…', 'To another agent or queue', () => this.transferDialog()),
        item('Release to queue', 'Put the chat back in the queue', () => this.lifecycle('release', 'Release this chat?', 'It goes back to the queue and pending invites are cancelled.', 'Release')),
        item('Create ticket…', null, () => this.ticketDialog()),
        item('Request remote access', 'The customer is asked to allow it', () => this.act(() => this.api.create(`${this.path}/remote-access`), 'Remote access requested.')),
        h('hr'),
        item('Abandon chat', null, () => this.lifecycle('abandon', 'Abandon this chat?', 'The chat ends as abandoned.', 'Abandon'), 'danger'),
        item('End chat', null, () => this.lifecycle('end', 'End this chat?', 'The chat ends for everyone and pending invites are cancelled.', 'End chat'), 'danger')));
  }

  // R10: "+N" with the details of every invite on hover, and the inviter's actions on them.
  invitesIndicator() {
    const live = this.invites.filter(i => i.status !== 'Cancelled' && i.status !== 'Expired');
    const wrap = h('div', { class: 'invites-indicator' });
    const popover = h('div', { class: 'popover', id: `invites-${this.chatId}`, role: 'region', 'aria-label': 'Invite details' },
      h('h3', { text: 'Invites' }),
      this.invites.map(invite => this.inviteDetail(invite)));
    const button = h('button', {
      type: 'button', 'aria-controls': popover.id, 'aria-expanded': 'false',
      'aria-label': `${live.length} invited: show invite details`, title: 'Invite details', text: `+${live.length}`,
    });
    button.addEventListener('click', () => {
      const pin = !this.popoverOpen || !this.popoverPinned;
      this.showInvitePopover(pin, pin);
    });
    wrap.addEventListener('mouseenter', () => { if (!this.popoverOpen) this.showInvitePopover(true, false); });
    wrap.addEventListener('mouseleave', () => { if (!this.popoverPinned) this.showInvitePopover(false, false); });
    wrap.addEventListener('keydown', event => {
      if (event.key === 'Escape') { this.showInvitePopover(false, false); button.focus(); }
    });
    wrap.append(button, popover);
    popover.hidden = !this.popoverOpen;
    button.setAttribute('aria-expanded', String(this.popoverOpen));
    return wrap;
  }

  // T5-T7: a transfer offer as its sender sees it: who, status, each step with its time, cancel while pending.
  offerDetail(offer) {
    const cancel = offer.status === 'Pending' && this.role === 'Assignee'
      ? h('button', {
        type: 'button', class: 'btn-small btn-danger', text: 'Cancel offer',
        onclick: () => this.act(() => this.api.post(`${this.path}/offers/${enc(offer.inviteId)}/cancel`), 'Transfer offer cancelled.'),
      })
      : null;
    const status = offer.status === 'Rejected' ? 'Declined' : offer.status;
    return h('div', { class: 'invite-detail offer-detail', dataset: { inviteId: offer.inviteId, status: offer.status, kind: 'TransferOffer' } },
      h('div', { class: 'row' },
        h('strong', { text: agentName(offer.inviteeId) }),
        h('span', { class: 'badge badge-participant', text: 'Transfer offer' }),
        h('span', { class: `badge badge-${offer.status.toLowerCase()}`, text: status })),
      h('p', { class: 'small muted', text: offer.senderStays ? 'You stay as a participant after the handover.' : 'You leave the chat after the handover.' }),
      h('ol', { class: 'history', 'aria-label': `History of the transfer offer to ${agentName(offer.inviteeId)}` },
        offer.history.map(step => h('li', {}, h('time', { datetime: step.at, text: formatTime(step.at) }), offerHistoryText(step, offer)))),
      offer.status === 'Pending' ? h('p', { class: 'small muted', text: `Expires at ${formatTime(offer.expiresAt)}` }) : null,
      cancel ? h('div', { class: 'actions row' }, cancel) : null);
  }

  /** @param {Invite} invite */
  inviteDetail(invite) {
    if (invite.kind === 'TransferOffer') return this.offerDetail(invite);
    const other = invite.mode === 'Participant' ? 'Monitor' : 'Participant';
    const actions = h('div', { class: 'actions row' });
    if (invite.status === 'Pending' || invite.status === 'Rejected') {
      actions.append(h('button', {
        type: 'button', class: 'btn-small', text: `Change to ${other}`,
        onclick: () => this.act(() => this.api.put(`${this.path}/invites/${enc(invite.inviteId)}/mode`, /** @satisfies {ApiBody<'changeInviteMode'>} */ ({ mode: other })), `The invite is now for ${other}.`),
      }));
    }
    if (invite.status === 'Rejected') {
      actions.append(h('button', {
        type: 'button', class: 'btn-small btn-primary', text: 'Resend',
        onclick: () => this.act(() => this.api.post(`${this.path}/invites/${enc(invite.inviteId)}/resend`), 'Invite resent.'),
      }));
    }
    if (invite.status === 'Pending') {
      actions.append(h('button', {
        type: 'button', class: 'btn-small btn-danger', text: 'Cancel invite',
        onclick: () => this.act(() => this.api.post(`${this.path}/invites/${enc(invite.inviteId)}/cancel`), 'Invite cancelled.'),
      }));
    }
    return h('div', { class: 'invite-detail', dataset: { inviteId: invite.inviteId, status: invite.status } },
      h('div', { class: 'row' },
        h('strong', { text: agentName(invite.inviteeId) }),
        h('span', { class: `badge badge-${invite.mode.toLowerCase()}`, text: invite.mode }),
        h('span', { class: `badge badge-${invite.status.toLowerCase()}`, text: invite.status })),
      h('ol', { class: 'history', 'aria-label': `History of the invite to ${agentName(invite.inviteeId)}` },
        invite.history.map(step => h('li', {}, h('time', { datetime: step.at, text: formatTime(step.at) }), historyText(step, invite)))),
      invite.status === 'Pending' ? h('p', { class: 'small muted', text: `Expires at ${formatTime(invite.expiresAt)}` }) : null,
      actions.childElementCount ? actions : null);
  }

  // Side panel: customer, people, pinned and shared articles, attachments, tickets --------------

  renderSide() {
    const s = this.snapshot;
    const isAssignee = this.role === 'Assignee' && this.active;
    const section = (title, ...content) => h('section', { 'aria-label': title }, h('h3', { text: title }), ...content);
    const listOr = (items, empty) => items.length ? h('ul', {}, items) : h('p', { class: 'list-empty', text: empty });

    const people = [];
    if (s.assigneeId) people.push(h('li', {}, h('span', { class: 'grow', text: agentName(s.assigneeId) }), h('span', { class: 'badge badge-assignee', text: 'Assignee' })));
    for (const m of s.members) {
      people.push(h('li', {}, h('span', { class: 'grow', text: agentName(m.agentId) }), h('span', { class: `badge badge-${m.mode.toLowerCase()}`, text: m.mode })));
    }

    const pinned = s.pinnedArticles.map(a => h('li', {},
      articleLink(a),
      isAssignee ? h('button', {
        type: 'button', class: 'btn-small btn-ghost', 'aria-label': `Unpin ${a.title}`, text: 'Unpin',
        onclick: () => this.act(() => this.api.del(`${this.path}/pinned-articles/${enc(a.id)}`)),
      }) : null));
    const pinnable = (this.queue?.definition.articles ?? []).filter(a => !s.pinnedArticles.some(p => p.id === a.id));
    const pinMenu = isAssignee && pinnable.length ? h('details', { class: 'menu', dataset: { menu: 'pin' } },
      h('summary', { class: 'btn btn-small', text: 'Pin an article' }),
      h('div', { class: 'menu-list' }, pinnable.map(a => h('button', {
        type: 'button',
        onclick: event => {
          event.target.closest('details').open = false;
          this.act(() => this.api.post(`${this.path}/pinned-articles`, /** @satisfies {ApiBody<'pinArticle'>} */ ({ articleId: a.id })), `Pinned “${a.title}”.`);
        },
      }, h('span', { text: a.title }))))) : null;

    const attachments = s.attachments.map(file => h('li', {},
      h('button', { type: 'button', class: 'file-link grow', onclick: () => this.download(file) }, fileIcon(), file.fileName),
      h('span', { class: 'small muted', text: formatSize(file.size) })));

    fill(this.sideEl,
      section('Customer', h('dl', { class: 'kv' },
        h('dt', { text: 'Name' }), h('dd', { text: s.endUser.displayName }),
        // Identified visitor: the host website vouched for this customer; anything else is as typed.
        h('dt', { text: 'Identity' }), h('dd', { 'data-testid': 'customer-identity', text: s.endUser.verified
          ? `Verified by ${s.endUser.verified.siteId}: ${s.endUser.verified.customerId}${s.endUser.verified.email ? ` · ${s.endUser.verified.email}` : ''}`
          : 'Not verified (name as typed)' }),
        h('dt', { text: 'Queue' }), h('dd', { text: this.queueName() }),
        h('dt', { text: 'Started' }), h('dd', { text: formatTime(s.createdAt) }),
        h('dt', { text: 'Chat' }), h('dd', { class: 'small', text: s.chatId }))),
      section('People in the chat', listOr(people, 'Nobody yet.')),
      h('section', { 'aria-label': 'Pinned articles', 'data-testid': 'pinned-articles' },
        h('h3', { text: 'Pinned articles' }), listOr(pinned, 'No pinned articles.'), pinMenu),
      section('Shared with the customer', listOr(s.sharedArticles.map(a => h('li', {}, articleLink(a))), 'Nothing shared yet.')),
      section('Attachments', listOr(attachments, 'No attachments.')),
      s.tickets.length ? section('Tickets', h('ul', {}, s.tickets.map(t => h('li', {}, h('span', { class: 'grow', text: `${t.ticketId}: ${t.summary}` }))))) : null,
      s.remoteAccessRequests.length ? section('Remote access', h('ul', {}, s.remoteAccessRequests.map(r =>
        h('li', {}, h('span', { class: 'grow', text: `Requested by ${agentName(r.requestedBy)} at ${formatTime(r.requestedAt)}` }))))) : null);
  }

  // Composer: messages, side notes, canned text, attachments, article sharing ------------------

  renderComposer() {
    const s = this.snapshot;
    const role = this.role;
    const key = `${role}|${s.status}`;
    if (key === this.composerKey) return;
    this.composerKey = key;

    if (s.status === 'Ended') return fill(this.composerEl, h('div', { class: 'notice ended', text: 'This chat has ended.' }));
    if (role === 'None') return fill(this.composerEl, h('div', { class: 'notice ended', text: 'You are no longer in this chat.' }));
    if (role === 'Monitor') {
      return fill(this.composerEl, h('div', { class: 'notice', role: 'note', 'data-testid': 'monitor-notice' },
        h('strong', { text: 'Monitoring.' }),
        h('span', { text: 'You can follow the conversation, side notes and pinned articles, and leave. The customer does not see you.' })));
    }
    if (s.status !== 'Active') return fill(this.composerEl, h('div', { class: 'notice ended', text: 'This chat is waiting in the queue.' }));

    const isAssignee = role === 'Assignee';
    const inputId = `message-${this.chatId}`;
    const textarea = h('textarea', { id: inputId, rows: '2', maxlength: '4000', placeholder: `Reply to ${s.endUser.displayName}…` });
    const label = h('label', { for: inputId, class: 'sr-only', text: 'Message' });
    const send = h('button', { type: 'submit', class: 'btn-primary', text: 'Send' });
    const form = h('form', { class: 'composer', 'aria-label': 'Composer' }, h('div', {}, label, textarea), send);
    let noteMode = false;

    const noteSwitch = isAssignee ? h('label', { class: 'switch' },
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
        await this.api.create(`${this.path}/${noteMode ? 'side-notes' : 'messages'}`, /** @satisfies {ApiBody<'postChatMessage'> & ApiBody<'addSideNote'>} */ ({ text }));
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
      this.hub.invoke('Typing', this.chatId).catch(() => {});
    });

    const definition = this.queue?.definition;
    const menu = (title, items) => h('details', { class: 'menu' },
      h('summary', { class: 'btn btn-small', text: title }),
      h('div', { class: 'menu-list up' }, items));
    const canned = menu('Canned text', (definition?.cannedResponses ?? []).map(c => h('button', {
      type: 'button',
      onclick: event => {
        event.target.closest('details').open = false;
        this.act(() => this.api.create(`${this.path}/canned-messages`, /** @satisfies {ApiBody<'sendCannedText'>} */ ({ cannedResponseId: c.id })));
      },
    }, h('span', { text: c.title }), h('small', { text: c.text }))));
    const share = menu('Share article', (definition?.articles ?? []).map(a => h('button', {
      type: 'button',
      onclick: event => {
        event.target.closest('details').open = false;
        this.act(() => this.api.create(`${this.path}/shared-articles`, /** @satisfies {ApiBody<'shareArticle'>} */ ({ articleId: a.id })));
      },
    }, h('span', { text: a.title }), h('small', { text: 'Send to the customer' }))));
    const file = h('input', { type: 'file', hidden: true, 'aria-label': 'Attachment' });
    file.addEventListener('change', async () => {
      const chosen = file.files?.[0];
      file.value = '';
      if (chosen) await this.act(() => this.api.upload(`${this.path}/attachments`, chosen), `Sent ${chosen.name}.`);
    });
    const attach = h('button', { type: 'button', class: 'btn-small', text: 'Attach file', onclick: () => file.click() });

    fill(this.composerEl, h('div', { class: 'composer-tools' }, canned, share, attach, file, noteSwitch), form);
  }

  // Actions ----------------------------------------------------------------------------------

  async act(call, success) {
    try {
      await call();
      if (success) toast(success);
      this.scheduleRefresh();
    } catch (error) {
      showError(error);
    }
  }

  /** @param {ApiSchema<'AttachmentInfo'>} file */
  download(file) {
    this.api.download(`${this.path}/attachments/${enc(file.attachmentId)}`, file.fileName).catch(showError);
  }

  async leave() {
    if (!await confirmDialog('Leave this chat?', 'You stop following it. To come back you need a new invite.', 'Leave chat', 'btn-danger')) return;
    try {
      await this.api.post(`${this.path}/leave`);
      this.close();
      this.onMembershipChanged?.();
    } catch (error) {
      showError(error);
    }
  }

  async lifecycle(action, title, text, label) {
    if (!await confirmDialog(title, text, label, action === 'release' ? 'btn-primary' : 'btn-danger')) return;
    try {
      await this.api.post(`${this.path}/${action}`);
      this.scheduleRefresh();
      this.onMembershipChanged?.();
    } catch (error) {
      showError(error);
    }
  }

  // R12 search, R5 mode: the Invite dialog.
  inviteDialog() {
    const searchId = `invite-search-${this.chatId}`;
    const modeId = `invite-mode-${this.chatId}`;
    const picker = agentPicker({
      searchId, radioName: 'invitee', emptyText: 'No online agent of this queue matches.',
      find: async query => /** @type {ApiResult<'searchInvitees'>} */ (await this.api.get(`${this.path}/invitees?q=${enc(query)}`)),
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
        await this.api.create(`${this.path}/invites`,
          /** @satisfies {ApiBody<'createInvite'>} */ ({ inviteeId: chosen, mode: /** @type {ApiSchema<'JoinMode'>} */ (mode.value) }));
        toast(`Invited ${agentName(chosen)} as ${mode.value}.`);
        this.scheduleRefresh();
      },
    });
    picker.run();
    picker.search.focus();
  }

  transferDialog() {
    const id = this.chatId;
    const agentInput = h('input', { id: `transfer-agent-${id}`, list: `transfer-agents-${id}`, autocomplete: 'off', placeholder: 'Agent id, e.g. carol' });
    const datalist = h('datalist', { id: `transfer-agents-${id}` });
    const queues = (this.me().registration.queues ?? []).filter(q => q !== this.snapshot.queueId);
    const queueSelect = h('select', { id: `transfer-queue-${id}` }, queues.map(q => h('option', { value: q, text: this.queues.name(q) })));
    const toAgent = h('input', { type: 'radio', name: 'target', value: 'agent', checked: true });
    const toQueue = h('input', { type: 'radio', name: 'target', value: 'queue', disabled: queues.length === 0 });
    this.api.get(`${this.path}/invitees?q=`).then((/** @type {ApiResult<'searchInvitees'>} */ hits) => {
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
        await this.api.post(`${this.path}/transfer`, body);
        toast('Chat transferred.');
        this.scheduleRefresh();
        this.onMembershipChanged?.();
      },
    });
  }

  // T1-T4: offer the chat to a colleague of this queue (or of another queue the agent works), who accepts or declines.
  offerDialog() {
    const id = this.chatId;
    const searchId = `offer-search-${id}`;
    const queueId = `offer-queue-${id}`;
    const stayId = `offer-stays-${id}`;
    const otherQueues = (this.me().registration.queues ?? []).filter(q => q !== this.snapshot.queueId);
    const queue = h('select', { id: queueId },
      h('option', { value: this.snapshot.queueId, text: `${this.queues.name(this.snapshot.queueId)} (this chat's queue)` }),
      otherQueues.map(q => h('option', { value: q, text: this.queues.name(q) })));
    const stays = h('input', { id: stayId, type: 'checkbox' });
    const sameQueue = () => queue.value === this.snapshot.queueId;
    const syncStay = () => {
      // T4: a chat moving to another queue cannot keep its sender.
      stays.disabled = !sameQueue();
      if (stays.disabled) stays.checked = false;
    };

    const picker = agentPicker({
      searchId, radioName: 'receiver', emptyText: 'No online agent of that queue matches.',
      find: async query => /** @type {ApiResult<'searchOfferReceivers'>} */ (
        await this.api.get(`${this.path}/offer-receivers?q=${enc(query)}&queueId=${enc(queue.value)}`)),
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
        await this.api.create(`${this.path}/offers`, body);
        toast(`Transfer offered to ${agentName(chosen)}.`);
        this.scheduleRefresh();
      },
    });
    picker.run();
    picker.search.focus();
  }

  ticketDialog() {
    const summaryId = `ticket-summary-${this.chatId}`;
    const summary = h('textarea', { id: summaryId, rows: '3', maxlength: '4000', required: true });
    openDialog({
      title: 'Create ticket',
      submitLabel: 'Create ticket',
      body: h('div', { class: 'field' }, h('label', { for: summaryId, text: 'Summary' }), summary),
      onSubmit: async () => {
        /** @type {ApiResult<'createTicket'>} */
        const ticket = await this.api.create(`${this.path}/tickets`, /** @satisfies {ApiBody<'createTicket'>} */ ({ summary: summary.value.trim() }));
        toast(`Ticket ${ticket.ticketId} created.`);
        this.scheduleRefresh();
      },
    });
    summary.focus();
  }
}

/** Redraws a part of the panel, reopening its open menus and putting focus back on their summary. */
function keepingMenus(container, redraw) {
  const open = new Set([...container.querySelectorAll('details.menu[open]')].map(menu => menu.dataset.menu));
  const focused = /** @type {HTMLElement | null | undefined} */ (document.activeElement?.closest?.('details.menu'))?.dataset.menu;
  const hadFocus = container.contains(document.activeElement) && focused;
  redraw();
  for (const menu of container.querySelectorAll('details.menu')) {
    if (open.has(menu.dataset.menu)) menu.open = true;
    if (hadFocus && menu.dataset.menu === focused) menu.querySelector('summary')?.focus();
  }
}

/** @param {ApiSchema<'KnowledgeArticle'>} article */
function articleLink(article) {
  const url = safeUrl(article.url);
  return url
    ? h('a', { class: 'grow', href: url, target: '_blank', rel: 'noopener noreferrer', text: article.title })
    : h('span', { class: 'grow', text: article.title });
}

function offerHistoryText(step, offer) {
  switch (step.kind) {
    case 'Sent': return `Offered by ${agentShortName(step.actorId)}`;
    case 'Accepted': return `${agentShortName(offer.inviteeId)} accepted`;
    case 'Rejected': return `${agentShortName(offer.inviteeId)} declined`;
    case 'Cancelled': return 'Cancelled';
    case 'Expired': return 'Expired unanswered';
    default: return step.kind;
  }
}

/**
 * @param {ApiSchema<'InviteHistoryEntry'>} step
 * @param {Invite} invite
 */
function historyText(step, invite) {
  const who = agentShortName(step.actorId);
  switch (step.kind) {
    case 'Sent': return `Sent as ${step.mode} by ${who}`;
    case 'ModeChanged': return `Mode changed to ${step.mode}`;
    case 'Resent': return `Resent as ${step.mode}`;
    case 'Accepted': return `${agentShortName(invite.inviteeId)} accepted as ${step.mode}`;
    case 'Rejected': return `${agentShortName(invite.inviteeId)} rejected`;
    case 'Cancelled': return 'Cancelled';
    case 'Expired': return 'Expired unanswered';
    default: return step.kind;
  }
}
