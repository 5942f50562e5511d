// The app copies only public text (a contact card), but whatever it put on the clipboard is
// cleared when the vault locks, so an unattended session leaves nothing behind to paste.
let copiedByUs = false;

/** Copy text to the clipboard, remembering that the app put something there. */
export async function copyText(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
  copiedByUs = true;
}

/** On lock: empty the clipboard if the app wrote to it (best effort). */
export async function clearCopied(): Promise<void> {
  if (!copiedByUs) return;
  copiedByUs = false;
  try {
    await navigator.clipboard.writeText('');
  } catch {
    // No clipboard access: nothing more the app can do.
  }
}
