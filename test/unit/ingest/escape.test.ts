// Formula escaping whenever the project writes CSV or Excel (cell text is data, never code).
import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, escapeFormula } from '../../../functions/shared/ccus/escape.js';

describe('escapeFormula', () => {
  it.each(['=HYPERLINK("x")', '+1', '-1+2', '@SUM(A1)', '\tx', '\rx'])('prefixes %j', (s) => {
    expect(escapeFormula(s)).toBe(`'${s}`);
  });
  it.each(['山田', 'a=b', '', "'x"])('leaves %j alone', (s) => {
    expect(escapeFormula(s)).toBe(s);
  });
});

describe('csv writing', () => {
  it('escapes, then quotes per RFC 4180; numbers stay numbers', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField('=a,b')).toBe(`"'=a,b"`);
    expect(csvField(-5)).toBe('-5');
    expect(csvField(null)).toBe('');
    expect(csvRecord(['x', 1, undefined])).toBe('x,1,\r\n');
  });
});
