// Modal dialogs on <dialog>: focus is trapped and Escape closes them, as the browser does it.
import { h, fill } from './dom.js';

let nextId = 0;

/**
 * Opens a modal form. `onSubmit` runs on submit; when it throws, the error (with the rule id
 * that refused) is shown inside the dialog and the dialog stays open.
 * @param {{ title: string, body: any, submitLabel?: string, submitClass?: string,
 *   onSubmit?: () => unknown, onClose?: () => void }} options
 */
export function openDialog({ title, body, submitLabel = 'Save', submitClass = 'btn-primary', onSubmit, onClose }) {
  const titleId = `dialog-title-${++nextId}`;
  // Focus goes back where it came from on close; from a menu item (hidden as the menu closed), to
  // the menu's summary, so a keyboard user lands on the control that opened the dialog.
  const opener = /** @type {HTMLElement | null} */ (document.activeElement?.closest('details.menu')?.querySelector('summary') ?? document.activeElement);
  const error = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: submitClass, text: submitLabel });
  const cancel = h('button', { type: 'button', text: 'Cancel', onclick: () => dialog.close() });
  const form = h('form', {}, h('h2', { id: titleId, text: title }), body, error, h('div', { class: 'dialog-actions' }, cancel, submit));
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId }, form);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    fill(error);
    submit.disabled = true;
    try {
      if ((await onSubmit?.()) !== false) dialog.close();
    } catch (problem) {
      fill(error, problem.ruleId ? `${problem.ruleId}: ` : '', problem.message ?? String(problem));
    } finally {
      submit.disabled = false;
    }
  });
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener?.isConnected && opener !== document.body) opener.focus();
    onClose?.();
  });
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, submit, error };
}

/** Asks before an action that cannot be undone. Resolves true when confirmed. */
export function confirmDialog(title, text, confirmLabel, submitClass = 'btn-primary') {
  return new Promise(resolve => {
    let confirmed = false;
    openDialog({
      title,
      body: h('p', { class: 'muted', text }),
      submitLabel: confirmLabel,
      submitClass,
      onSubmit: () => { confirmed = true; },
      onClose: () => resolve(confirmed),
    });
  });
}
