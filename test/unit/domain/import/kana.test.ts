import { describe, expect, it } from 'vitest';
import { normalizeKana, sameKana } from '../../../../domain/import/kana.js';

describe('kana normalisation for F-WORKER-NAME (NFKC, hiragana → katakana, no spaces)', () => {
  it.each([
    ['half-width ｶﾅ with voicing marks', 'ﾔﾏﾀﾞ', 'ヤマダ'],
    ['hiragana', 'やまだ', 'ヤマダ'],
    ['full-width space inside', 'ヤマ　ダ', 'ヤマダ'],
    ['ASCII spaces and tab', ' ヤ マ\tダ ', 'ヤマダ'],
    ['half-width long-vowel mark', 'ｻﾄｰ', 'サトー'],
    ['hiragana small kana and ー', 'きゃーろる', 'キャーロル'],
    ['hiragana ゔ', 'ゔぁ', 'ヴァ'],
    ['hiragana iteration marks', 'さゝきゞ', 'サヽキヾ'],
  ])('%s are equal', (_what, a, b) => {
    expect(sameKana(a, b)).toBe(true);
  });

  it.each([
    ['small ャ vs ヤ', 'キャ', 'キヤ'],
    ['voiced ガ vs カ', 'ガ', 'カ'],
    ['semi-voiced パ vs ハ', 'パ', 'ハ'],
    ['long vowel ー vs none', 'サトー', 'サト'],
    ['ー vs オ', 'サトー', 'サトオ'],
    ['small ッ vs ツ', 'ハットリ', 'ハツトリ'],
  ])('%s differ', (_what, a, b) => {
    expect(sameKana(a, b)).toBe(false);
  });

  it('keeps Latin letters as they are (passRomaji), only width-folded by NFKC', () => {
    expect(normalizeKana('ｊｏｈｎ　スミス')).toBe('johnスミス');
  });

  it('is idempotent', () => {
    const once = normalizeKana('ﾔﾏﾀﾞ　たろう');
    expect(normalizeKana(once)).toBe(once);
    expect(once).toBe('ヤマダタロウ');
  });
});
