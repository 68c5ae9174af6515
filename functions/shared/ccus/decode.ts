// Encoding detection and strict streaming decoding (spec: CP932 by default, UTF-8 with or without BOM;
// detect, never guess silently). Decided on the first line that holds a non-ASCII byte (the header, in
// practice), then every later chunk is still decoded strictly: a byte sequence invalid in the chosen
// encoding refuses the file at its line. Line feeds (0x0A) never occur inside a UTF-8 or CP932
// character, so physical lines can be counted on the bytes.

import { TextDecoder } from 'node:util';

export type Encoding = 'utf-8' | 'cp932';

/** Decoding failed: `lfBefore` line feeds precede the first bad byte within the bytes handed over last. */
export class DecodeFailure {
  constructor(
    /** The encoding chosen, or null when the bytes are neither UTF-8 nor CP932. */
    readonly encoding: Encoding | null,
    readonly lfBefore: number,
  ) {}
}

const LF = 0x0a;
/** How far past the first non-ASCII byte detection waits for the end of that line. */
const DETECT_WINDOW = 64 * 1024;
/** An all-ASCII start longer than this is decoded as UTF-8 (ASCII reads the same in both). */
const ASCII_PREFIX_LIMIT = 1024 * 1024;
/** Bytes of the current line kept to locate a bad byte; beyond it the line's start is reported. */
const CARRY_LIMIT = 1024 * 1024;
const EMPTY = new Uint8Array(0);

const whatwgName = (e: Encoding): string => (e === 'utf-8' ? 'utf-8' : 'shift_jis');

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function countLf(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(LF); i !== -1 && i < end; i = bytes.indexOf(LF, i + 1)) n++;
  return n;
}

/** Whether `bytes` decode strictly; `partial` allows an incomplete character at the end. */
function decodes(e: Encoding, bytes: Uint8Array, partial: boolean): boolean {
  try {
    new TextDecoder(whatwgName(e), { fatal: true }).decode(bytes, { stream: partial });
    return true;
  } catch {
    return false;
  }
}

/** Offset of the first byte that makes `bytes` invalid (binary search: validity of a prefix is monotone). */
function firstBadByte(e: Encoding, bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (decodes(e, bytes.subarray(0, mid), true)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const hasBom = (b: Uint8Array): boolean => b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

/** Strict decoder fed chunk by chunk; throws DecodeFailure. */
export class StreamDecoder {
  encoding: Encoding | null = null;
  private decoder: TextDecoder | null = null;
  /** Undecided: every byte so far (small: detection ends at the header line). */
  private pending: Uint8Array = EMPTY;
  /** Bytes of the current (unfinished) line before the chunk being decoded; null if too long. */
  private carry: Uint8Array | null = EMPTY;
  bytes = 0;

  /** Decode one chunk; returns the text ready (possibly '' while detection waits). */
  push(chunk: Uint8Array): string {
    this.bytes += chunk.length;
    if (this.decoder === null) {
      this.pending = concat(this.pending, chunk);
      if (!this.detect(false)) return '';
      const all = this.pending;
      this.pending = EMPTY;
      return this.decodeChunk(all);
    }
    return this.decodeChunk(chunk);
  }

  /** End of input: flush (an incomplete last character is an error). */
  end(): string {
    let text = '';
    if (this.decoder === null) {
      if (this.pending.length === 0) return '';
      this.detect(true);
      const all = this.pending;
      this.pending = EMPTY;
      text = this.decodeChunk(all);
    }
    try {
      return text + (this.decoder as TextDecoder).decode();
    } catch {
      throw new DecodeFailure(this.encoding, 0);
    }
  }

  /** Decide the encoding from `pending` if enough is known; true when decided. */
  private detect(atEnd: boolean): boolean {
    const b = this.pending;
    if (!atEnd && b.length < 3 && (b.length === 0 || b[0] === 0xef)) return false;
    if (hasBom(b)) return this.choose('utf-8');
    let first = -1;
    for (let i = 0; i < b.length; i++) {
      if (b[i]! >= 0x80) {
        first = i;
        break;
      }
    }
    if (first === -1) {
      if (atEnd || b.length >= ASCII_PREFIX_LIMIT) return this.choose('utf-8');
      return false;
    }
    const lineEnd = b.indexOf(LF, first);
    if (lineEnd === -1 && !atEnd && b.length - first < DETECT_WINDOW) return false;
    // The line holding the first non-ASCII byte (from that byte on): UTF-8 first, then CP932 —
    // CP932 text is almost never valid UTF-8, while UTF-8 often also reads as (garbled) CP932.
    const end = lineEnd === -1 ? b.length : lineEnd;
    const window = b.subarray(first, end);
    const partial = lineEnd === -1 && !atEnd;
    if (decodes('utf-8', window, partial)) return this.choose('utf-8');
    if (decodes('cp932', window, partial)) return this.choose('cp932');
    throw new DecodeFailure(null, countLf(b, first));
  }

  private choose(e: Encoding): true {
    this.encoding = e;
    // The BOM is dropped by the decoder (ignoreBOM false), so header names compare cleanly.
    this.decoder = new TextDecoder(whatwgName(e), { fatal: true });
    return true;
  }

  private decodeChunk(chunk: Uint8Array): string {
    let text: string;
    try {
      text = (this.decoder as TextDecoder).decode(chunk, { stream: true });
    } catch {
      throw new DecodeFailure(this.encoding, this.locate(chunk));
    }
    const lastLf = chunk.lastIndexOf(LF);
    if (lastLf !== -1) this.carry = chunk.subarray(lastLf + 1);
    else if (this.carry !== null && this.carry.length + chunk.length <= CARRY_LIMIT) {
      this.carry = concat(this.carry, chunk);
    } else this.carry = null;
    return text;
  }

  /** Line feeds in `chunk` before its first bad byte; decoding restarts at the current line's start. */
  private locate(chunk: Uint8Array): number {
    const enc = this.encoding as Encoding;
    if (this.carry === null) {
      // The line began too long ago to restart from it: report the line the chunk starts on.
      return 0;
    }
    const base = this.carry;
    const bad = firstBadByte(enc, concat(base, chunk)) - base.length;
    return bad <= 0 ? 0 : countLf(chunk, bad);
  }
}
