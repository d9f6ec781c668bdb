// Support queue definitions (name, canned responses, knowledge articles), read once per queue.
import { titleCase } from './dom.js';

export class QueueDirectory {
  constructor(api) {
    this.api = api;
    this.cache = new Map();
    this.names = new Map();
  }

  /**
   * GET /api/queues/{q}: { queueId, definition: { name, cannedResponses, articles, ... }, members, supervisors }.
   * @param {string} queueId
   * @returns {Promise<ApiResult<'getQueue'>>}
   */
  get(queueId) {
    if (!this.cache.has(queueId)) {
      const load = this.api.get(`/api/queues/${encodeURIComponent(queueId)}`).then(info => {
        this.names.set(queueId, info.definition.name);
        return info;
      });
      load.catch(() => this.cache.delete(queueId));
      this.cache.set(queueId, load);
    }
    return this.cache.get(queueId);
  }

  name(queueId) {
    return this.names.get(queueId) ?? titleCase(queueId);
  }
}
