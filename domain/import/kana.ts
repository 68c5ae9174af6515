// Kana comparison for F-WORKER-NAME (ccus-file.md): NFKC, hiragana → katakana, no spaces; nothing else folded,
// so small kana (ャ/ヤ), voicing marks (ガ/カ) and the long-vowel mark (ー) still tell names apart.
import { toKatakana } from 'wanakana';

// \s covers ASCII, NBSP and the ideographic space U+3000 (NFKC already turns U+3000 into U+0020).
const SPACES = /\s+/gu;
// wanakana leaves the hiragana iteration marks alone; their katakana twins are the same mark in katakana.
const ITERATION_MARKS = /[ゝゞ]/gu;

/** Normalised kana of a name part: NFKC (half-width ｶﾅ → カナ, ｶﾞ → ガ), hiragana → katakana, spaces removed. */
export function normalizeKana(s: string): string {
  const nfkc = s.normalize('NFKC').replace(SPACES, '');
  // passRomaji keeps any Latin letters as they are instead of reading them as romaji.
  return toKatakana(nfkc, { passRomaji: true }).replace(ITERATION_MARKS, (m) => (m === 'ゝ' ? 'ヽ' : 'ヾ'));
}

/** Whether two kana strings name the same reading after normalisation. */
export function sameKana(a: string, b: string): boolean {
  return normalizeKana(a) === normalizeKana(b);
}
