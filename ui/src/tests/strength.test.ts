import { describe, it, expect } from 'vitest';
import { estimate, newPassphraseReady } from '../lib/strength';

describe('passphrase strength', () => {
  it('rejects short, common and patterned passphrases', () => {
    for (const p of ['', 'abc', 'password123!', 'Password1234', 'qwertyuiop12', 'aaaaaaaaaaaaaaaa', 'abcdefghijklmnop', 'contraseña2024']) {
      expect(estimate(p).acceptable, p).toBe(false);
    }
  });
  it('accepts four or more random words and long random strings', () => {
    for (const p of ['correct horse battery staple', 'lluvia-tortuga-mapa-violín', 'gT7#qLw9!zR2pX', 'ocean pencil marble thunder quiet']) {
      expect(estimate(p).acceptable, p).toBe(true);
    }
  });
  it('scores more words higher', () => {
    expect(estimate('river stone').score).toBeLessThan(estimate('river stone cloud lamp').score);
  });
  it('requires a strong passphrase typed twice the same (creation and change share this rule)', () => {
    expect(newPassphraseReady('correct horse battery staple', 'correct horse battery staple')).toBe(true);
    expect(newPassphraseReady('correct horse battery staple', 'correct horse battery stapl')).toBe(false);
    expect(newPassphraseReady('password123!', 'password123!')).toBe(false);
    expect(newPassphraseReady('', '')).toBe(false);
  });
});
