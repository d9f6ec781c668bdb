// Renders a chat transcript: messages, side notes, attachments, shared articles and system lines.
// Entries are kept in sequence order and each is shown once, whether it came from the hub or a
// transcript read (after a reconnect a console reads "transcript?after=lastSeq").
import { h, formatTime, formatSize, fileIcon, safeUrl } from './dom.js';

const SYSTEM_KINDS = new Set(['SystemMessage', 'Joined', 'Left', 'StateChanged', 'InviteStep', 'ArticlePinned',
  'ArticleUnpinned', 'TicketCreated', 'RemoteAccessRequested']);

/**
 * @typedef {{ viewer: 'agent' | 'enduser', nameOf: (actor: ApiSchema<'Actor'>) => string,
 *   download: (file: ApiSchema<'AttachmentInfo'>) => unknown, articleUrl?: (articleId: string) => string | null }} TranscriptViewOptions
 */

export class TranscriptView {
  /**
   * @param {HTMLElement} list the <ol> to render into
   * @param {TranscriptViewOptions} options viewer ('agent' | 'enduser'), nameOf(actor), download(attachment),
   *   articleUrl(articleId), systemText(entry)
   */
  constructor(list, options) {
    this.list = list;
    this.options = options;
    this.seen = new Set();
    this.lastSeq = 0;
  }

  /**
   * Highest sequence number up to which nothing is missing: the "after" of the next catch-up read.
   * A read covers every entry up to its `lastSeq` (including those this viewer may not see); a
   * pushed entry moves it only when it continues an unbroken run, because a push can arrive ahead
   * of entries not yet read (a push before the first read, or pushes out of order).
   */
  advance(seq) {
    if (seq > this.lastSeq) this.lastSeq = seq;
    while (this.seen.has(this.lastSeq + 1)) this.lastSeq++;
  }

  /** @param {ApiSchema<'TranscriptEntry'>} entry */
  add(entry) {
    if (this.seen.has(entry.seq)) return false;
    this.seen.add(entry.seq);
    this.advance(this.lastSeq);
    if (entry.visibility === 'Audit') return false;
    const stick = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 80;
    const node = this.render(entry);
    const after = [...this.list.children].find(child => Number(/** @type {HTMLElement} */ (child).dataset.seq) > entry.seq);
    this.list.insertBefore(node, after ?? null);
    if (stick || !after) this.list.scrollTop = this.list.scrollHeight;
    return true;
  }

  clear() {
    this.list.replaceChildren();
    this.seen.clear();
    this.lastSeq = 0;
  }

  /** @param {ApiSchema<'TranscriptEntry'>} entry */
  render(entry) {
    const { viewer, nameOf } = this.options;
    const who = nameOf(entry.actor);
    const when = h('time', { class: 'when', datetime: entry.at, text: formatTime(entry.at) });
    const base = { dataset: { seq: entry.seq, kind: entry.kind } };

    if (SYSTEM_KINDS.has(entry.kind)) {
      const agentsOnly = entry.visibility === 'Agents' && viewer === 'agent';
      return h('li', { ...base, class: `entry system${agentsOnly ? ' agents-only' : ''}` },
        h('span', { class: 'line', title: agentsOnly ? 'Only agents see this' : null },
          this.systemText(entry), ' · ', formatTime(entry.at)));
    }
    if (entry.kind === 'SideNote') {
      return h('li', { ...base, class: 'entry note' },
        h('span', { class: 'who' }, h('span', { class: 'tag', text: 'Side note' }), `${who} · only agents see this`),
        h('div', { class: 'bubble', text: entry.text }), when);
    }

    const fromEndUser = entry.actor.kind === 'EndUser';
    const outgoing = viewer === 'enduser' ? fromEndUser : !fromEndUser;
    let body;
    if (entry.kind === 'Attachment' && entry.attachment) {
      const file = entry.attachment;
      body = h('div', { class: 'bubble' },
        h('button', {
          type: 'button', class: 'file-link', title: `Download ${file.fileName}`,
          onclick: () => this.options.download(file),
        }, fileIcon(), file.fileName),
        h('span', { class: 'small', text: ` ${formatSize(file.size)}` }));
    } else if (entry.kind === 'ArticleShared') {
      const url = safeUrl(this.options.articleUrl?.(entry.refId));
      body = h('div', { class: 'bubble article-card' },
        h('span', { class: 'kicker', text: 'Knowledge article' }),
        url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', text: entry.text }) : h('strong', { text: entry.text }));
    } else {
      body = h('div', { class: 'bubble', text: entry.text });
    }
    return h('li', { ...base, class: `entry ${outgoing ? 'out' : 'in'}` }, h('span', { class: 'who', text: who }), body, when);
  }

  /** @param {ApiSchema<'TranscriptEntry'>} entry */
  systemText(entry) {
    switch (entry.kind) {
      case 'ArticlePinned': return `${this.options.nameOf(entry.actor)} pinned “${entry.text}”`;
      case 'ArticleUnpinned': return `${this.options.nameOf(entry.actor)} unpinned “${entry.text}”`;
      default: return entry.text;
    }
  }
}

/**
 * Reads every entry after `view.lastSeq` (pages of up to 200) and adds them.
 * @param {TranscriptView} view
 * @param {(after: number) => Promise<ApiSchema<'TranscriptSlice'>>} read GET .../transcript?after=
 */
export async function catchUp(view, read) {
  for (let guard = 0; guard < 100; guard++) {
    const slice = await read(view.lastSeq);
    for (const entry of slice.entries) view.add(entry);
    view.advance(slice.lastSeq);
    if (!slice.hasMore) return;
  }
}
