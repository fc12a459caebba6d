// The two dialogs: the token prompt and the confirmation before an action. Both are
// <dialog> elements in the page, answered through their forms (no inline handlers).

/** Asks for the token; resolves with it once given. `reason` says why it is asked. */
export function askToken(reason) {
  const dialog = document.getElementById('token-dialog');
  const input = document.getElementById('token-input');
  document.getElementById('token-reason').textContent = reason;
  input.value = '';
  return new Promise((resolve) => {
    const onClose = () => {
      const token = input.value.trim();
      if (token === '') {
        // Escape closes a dialog: without a token there is nothing to show, so ask again.
        dialog.showModal();
        return;
      }
      dialog.removeEventListener('close', onClose);
      resolve(token);
    };
    dialog.addEventListener('close', onClose);
    if (!dialog.open) dialog.showModal();
    input.focus();
  });
}

/**
 * Asks to confirm an action; resolves with `{ ok, skipNext }`. `offerSkip` shows the
 * "also skip the next scheduled run" box (run now only).
 */
export function confirmAction({ title, text, action, offerSkip = false, danger = false }) {
  const dialog = document.getElementById('confirm-dialog');
  const skip = document.getElementById('confirm-skip');
  const ok = document.getElementById('confirm-ok');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-skip-row').hidden = !offerSkip;
  skip.checked = false;
  ok.textContent = action;
  ok.className = danger ? 'danger' : 'primary';
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve({ ok: dialog.returnValue === 'ok', skipNext: offerSkip && skip.checked }), { once: true });
    dialog.showModal();
    ok.focus();
  });
}
