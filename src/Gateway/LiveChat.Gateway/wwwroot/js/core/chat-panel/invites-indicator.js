// R10: the assignee's "+N" in the chat's header, with the details of every invite and transfer
// offer in a popover (on hover, or pinned by a click) and the inviter's actions on them (R8, R9,
// R14; T5-T7 for offers).
import { h, formatTime } from '../dom.js';
import { agentName, agentShortName } from '../names.js';

const enc = encodeURIComponent;

/** @typedef {import('../chat-panel.js').ChatPanel} ChatPanel */
/** @typedef {ApiSchema<'Invite'>} Invite */

export class InvitesIndicator {
  /** @param {ChatPanel} panel */
  constructor(panel) {
    this.panel = panel;
    this.open = false;
    this.pinned = false;
    // The invite details close on a click elsewhere, like the menus.
    document.addEventListener('click', event => {
      if (this.open && !/** @type {Element} */ (event.target).closest?.('.invites-indicator')) this.show(false, false);
    });
  }

  /** A newly opened chat starts with the details closed. */
  reset() {
    this.open = this.pinned = false;
  }

  show(open, pinned = this.pinned) {
    this.open = open;
    this.pinned = open && pinned;
    const wrap = this.panel.headEl?.querySelector('.invites-indicator');
    if (!wrap) return;
    /** @type {HTMLElement} */ (wrap.querySelector('.popover')).hidden = !open;
    wrap.querySelector('button').setAttribute('aria-expanded', String(open));
  }

  render() {
    const panel = this.panel;
    const live = panel.invites.filter(i => i.status !== 'Cancelled' && i.status !== 'Expired');
    const wrap = h('div', { class: 'invites-indicator' });
    const popover = h('div', { class: 'popover', id: `invites-${panel.chatId}`, role: 'region', 'aria-label': 'Invite details' },
      h('h3', { text: 'Invites' }),
      panel.invites.map(invite => inviteDetail(panel, invite)));
    const button = h('button', {
      type: 'button', 'aria-controls': popover.id, 'aria-expanded': 'false',
      'aria-label': `${live.length} invited: show invite details`, title: 'Invite details', text: `+${live.length}`,
    });
    button.addEventListener('click', () => {
      const pin = !this.open || !this.pinned;
      this.show(pin, pin);
    });
    wrap.addEventListener('mouseenter', () => { if (!this.open) this.show(true, false); });
    wrap.addEventListener('mouseleave', () => { if (!this.pinned) this.show(false, false); });
    wrap.addEventListener('keydown', event => {
      if (event.key === 'Escape') { this.show(false, false); button.focus(); }
    });
    wrap.append(button, popover);
    popover.hidden = !this.open;
    button.setAttribute('aria-expanded', String(this.open));
    return wrap;
  }
}

/**
 * @param {ChatPanel} panel
 * @param {Invite} invite
 */
function inviteDetail(panel, invite) {
  if (invite.kind === 'TransferOffer') return offerDetail(panel, invite);
  const other = invite.mode === 'Participant' ? 'Monitor' : 'Participant';
  const actions = h('div', { class: 'actions row' });
  if (invite.status === 'Pending' || invite.status === 'Rejected') {
    actions.append(h('button', {
      type: 'button', class: 'btn-small', text: `Change to ${other}`,
      onclick: () => panel.act(() => panel.api.put(`${panel.path}/invites/${enc(invite.inviteId)}/mode`, /** @satisfies {ApiBody<'changeInviteMode'>} */ ({ mode: other })), `The invite is now for ${other}.`),
    }));
  }
  if (invite.status === 'Rejected') {
    actions.append(h('button', {
      type: 'button', class: 'btn-small btn-primary', text: 'Resend',
      onclick: () => panel.act(() => panel.api.post(`${panel.path}/invites/${enc(invite.inviteId)}/resend`), 'Invite resent.'),
    }));
  }
  if (invite.status === 'Pending') {
    actions.append(h('button', {
      type: 'button', class: 'btn-small btn-danger', text: 'Cancel invite',
      onclick: () => panel.act(() => panel.api.post(`${panel.path}/invites/${enc(invite.inviteId)}/cancel`), 'Invite cancelled.'),
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

/**
 * T5-T7: a transfer offer as its sender sees it: who, status, each step with its time, cancel while pending.
 * @param {ChatPanel} panel
 * @param {Invite} offer
 */
function offerDetail(panel, offer) {
  const cancel = offer.status === 'Pending' && panel.role === 'Assignee'
    ? h('button', {
      type: 'button', class: 'btn-small btn-danger', text: 'Cancel offer',
      onclick: () => panel.act(() => panel.api.post(`${panel.path}/offers/${enc(offer.inviteId)}/cancel`), 'Transfer offer cancelled.'),
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
