// Small DOM helpers. Every text that comes from people or the API is set as text (text nodes,
// textContent), never parsed as HTML.

/**
 * Creates an element: h('button', { class: 'btn', onclick: fn, text: 'Send' }, child, ...).
 * Styles are an object set through the CSSOM ({ style: { width: '40%' } }): the page's
 * Content-Security-Policy refuses style attributes.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any> | null} [props]
 * @param {...any} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style') Object.assign(el.style, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  appendChildren(el, children);
  return el;
}

function appendChildren(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children with the given nodes or texts. */
export function fill(el, ...children) {
  el.replaceChildren();
  appendChildren(el, children);
  return el;
}

/** Only http(s) links are followed; anything else (javascript:, data:) is not a link. */
export function safeUrl(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null;
}

/** "alice" -> "Alice": how an agent id reads where no full name is known. */
export function titleCase(id) {
  return id ? id.charAt(0).toUpperCase() + id.slice(1) : '';
}

export function initials(name) {
  return (name || '?').split(/\s+/).filter(Boolean).slice(0, 2).map(p => p[0].toUpperCase()).join('');
}

export function formatTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** .NET TimeSpan JSON ("[-][d.]hh:mm:ss[.fffffff]") to seconds. */
export function parseTimeSpan(value) {
  const m = /^(-)?(?:(\d+)\.)?(\d+):(\d+):(\d+)(?:\.(\d+))?$/.exec(value ?? '');
  if (!m) return 0;
  const seconds = (+(m[2] ?? 0)) * 86400 + (+m[3]) * 3600 + (+m[4]) * 60 + (+m[5]) + (m[6] ? +`0.${m[6]}` : 0);
  return m[1] ? -seconds : seconds;
}

export function formatDuration(totalSeconds) {
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s < 60) return `${s}s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A file icon as inline SVG (no icon font, no emoji font needed). */
export function fileIcon() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'file-icon');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8zm0 0v6h6');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '2');
  path.setAttribute('stroke-linejoin', 'round');
  svg.append(path);
  return svg;
}

let toastRoot;
/** A short message in the corner; errors name the rule that refused (ruleId). */
export function toast(message, { error = false, rule = null, timeout = 3000 } = {}) {
  if (!toastRoot) {
    toastRoot = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(toastRoot);
  }
  // A few at a time: the newest replace the oldest.
  while (toastRoot.childElementCount >= 3) toastRoot.firstElementChild.remove();
  const item = h('div', { class: error ? 'toast error' : 'toast' }, rule ? h('span', { class: 'rule', text: rule }) : null, message);
  toastRoot.append(item);
  setTimeout(() => item.remove(), timeout);
}

/** Shows an API or hub error as a toast. */
export function showError(error) {
  console.warn(error);
  toast(error?.message || String(error), { error: true, rule: error?.ruleId ?? null, timeout: 7000 });
}

/** Closes an open <details> menu when focus or a click goes elsewhere, and on Escape. */
export function closeMenusOnOutsideClick() {
  document.addEventListener('click', event => {
    for (const menu of /** @type {NodeListOf<HTMLDetailsElement>} */ (document.querySelectorAll('details.menu[open]'))) {
      if (!menu.contains(/** @type {Node} */ (event.target))) menu.open = false;
    }
  });
  document.addEventListener('keydown', event => {
    if (event.key !== 'Escape') return;
    for (const menu of /** @type {NodeListOf<HTMLDetailsElement>} */ (document.querySelectorAll('details.menu[open]'))) {
      menu.open = false;
      menu.querySelector('summary')?.focus();
    }
  });
}

/** Arrow-key navigation between the tabs of a tablist (WAI-ARIA tabs pattern). */
export function setupTabs(tablist, onSelect) {
  const tabs = [...tablist.querySelectorAll('[role=tab]')];
  const select = tab => {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')).hidden = !selected;
    }
    onSelect?.(tab.id);
  };
  for (const tab of tabs) {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', event => {
      const index = tabs.indexOf(tab);
      const next = event.key === 'ArrowRight' ? tabs[(index + 1) % tabs.length]
        : event.key === 'ArrowLeft' ? tabs[(index - 1 + tabs.length) % tabs.length] : null;
      if (next) {
        event.preventDefault();
        next.focus();
        select(next);
      }
    });
  }
  return { select: id => select(tabs.find(t => t.id === id)) };
}
