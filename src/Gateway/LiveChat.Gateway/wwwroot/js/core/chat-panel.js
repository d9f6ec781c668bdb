// One chat as an agent in it sees it (A11): opens and watches it, follows its live events, typing
// and reconnects, and wires its parts: the header with the chat actions (chat-panel/head.js), the
// invites indicator (chat-panel/invites-indicator.js), the side panel (chat-panel/side-panel.js),
// the composer (chat-panel/composer.js) and the dialogs they open (chat-panel/*-dialog.js).
// What the panel offers is what the chat's snapshot says the viewer may do (`allowed`, from the
// chat's action table A1-A11, docs/rules.md): the panel keeps no copy of the table. The gateway
// decides anyway, and any refusal is shown with the rule that refused.
import { h, fill, showError, toast } from './dom.js';
import { TranscriptView, catchUp } from './transcript.js';
import { confirmDialog } from './dialogs.js';
import { agentName, rememberName } from './names.js';
import { ApiError } from './api.js';
import { renderHead } from './chat-panel/head.js';
import { InvitesIndicator } from './chat-panel/invites-indicator.js';
import { renderSide } from './chat-panel/side-panel.js';
import { renderComposer } from './chat-panel/composer.js';

const enc = encodeURIComponent;
// Message and side-note entries change nothing else; every other kind may change the snapshot
// (members, pins, invites, status, attachments, tickets).
const CONTENT_ONLY = new Set(['Message', 'SideNote']);
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
    this.invitesIndicator = new InvitesIndicator(this);
    this.openSeq = 0;
    this.showEmpty();
  }

  get meId() { return this.me().agentId; }
  /** The viewer's role in the chat, as the header shows it; what it may do comes from {@link may}. */
  get role() { return roleIn(this.snapshot, this.meId); }
  get active() { return this.snapshot?.status === 'Active'; }
  get path() { return `/api/chats/${enc(this.chatId)}`; }

  /**
   * Whether the viewer may take the action here: the chat's snapshot lists what its role allows
   * (A1-A11); the chat's status still applies on top.
   * @param {ApiSchema<'ChatAction'>} action
   */
  may(action) { return this.snapshot?.allowed?.includes(action) ?? false; }

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
    this.invitesIndicator.reset();
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
      // An assignee who handed the chat on keeps none of its actions until the refresh below
      // brings what it may still do (as a participant who stays, or nothing).
      const handedOn = this.snapshot.assigneeId === this.meId && event.assigneeId !== this.meId;
      this.snapshot = { ...this.snapshot, status: event.status, assigneeId: event.assigneeId, ...(handedOn ? { allowed: [] } : {}) };
      this.render();
    }
    if (!CONTENT_ONLY.has(event.entry.kind)) this.scheduleRefresh();
  }

  /** "chatAccessEnded": this agent is no longer in the chat, and the hub stopped its events. */
  /** @param {HubChatAccessEnded} event */
  onAccessEnded(event) {
    if (event.chatId === this.chatId) this.refresh();
  }

  /**
   * "chatStale": the gateway's subscription to the chat was lost for a while (its grain moved to
   * another silo), so events may be missing: watch and read again, as after a reconnect.
   * @param {HubChatStale} event
   */
  onStale(event) {
    if (event.chatId === this.chatId) this.resync();
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
        this.snapshot = this.snapshot && { ...this.snapshot, assigneeId: null, members: this.snapshot.members.filter(m => m.agentId !== this.meId), allowed: [] };
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
    // R10: the inviter (the assignee, R3) sees every invite of the chat in detail.
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
    keepingMenus(this.headEl, () => renderHead(this));
    keepingMenus(this.sideEl, () => renderSide(this));
    renderComposer(this);
  }

  articleUrl(articleId) {
    const all = [...(this.queue?.definition.articles ?? []), ...(this.snapshot?.pinnedArticles ?? []), ...(this.snapshot?.sharedArticles ?? [])];
    return all.find(a => a.id === articleId)?.url ?? null;
  }

  queueName() {
    return this.queue?.definition.name ?? this.queues.name(this.snapshot.queueId);
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
