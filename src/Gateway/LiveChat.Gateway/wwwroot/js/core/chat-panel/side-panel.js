// The chat's side panel: the customer, the people in the chat, pinned articles (pinned and
// unpinned by whoever may, A5), what was shared with the customer, attachments, tickets and
// remote access requests.
import { h, fill, formatTime, formatSize, fileIcon, safeUrl } from '../dom.js';
import { agentName } from '../names.js';

const enc = encodeURIComponent;

/** @typedef {import('../chat-panel.js').ChatPanel} ChatPanel */

/** @param {ChatPanel} panel */
export function renderSide(panel) {
  const s = panel.snapshot;
  const mayPin = panel.may('A5_PinArticle') && panel.active;
  const section = (title, ...content) => h('section', { 'aria-label': title }, h('h3', { text: title }), ...content);
  const listOr = (items, empty) => items.length ? h('ul', {}, items) : h('p', { class: 'list-empty', text: empty });

  const people = [];
  if (s.assigneeId) people.push(h('li', {}, h('span', { class: 'grow', text: agentName(s.assigneeId) }), h('span', { class: 'badge badge-assignee', text: 'Assignee' })));
  for (const m of s.members) {
    people.push(h('li', {}, h('span', { class: 'grow', text: agentName(m.agentId) }), h('span', { class: `badge badge-${m.mode.toLowerCase()}`, text: m.mode })));
  }

  const pinned = s.pinnedArticles.map(a => h('li', {},
    articleLink(a),
    mayPin ? h('button', {
      type: 'button', class: 'btn-small btn-ghost', 'aria-label': `Unpin ${a.title}`, text: 'Unpin',
      onclick: () => panel.act(() => panel.api.del(`${panel.path}/pinned-articles/${enc(a.id)}`)),
    }) : null));
  const pinnable = (panel.queue?.definition.articles ?? []).filter(a => !s.pinnedArticles.some(p => p.id === a.id));
  const pinMenu = mayPin && pinnable.length ? h('details', { class: 'menu', dataset: { menu: 'pin' } },
    h('summary', { class: 'btn btn-small', text: 'Pin an article' }),
    h('div', { class: 'menu-list' }, pinnable.map(a => h('button', {
      type: 'button',
      onclick: event => {
        event.target.closest('details').open = false;
        panel.act(() => panel.api.post(`${panel.path}/pinned-articles`, /** @satisfies {ApiBody<'pinArticle'>} */ ({ articleId: a.id })), `Pinned “${a.title}”.`);
      },
    }, h('span', { text: a.title }))))) : null;

  const attachments = s.attachments.map(file => h('li', {},
    h('button', { type: 'button', class: 'file-link grow', onclick: () => panel.download(file) }, fileIcon(), file.fileName),
    h('span', { class: 'small muted', text: formatSize(file.size) })));

  fill(panel.sideEl,
    section('Customer', h('dl', { class: 'kv' },
      h('dt', { text: 'Name' }), h('dd', { text: s.endUser.displayName }),
      // Identified visitor: the host website vouched for this customer; anything else is as typed.
      h('dt', { text: 'Identity' }), h('dd', { 'data-testid': 'customer-identity', text: s.endUser.verified
        ? `Verified by ${s.endUser.verified.siteId}: ${s.endUser.verified.customerId}${s.endUser.verified.email ? ` · ${s.endUser.verified.email}` : ''}`
        : 'Not verified (name as typed)' }),
      h('dt', { text: 'Queue' }), h('dd', { text: panel.queueName() }),
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

/** @param {ApiSchema<'KnowledgeArticle'>} article */
function articleLink(article) {
  const url = safeUrl(article.url);
  return url
    ? h('a', { class: 'grow', href: url, target: '_blank', rel: 'noopener noreferrer', text: article.title })
    : h('span', { class: 'grow', text: article.title });
}
