// Data protection on the admin page (docs/rules.md E1-E10): a queue's retention, and one end user's
// chats found, exported (art. 15) and erased (art. 17). The end user is sent in the body, never in
// the address. Every rule is the grains'; problems show with their rule id.
import { h, fill } from './core/dom.js';

const enc = encodeURIComponent;
// Elements by id. Not narrowed (any): the page's HTML says which is an input, select or form.
/** @type {(id: string) => any} */
const $ = id => document.getElementById(id);

/**
 * Wires the Data protection section; returns the function that (re)loads it with the directory's queues.
 * @param {ReturnType<typeof import('./core/api.js').createApi>} api
 * @param {(work: () => Promise<void>, error: HTMLElement) => Promise<unknown>} guard runs the work, showing a problem in the element
 * @param {() => Promise<void>} onAudited reloads the audit trail after an audited action
 * @returns {(queues: ApiSchema<'DirectoryQueue'>[]) => Promise<void>}
 */
export function setupDataProtection(api, guard, onAudited) {
  $('retention-queue').addEventListener('change', () => guard(showRetention, $('retention-error')));
  $('retention-form').addEventListener('submit', event => {
    event.preventDefault();
    guard(async () => {
      /** @type {ApiResult<'setRetention'>} */
      const policy = await api.put(`/api/admin/retention/${enc($('retention-queue').value)}`,
        /** @satisfies {ApiBody<'setRetention'>} */ ({ days: Number($('retention-days').value) }));
      render(policy);
      await onAudited();
    }, $('retention-error'));
  });
  $('subject-form').addEventListener('submit', event => {
    event.preventDefault();
    guard(find, $('subject-error'));
  });
  $('subject-export').addEventListener('click', () => guard(async () => {
    await api.download('/api/admin/end-users/export', 'end-user-export.json', subject());
    $('subject-result').textContent = 'Export downloaded (end-user-export.json).';
    await onAudited();
  }, $('subject-error')));
  $('subject-erase').addEventListener('click', () => guard(async () => {
    if (!window.confirm('Erase every chat of this end user? Transcripts and files are deleted for good; only tombstones stay.')) return;
    /** @type {ApiResult<'eraseEndUser'>} */
    const report = await api.post('/api/admin/end-users/erase', subject());
    fill($('subject-chats'));
    $('subject-result').textContent = `Erased ${report.erased.length} chats and ${report.attachments} files.`;
    await onAudited();
  }, $('subject-error')));

  /** @returns {ApiBody<'eraseEndUser'>} */
  function subject() {
    /** @param {string} id */
    const value = id => $(id).value.trim() || null;
    return { siteId: value('subject-site'), customerId: value('subject-customer'), endUserId: value('subject-enduser') };
  }

  async function find() {
    /** @type {ApiResult<'listEndUserChats'>} */
    const found = await api.post('/api/admin/end-users/chats', subject());
    $('subject-result').textContent = `${found.chats.length} chats kept.`;
    fill($('subject-chats'), found.chats.map(chat => h('li', { dataset: { chatId: chat.chatId } },
      `${chat.chatId} in ${chat.queueId}, started `, h('time', { datetime: chat.startedAt, text: new Date(chat.startedAt).toLocaleString() }))));
  }

  async function showRetention() {
    if (!$('retention-queue').value) return;
    render(/** @type {ApiResult<'getRetention'>} */ (await api.get(`/api/admin/retention/${enc($('retention-queue').value)}`)));
  }

  /** @param {ApiResult<'getRetention'>} policy */
  function render(policy) {
    $('retention-days').value = String(policy.days);
    $('retention-status').textContent = `${policy.queueId}: ended chats are kept ${policy.days} days${policy.isDefault ? ' (the default)' : ''}; `
      + `${policy.erasedChats} erased so far${policy.lastSweepAt ? `, last on ${new Date(policy.lastSweepAt).toLocaleString()}` : ''}.`;
  }

  return async queues => {
    const select = $('retention-queue');
    const chosen = select.value;
    fill(select, queues.map(queue => h('option', { value: queue.id, text: `${queue.name} (${queue.id})` })));
    if (queues.some(queue => queue.id === chosen)) select.value = chosen;
    // A refusal here shows in the section; it never stops the rest of the page loading.
    await guard(showRetention, $('retention-error'));
  };
}
