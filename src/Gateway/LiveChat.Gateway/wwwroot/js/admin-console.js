// Directory administration: agents and queues (create, edit, disable/enable) and the audit trail
// with each change's before and after. Every change is one call of /api/admin; the gateway and
// the directory grain check the admin role, validate and audit. Problems show with their rule id.
import { h, fill } from './core/dom.js';
import { createApi, StoredSession } from './core/api.js';
import { setupSignIn } from './core/sign-in.js';
import { setupWebhooks } from './admin-webhooks.js';
import { setupDataProtection } from './admin-data-protection.js';

// The demo directory's admin (embedded mode); any other id can be typed in.
const DEMO_ADMINS = ['ada'];
const enc = encodeURIComponent;
// Elements by id. Not narrowed (any): the page's HTML says which is an input, select or form.
/** @type {(id: string) => any} */
const $ = id => document.getElementById(id);

const session = new StoredSession('livechat.admin');
const api = createApi(() => session.token);
/** @type {ApiSchema<'DirectoryQueue'>[]} */
let queues = [];
/** @type {{ kind: 'agent' | 'queue', id: string | null } | null} */
let editing = null; // { kind: 'agent' | 'queue', id: string | null }
let auditBefore = 0;
/** @type {Map<string, ApiSchema<'DirectoryAgent'>>} */
let agentsById = new Map();

setupSignIn({
  list: $('demo-agents'), form: $('sign-in-form'), input: $('agent-id'), error: $('sign-in-error'),
  agentIds: DEMO_ADMINS,
  async signIn(agentId) {
    session.clear();
    /** @type {ApiResult<'demoSignIn'>} */
    const signedIn = await api.post('/api/auth/demo-sign-in', /** @satisfies {ApiBody<'demoSignIn'>} */ ({ agentId }));
    const profile = signedIn.agent.registration.profile;
    if (signedIn.agent.registration.role !== 'Admin') {
      throw new Error(`${profile.firstName} ${profile.lastName} is not an admin.`);
    }
    session.save({ token: signedIn.token, agentId: signedIn.agent.agentId, name: `${profile.firstName} ${profile.lastName}` });
    await start();
  },
});

$('sign-out').addEventListener('click', signOut);
$('new-agent').addEventListener('click', () => editAgent(null));
$('new-queue').addEventListener('click', () => editQueue(null));
$('audit-refresh').addEventListener('click', () => guard(() => loadAudit(true)));
$('audit-older').addEventListener('click', () => guard(() => loadAudit(false)));
for (const cancel of document.querySelectorAll('[data-cancel]')) cancel.addEventListener('click', closeEditor);
$('agent-form').addEventListener('submit', event => { event.preventDefault(); saveAgent(); });
$('queue-form').addEventListener('submit', event => { event.preventDefault(); saveQueue(); });

const loadWebhooks = setupWebhooks(api, guard);
const loadDataProtection = setupDataProtection(api, guard, () => loadAudit(true));

if (session.token) start().catch(signOut);

async function start() {
  $('sign-in').hidden = true;
  $('admin').hidden = false;
  $('who').hidden = false;
  $('me-name').textContent = session.value?.name ?? session.value?.agentId ?? '';
  await reload();
}

function signOut() {
  session.clear();
  location.reload();
}

/** Runs an API call; a 401 (token refused, e.g. this admin was disabled) signs out. */
async function guard(call, errorElement = null) {
  if (errorElement) fill(errorElement);
  try {
    await call();
    return true;
  } catch (error) {
    if (error.status === 401) signOut();
    const text = `${error.ruleId ? `${error.ruleId}: ` : ''}${error.message ?? String(error)}`;
    if (errorElement) fill(errorElement, text);
    else window.alert(text);
    return false;
  }
}

async function reload() {
  /** @type {[ApiResult<'listAgents'>, ApiResult<'listQueues'>]} */
  const [agentPage, queuePage] = await Promise.all([api.get('/api/admin/agents?max=100'), api.get('/api/admin/queues?max=100')]);
  queues = queuePage.queues;
  renderAgents(agentPage.agents);
  renderQueues(queues);
  await loadWebhooks();
  await loadDataProtection(queues);
  await loadAudit(true);
}

