// The dashboard's Reports section (docs/rules.md RP1-RP3): a supervised queue and a period
// (today, 7 or 30 UTC days), the figures as a table (what screen readers and axe read), and two
// Chart.js charts of the same figures (chats per day, per agent). The grains count; this only shows.
import { h, fill, showError } from './core/dom.js';

const enc = encodeURIComponent;
const $ = id => document.getElementById(id);

/**
 * The table's rows: label and how to read it from a figures object (null shows as "–").
 * @type {Array<[string, (f: ApiSchema<'ReportFigures'>) => (number | string | null)]>}
 */
const ROWS = [
  ['Chats started', f => f.chatsStarted],
  ['Chats answered', f => f.chatsAnswered],
  ['Chats ended', f => f.chatsEnded],
  ['Chats abandoned', f => f.chatsAbandoned],
  ['Chats transferred', f => f.chatsTransferred],
  ['First response p50', f => seconds(f.firstResponseP50Seconds)],
  ['First response p90', f => seconds(f.firstResponseP90Seconds)],
  ['Handle time p50', f => seconds(f.handleTimeP50Seconds)],
  ['Handle time p90', f => seconds(f.handleTimeP90Seconds)],
  ['Invites sent', f => f.invitesSent],
  ['Invites accepted', f => f.invitesAccepted],
  ['Invites rejected', f => f.invitesRejected],
  ['SLA breaches', f => f.slaBreaches],
];

// The histogram's last bound (RP5): a percentile there means "longer than a day".
const LAST_BOUND_SECONDS = 86400;

/** A percentile as the upper bound of its bucket: "≤ 45 s", "≤ 2 min", "> 24 h". */
function seconds(value) {
  if (value === null || value === undefined) return null;
  if (value >= LAST_BOUND_SECONDS) return '> 24 h';
  if (value < 120) return `≤ ${value} s`;
  if (value < 7200) return `≤ ${Math.round(value / 60)} min`;
  return `≤ ${Math.round(value / 3600)} h`;
}

/**
 * Wires the Reports section: the toggle in the top bar, the picker, and the report it shows.
 * @param {{ api: any, queueName: (queueId: string) => string, supervised: () => string[] }} options
 */
export function setupReports({ api, queueName, supervised }) {
  /** @type {Record<string, any>} Chart.js charts by canvas id, replaced on each report. */
  const charts = {};
  const toggle = $('toggle-reports');
  toggle.setAttribute('aria-expanded', 'false');
  toggle.addEventListener('click', async () => {
    const open = $('reports').hidden;
    $('reports').hidden = !open;
    $('dashboard').hidden = open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? 'Live dashboard' : 'Reports';
    if (open) {
      fill($('report-queue'), supervised().map(queueId => h('option', { value: queueId, text: queueName(queueId) })));
      await show();
    }
  });
  $('report-form').addEventListener('submit', async event => {
    event.preventDefault();
    await show();
  });

  async function show() {
    const queueId = /** @type {HTMLSelectElement} */ ($('report-queue')).value;
    const range = /** @type {HTMLSelectElement} */ ($('report-range')).value;
    if (!queueId) {
      $('report-period').textContent = 'You supervise no queue.';
      return;
    }
    try {
      /** @type {ApiResult<'getQueueReport'>} */
      const report = await api.get(`/api/supervisor/reports?queue=${enc(queueId)}&range=${enc(range)}`);
      render(report);
    } catch (error) {
      showError(error);
    }
  }

  /** @param {ApiResult<'getQueueReport'>} report */
  function render(report) {
    $('report-period').textContent = report.from === report.to
      ? `${queueName(report.queueId)}: ${report.from} (UTC)`
      : `${queueName(report.queueId)}: ${report.from} to ${report.to} (UTC days)`;
    const columns = [{ name: 'Queue total', figures: report.queue }, ...report.agents.map(a => ({ name: a.name, figures: a.figures }))];
    fill($('report-head'), h('th', { scope: 'col', text: 'Figure' }), columns.map(c => h('th', { scope: 'col', text: c.name })));
    fill($('report-body'), ROWS.map(([label, read]) => h('tr', { dataset: { figure: label } },
      h('th', { scope: 'row', text: label }),
      columns.map(c => h('td', { text: read(c.figures) ?? '–' })))));
    draw('report-days-chart', {
      type: 'bar',
      data: {
        labels: report.days.map(d => d.date.slice(5)),
        datasets: [
          { label: 'Started', data: report.days.map(d => d.figures.chatsStarted) },
          { label: 'Answered', data: report.days.map(d => d.figures.chatsAnswered) },
          { label: 'Abandoned', data: report.days.map(d => d.figures.chatsAbandoned) },
        ],
      },
    });
    draw('report-agents-chart', {
      type: 'bar',
      data: {
        labels: report.agents.map(a => a.name),
        datasets: [
          { label: 'Answered', data: report.agents.map(a => a.figures.chatsAnswered) },
          { label: 'Transferred', data: report.agents.map(a => a.figures.chatsTransferred) },
          { label: 'SLA breaches', data: report.agents.map(a => a.figures.slaBreaches) },
        ],
      },
    });
  }

  /** Draws a chart on its canvas, replacing the one before. No animation: a report is read, not watched. */
  function draw(canvasId, config) {
    charts[canvasId]?.destroy();
    charts[canvasId] = new Chart(/** @type {HTMLCanvasElement} */ ($(canvasId)), {
      ...config,
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }
}
