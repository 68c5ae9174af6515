// A CP932 (Shift_JIS, Windows-31J) encoder: Node decodes shift_jis but cannot encode it. The table is the
// inverse of Node's own WHATWG decoder, built once on first use, so round trips are exact. Used to write
// files Japanese spreadsheet users open directly, and by tests and the benchmark to make CP932 input.
import { TextDecoder } from 'node:util';

let table: Map<number, number> | null = null;

function buildTable(): Map<number, number> {
  const t = new Map<number, number>();
  const dec = new TextDecoder('shift_jis');
  // Single bytes: ASCII and half-width katakana.
  for (let b = 0; b <= 0xdf; b++) {
    if (b >= 0x80 && b < 0xa1) continue;
    const s = dec.decode(Uint8Array.of(b));
    const cp = s.codePointAt(0)!;
    if (s.length === 1 && cp !== 0xfffd && !t.has(cp)) t.set(cp, b);
  }
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead >= 0xa0 && lead < 0xe0) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      if (trail === 0x7f) continue;
      const s = dec.decode(Uint8Array.of(lead, trail));
      const cp = s.codePointAt(0)!;
      // The first code wins: NEC row 13 over its IBM duplicates, as Windows encodes them.
      if (s.length === 1 && cp !== 0xfffd && !t.has(cp)) t.set(cp, (lead << 8) | trail);
    }
  }
  return t;
}

/** Encode text as CP932; throws on a character CP932 cannot represent. */
export function encodeCp932(text: string): Uint8Array {
  table ??= buildTable();
  const out = new Uint8Array(text.length * 2);
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      out[n++] = cp;
      continue;
    }
    const code = table.get(cp);
    if (code === undefined)
      throw new RangeError(`not encodable in CP932: U+${cp.toString(16).toUpperCase()}`);
    if (code > 0xff) out[n++] = code >> 8;
    out[n++] = code & 0xff;
  }
  return out.subarray(0, n);
}