// Lists -----------------------------------------------------------------------------------------

/** @param {ApiSchema<'DirectoryAgent'>[]} agents */
function renderAgents(agents) {
  // Kept so an edit preserves the permissions the form does not show.
  agentsById = new Map(agents.map(agent => [agent.id, agent]));
  fill($('agents'),
    h('caption', { class: 'sr-only', text: 'Agents' }),
    h('thead', {}, h('tr', {}, ['Id', 'Name', 'Role', 'Queues', 'Status', ''].map(t => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, agents.map(agent => h('tr', { class: agent.disabled ? 'disabled' : null, dataset: { agentId: agent.id } },
      h('td', { text: agent.id }),
      h('td', { text: `${agent.firstName} ${agent.lastName}` }),
      h('td', { text: agent.role }),
      h('td', { text: [...agent.queues, ...agent.supervises.map(q => `${q} (supervises)`)].join(', ') || '—' }),
      h('td', { text: agent.disabled ? 'Disabled' : 'Enabled' }),
      h('td', { class: 'actions' },
        h('button', { type: 'button', class: 'btn-small', 'aria-label': `Edit ${agent.id}`, text: 'Edit', onclick: () => editAgent(agent) }), ' ',
        h('button', {
          type: 'button', class: agent.disabled ? 'btn-small' : 'btn-small btn-danger',
          'aria-label': `${agent.disabled ? 'Enable' : 'Disable'} ${agent.id}`, text: agent.disabled ? 'Enable' : 'Disable',
          onclick: () => guard(async () => {
            await api.post(`/api/admin/agents/${enc(agent.id)}/${agent.disabled ? 'enable' : 'disable'}`);
            await reload();
          }),
        }))))));
}

/** @param {ApiSchema<'DirectoryQueue'>[]} list */
function renderQueues(list) {
  fill($('queues'),
    h('caption', { class: 'sr-only', text: 'Queues' }),
    h('thead', {}, h('tr', {}, ['Id', 'Name', 'Assignment', 'Hours', 'Canned', 'Articles', ''].map(t => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, list.map(queue => h('tr', { dataset: { queueId: queue.id } },
      h('td', { text: queue.id }),
      h('td', { text: queue.name }),
      h('td', { text: queue.automaticAssignment ? 'Automatic' : 'Manual' }),
      h('td', { text: queue.businessHours ? `${queue.businessHours.weekly.length} openings · ${queue.businessHours.timeZone}` : 'Always open' }),
      h('td', { text: queue.cannedResponses.length }),
      h('td', { text: queue.articles.length }),
      h('td', { class: 'actions' },
        h('button', { type: 'button', class: 'btn-small', 'aria-label': `Edit ${queue.id}`, text: 'Edit', onclick: () => editQueue(queue) }))))));
}

// Editing ---------------------------------------------------------------------------------------

function openEditor(kind, id, title) {
  editing = { kind, id };
  $('editor').hidden = false;
  $('agent-form').hidden = kind !== 'agent';
  $('queue-form').hidden = kind !== 'queue';
  $('editor-title').textContent = title;
  fill($('editor-error'));
}

function closeEditor() {
  editing = null;
  $('editor').hidden = true;
}

function queueChecks(container, name, checked) {
  fill(container, queues.map(queue => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name, value: queue.id, checked: checked.includes(queue.id) }), queue.name)));
}

/** @param {ApiSchema<'DirectoryAgent'> | null} agent */
function editAgent(agent) {
  openEditor('agent', agent?.id ?? null, agent ? `Edit agent ${agent.id}` : 'New agent');
  $('agent-form-id').value = agent?.id ?? '';
  $('agent-form-id').readOnly = !!agent;
  $('agent-form-first').value = agent?.firstName ?? '';
  $('agent-form-last').value = agent?.lastName ?? '';
  $('agent-form-email').value = agent?.email ?? '';
  $('agent-form-role').value = agent?.role ?? 'Agent';
  $('agent-form-capacity').value = agent?.capacity ?? 3;
  $('agent-form-chat').checked = agent ? agent.permissions.includes('ESChat_Agent') : true;
  queueChecks($('agent-form-queues'), 'queues', agent?.queues ?? []);
  queueChecks($('agent-form-supervises'), 'supervises', agent?.supervises ?? []);
  $('agent-form-first').focus();
}

const checkedValues = container => [...container.querySelectorAll('input:checked')].map(input => input.value);

async function saveAgent() {
  const id = $('agent-form-id').value.trim();
  /** @type {ApiBody<'createAgent'> & ApiBody<'updateAgent'>} */
  const body = {
    id,
    firstName: $('agent-form-first').value.trim(),
    lastName: $('agent-form-last').value.trim(),
    email: $('agent-form-email').value.trim(),
    role: $('agent-form-role').value,
    capacity: Number($('agent-form-capacity').value),
    // Permissions other than ESChat_Agent are kept as they were.
    permissions: [...otherPermissions(id), ...($('agent-form-chat').checked ? ['ESChat_Agent'] : [])],
    queues: checkedValues($('agent-form-queues')),
    supervises: checkedValues($('agent-form-supervises')),
  };
  const ok = await guard(async () => {
    if (editing.id) await api.put(`/api/admin/agents/${enc(editing.id)}`, body);
    else await api.post('/api/admin/agents', body);
  }, $('editor-error'));
  if (!ok) return;
  closeEditor();
  await guard(reload);
}

function otherPermissions(id) {
  return (agentsById.get(id)?.permissions ?? []).filter(p => p !== 'ESChat_Agent');
}

const lines = items => items.map(item => Object.values(item).join(' | ')).join('\n');
function parseLines(text, keys) {
  return text.split('\n').map(line => line.trim()).filter(Boolean).map(line => {
    const parts = line.split('|').map(part => part.trim());
    return Object.fromEntries(keys.map((key, i) => [key, i === keys.length - 1 ? parts.slice(i).join(' | ') : (parts[i] ?? '')]));
  });
}

/** An optional whole number of seconds from a form field: empty is none; anything else goes to the server to judge (SLA1). */
const seconds = (/** @type {string} */ text) => text.trim() === '' ? null : Number(text.trim());

/** @param {ApiSchema<'DirectoryQueue'> | null} queue */
function editQueue(queue) {
  openEditor('queue', queue?.id ?? null, queue ? `Edit queue ${queue.id}` : 'New queue');
  $('queue-form-id').value = queue?.id ?? '';
  $('queue-form-id').readOnly = !!queue;
  $('queue-form-name').value = queue?.name ?? '';
  $('queue-form-auto').checked = queue?.automaticAssignment ?? false;
  $('queue-form-notify').checked = queue?.systemNotifications ?? true;
  $('queue-form-csat').checked = queue?.askSatisfaction ?? false;
  // SLA1: response-time limits in seconds (empty: none) and what a chat past one gets.
  $('queue-form-sla-first').value = queue?.firstResponseLimitSeconds?.toString() ?? '';
  $('queue-form-sla-reply').value = queue?.replyLimitSeconds?.toString() ?? '';
  $('queue-form-sla-action').value = queue?.slaBreachAction ?? 'None';
  $('queue-form-canned').value = lines(queue?.cannedResponses ?? []);
  $('queue-form-articles').value = lines(queue?.articles ?? []);
  const hours = queue?.businessHours ?? null;
  $('queue-form-hours-on').checked = !!hours;
  $('queue-form-zone').value = hours?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? '';
  $('queue-form-weekly').value = lines(hours?.weekly ?? []);
  $('queue-form-holidays').value = (hours?.holidays ?? []).join('\n');
  renderHoursFields();
  $('queue-form-name').focus();
}

// Business hours (docs/rules.md B1): off means always open. The fields stay filled while off, so
// switching back on restores them; the chat service checks zone, times and dates on save.
$('queue-form-hours-on').addEventListener('change', renderHoursFields);
function renderHoursFields() {
  const on = $('queue-form-hours-on').checked;
  for (const id of ['queue-form-zone', 'queue-form-weekly', 'queue-form-holidays']) $(id).disabled = !on;
}

/** @returns {ApiSchema<'BusinessHours'> | null} */
function businessHours() {
  if (!$('queue-form-hours-on').checked) return null;
  return {
    timeZone: $('queue-form-zone').value.trim(),
    weekly: parseLines($('queue-form-weekly').value, ['day', 'opens', 'closes']),
    holidays: $('queue-form-holidays').value.split('\n').map(line => line.trim()).filter(Boolean),
  };
}

async function saveQueue() {
  const editingId = editing?.id ?? null;
  /** @type {ApiBody<'createQueue'> & ApiBody<'updateQueue'>} */
  const body = {
    id: $('queue-form-id').value.trim(),
    name: $('queue-form-name').value.trim(),
    automaticAssignment: $('queue-form-auto').checked,
    systemNotifications: $('queue-form-notify').checked,
    askSatisfaction: $('queue-form-csat').checked,
    firstResponseLimitSeconds: seconds($('queue-form-sla-first').value),
    replyLimitSeconds: seconds($('queue-form-sla-reply').value),
    slaBreachAction: $('queue-form-sla-action').value,
    cannedResponses: parseLines($('queue-form-canned').value, ['id', 'title', 'text']),
    articles: parseLines($('queue-form-articles').value, ['id', 'title', 'url']),
    // Kept as they were: the form does not edit the offer expiry (T8).
    offerExpirySeconds: queues.find(q => q.id === editingId)?.offerExpirySeconds ?? null,
    businessHours: businessHours(),
  };
  const ok = await guard(async () => {
    if (editing.id) await api.put(`/api/admin/queues/${enc(editing.id)}`, body);
    else await api.post('/api/admin/queues', body);
  }, $('editor-error'));
  if (!ok) return;
  closeEditor();
  await guard(reload);
}

// Audit trail -----------------------------------------------------------------------------------

async function loadAudit(fromNewest) {
  /** @type {ApiResult<'readDirectoryAudit'>} */
  const slice = await api.get(`/api/admin/audit?max=50${fromNewest ? '' : `&before=${auditBefore}`}`);
  auditBefore = slice.before;
  const items = slice.entries.map(renderEntry);
  if (fromNewest) fill($('audit'), items);
  else $('audit').append(...items);
  $('audit-older').hidden = !auditBefore;
}

/** @param {ApiSchema<'DirectoryAuditEntry'>} entry */
function renderEntry(entry) {
  const before = entry.agentBefore ?? entry.queueBefore;
  const after = entry.agentAfter ?? entry.queueAfter;
  return h('li', { class: entry.outcome === 'Failed' ? 'audit-entry audit-failed' : 'audit-entry', dataset: { target: entry.target, action: entry.action } },
    h('div', { class: 'audit-head' },
      h('strong', { text: entry.action }),
      h('span', { text: entry.target }),
      h('span', { class: 'muted', text: `by ${entry.actorId}` }),
      h('time', { class: 'muted small', datetime: entry.at, text: new Date(entry.at).toLocaleString() }),
      h('span', { class: entry.outcome === 'Applied' ? 'badge badge-assignee' : 'badge badge-pending', text: entry.outcome })),
    h('ul', { class: 'audit-changes' }, changes(before, after).map(([field, was, now]) =>
      h('li', { class: 'audit-change' }, h('strong', { text: field }), `: ${was} → ${now}`))),
    entry.detail ? h('p', { class: 'audit-detail', text: entry.detail }) : null,
    entry.failure ? h('p', { class: 'form-error', text: entry.failure }) : null);
}

/** The fields that differ between before and after, as [field, before, after] texts. */
function changes(before, after) {
  const show = value => value === undefined || value === null ? '—'
    : Array.isArray(value) ? (value.map(v => typeof v === 'object' ? v.id : v).join(', ') || '(none)')
    : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields
    .filter(field => JSON.stringify(before?.[field]) !== JSON.stringify(after?.[field]))
    .map(field => [field, show(before?.[field]), show(after?.[field])]);
}
