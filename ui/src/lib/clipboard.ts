// Whatever was copied from the app — a contact card with the Copy button, or a client's name
// selected and copied with Ctrl+C — is cleared when the vault locks, so an unattended session
// leaves nothing behind to paste.
let copiedByUs = false;

if (typeof document !== 'undefined') {
  for (const event of ['copy', 'cut']) {
    document.addEventListener(event, () => {
      copiedByUs = true;
    });
  }
}

/** Copy text to the clipboard, remembering that the app put something there. */
export async function copyText(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
  copiedByUs = true;
}

/** On lock: empty the clipboard if the app wrote to it (best effort). */
export async function clearCopied(): Promise<void> {
  if (!copiedByUs) return;
  try {
    await navigator.clipboard.writeText('');
    copiedByUs = false;
  } catch {
    // No clipboard access: nothing more the app can do now; the next lock tries again.
  }
}
