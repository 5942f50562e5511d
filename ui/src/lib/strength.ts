// A small, local passphrase strength estimator (no dictionary download, no network).
// It estimates guessing entropy in bits from length, character classes and word structure,
// with penalties for common words, repeats and sequences. Deliberately conservative.

export type Strength = {
  bits: number;
  /** 0 very weak … 4 strong */
  score: 0 | 1 | 2 | 3 | 4;
  acceptable: boolean;
  hint: 'short' | 'common' | 'words' | 'ok';
};

/** Minimum estimated bits to accept a new vault passphrase (≈ four random words). */
export const MIN_BITS = 48;
export const MIN_LENGTH = 12;

// A short list of very common words and patterns, English and Spanish.
const COMMON = [
  'password', 'passw0rd', 'contrasena', 'contraseña', 'clave', 'secreto', 'secret', 'amparo', 'asilo',
  'asylum', 'abogado', 'abogada', 'lawyer', 'qwerty', 'asdf', 'zxcv', 'azerty', 'letmein', 'welcome',
  'bienvenido', 'admin', 'login', 'iloveyou', 'teamo', 'love', 'amor', 'dragon', 'monkey', 'football',
  'futbol', 'soccer', 'baseball', 'master', 'shadow', 'sunshine', 'princess', 'princesa', 'hola',
  'hello', 'dios', 'jesus', 'maria', 'jose', 'mexico', 'colombia', 'america', 'trustno1', 'abc',
  '123', '1234', '12345', '123456', '654321', '111111', '000000', '2023', '2024', '2025', '2026',
];

const LEET: Record<string, string> = { '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', '$': 's' };

function poolSize(s: string): number {
  let pool = 0;
  if (/[a-z]/.test(s)) pool += 26;
  if (/[A-Z]/.test(s)) pool += 26;
  if (/[0-9]/.test(s)) pool += 10;
  if (/[^a-zA-Z0-9\s]/.test(s)) pool += 33;
  if (/\s/.test(s)) pool += 1;
  if (/[^\u0000-\u007f]/.test(s)) pool += 20;
  return Math.max(pool, 1);
}

/** Characters that add little: repeats of the previous char and simple +/-1 sequences. */
function effectiveLength(s: string): number {
  let eff = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const p = i > 0 ? s.charCodeAt(i - 1) : -10;
    eff += c === p || Math.abs(c - p) === 1 ? 0.25 : 1;
  }
  return eff;
}

function commonHits(s: string): string[] {
  const lower = s.toLowerCase();
  const deleet = lower.replace(/[013457@$]/g, (c) => LEET[c] ?? c);
  return COMMON.filter((w) => lower.includes(w) || deleet.includes(w));
}

export function estimate(pass: string): Strength {
  const s = pass.normalize('NFC');
  const len = [...s].length;
  if (len === 0) return { bits: 0, score: 0, acceptable: false, hint: 'short' };

  const pool = poolSize(s);
  const perChar = Math.log2(pool);
  let charBits = effectiveLength(s) * perChar;
  const hits = commonHits(s);
  for (const w of hits) charBits -= Math.max(0, w.length - 1) * perChar;

  // Word structure: several alphabetic chunks separated by spaces or punctuation.
  const parts = s.split(/[\s\-_.,;:+/]+/).filter(Boolean);
  const words = parts.filter((p) => /^\p{L}{3,}$/u.test(p));
  let bits = charBits;
  if (words.length >= 2 && words.length >= parts.length - 1) {
    const unique = new Set(words.map((w) => w.toLowerCase()));
    let wordBits = 0;
    for (const w of unique) wordBits += COMMON.includes(w.toLowerCase()) ? 2 : 12.5;
    if (/[0-9]/.test(s)) wordBits += 3.3;
    if (/[^\p{L}0-9\s\-_.,;:+/]/u.test(s)) wordBits += 4;
    if (/\p{Lu}/u.test(s.slice(1))) wordBits += 1;
    bits = Math.min(charBits, wordBits);
  }
  bits = Math.max(0, Math.round(bits));

  const score: Strength['score'] = bits < 28 ? 0 : bits < 36 ? 1 : bits < MIN_BITS ? 2 : bits < 64 ? 3 : 4;
  const acceptable = len >= MIN_LENGTH && bits >= MIN_BITS;
  const hint: Strength['hint'] =
    len < MIN_LENGTH ? 'short' : hits.length > 0 && !acceptable ? 'common' : acceptable ? 'ok' : 'words';
  return { bits, score, acceptable, hint };
}

/** The rule every new passphrase must pass (vault creation and passphrase change alike). */
export function newPassphraseReady(pass: string, confirm: string): boolean {
  return pass.length > 0 && pass === confirm && estimate(pass).acceptable;
}
