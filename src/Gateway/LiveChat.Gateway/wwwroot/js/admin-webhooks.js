// Webhooks on the admin page: register an endpoint (its secret is shown once), list and delete
// endpoints, read an endpoint's delivery log page by page. Every rule is the registry grain's (W1-W9).
import { h, fill } from './core/dom.js';

const EVENTS = ['chat.started', 'chat.assigned', 'chat.ended', 'message.posted', 'invite.sent', 'invite.answered', 'offer.answered', 'csat.received'];
const enc = encodeURIComponent;
// Elements by id. Not narrowed (any): the page's HTML says which is an input, form or list.
/** @type {(id: string) => any} */
const $ = id => document.getElementById(id);

/**
 * Wires the Webhooks section; returns the function that (re)loads it.
 * @param {ReturnType<typeof import('./core/api.js').createApi>} api
 * @param {(work: () => Promise<void>, error?: HTMLElement) => Promise<unknown>} guard runs the work, showing a problem in the element
 * @returns {() => Promise<void>}
 */
export function setupWebhooks(api, guard) {
  /** @type {ApiSchema<'WebhookEndpoint'> | null} */
  let logEndpoint = null;
  let logBefore = 0;

  fill($('webhook-events'), EVENTS.map(name => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'webhook-event', value: name }), name)));
  $('webhooks-refresh').addEventListener('click', () => guard(load));
  $('webhook-log-older').addEventListener('click', () => guard(() => loadLog(false)));
  $('webhook-form').addEventListener('submit', async event => {
    event.preventDefault();
    const events = [.../** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('input[name="webhook-event"]:checked'))].map(input => input.value);
    await guard(async () => {
      /** @type {ApiResult<'registerWebhook'>} */
      const registered = await api.post('/api/admin/webhooks', /** @satisfies {ApiBody<'registerWebhook'>} */ ({
        url: $('webhook-url').value.trim(), events, description: $('webhook-description').value.trim() || null,
      }));
      // Shown this once: the registry never answers it again.
      const secret = $('webhook-secret');
      fill(secret, 'Signing secret for ', h('code', { text: registered.endpoint.url }), ' (copy it now, it is not shown again): ',
        h('code', { id: 'webhook-secret-value', text: registered.secret }));
      secret.hidden = false;
      $('webhook-form').reset();
      await load();
    }, $('webhook-error'));
  });

  async function load() {
    /** @type {ApiResult<'listWebhooks'>} */
    const endpoints = await api.get('/api/admin/webhooks');
    fill($('webhooks'),
      h('caption', { class: 'sr-only', text: 'Webhook endpoints' }),
      h('thead', {}, h('tr', {}, ['Id', 'URL', 'Events', 'Description', ''].map(t => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, endpoints.map(endpoint => h('tr', { dataset: { webhookId: endpoint.id } },
        h('td', { text: endpoint.id }),
        h('td', { text: endpoint.url }),
        h('td', { text: endpoint.events.join(', ') }),
        h('td', { text: endpoint.description ?? '—' }),
        h('td', { class: 'actions' },
          h('button', { type: 'button', class: 'btn-small', 'aria-label': `Deliveries of ${endpoint.url}`, text: 'Deliveries',
            onclick: () => guard(() => { logEndpoint = endpoint; return loadLog(true); }) }), ' ',
          h('button', { type: 'button', class: 'btn-small btn-danger', 'aria-label': `Delete ${endpoint.url}`, text: 'Delete',
            onclick: () => guard(async () => {
              if (!window.confirm(`Delete the webhook to ${endpoint.url}? Its waiting deliveries are dropped.`)) return;
              await api.del(`/api/admin/webhooks/${enc(endpoint.id)}`);
              if (logEndpoint?.id === endpoint.id) { logEndpoint = null; $('webhook-log').hidden = true; }
              await load();
            }) }))))));
  }

  /** @param {boolean} fresh from the newest line (another endpoint chosen), else the next older page */
  async function loadLog(fresh) {
    if (!logEndpoint) return;
    if (fresh) { logBefore = 0; fill($('webhook-deliveries')); }
    /** @type {ApiResult<'readWebhookDeliveries'>} */
    const page = await api.get(`/api/admin/webhooks/${enc(logEndpoint.id)}/deliveries?max=20${logBefore ? `&before=${logBefore}` : ''}`);
    $('webhook-log').hidden = false;
    $('webhook-log-title').textContent = `Deliveries to ${logEndpoint.url} (${page.pending} waiting)`;
    $('webhook-deliveries').append(...page.entries.map(entry => h('li', { class: `webhook-${entry.outcome.toLowerCase()}` },
      h('time', { datetime: entry.at, text: new Date(entry.at).toLocaleString() }), ' ',
      h('strong', { text: entry.outcome }), ` ${entry.event} ${entry.deliveryId} attempt ${entry.attempt}`,
      entry.statusCode ? ` (HTTP ${entry.statusCode})` : '', entry.error ? ` ${entry.error}` : '', ` ${entry.durationMs} ms`)));
    logBefore = page.before;
    $('webhook-log-older').hidden = !page.before;
  }

  return load;
}
