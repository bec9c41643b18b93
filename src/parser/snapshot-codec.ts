/**
 * A small LZ77 packing of the grammar snapshot text (grammar-snapshot.ts), so that the bundles
 * carry it in about half the room: dist/leafguard.min.js has a budget of 500,000 bytes, and the snapshot
 * is some 40 KB of repetitive JSON. `packText` runs at build time (scripts/bundle.mjs);
 * `unpackText` when the parser is built from a bundle.
 *
 * Format: plain characters, except `~` followed by three digits of DIGITS: the distance back
 * (two digits) and the length minus MIN_MATCH (one digit) of a copy of earlier output. The
 * digits avoid `"` and `\`, so a copy adds nothing to escape inside a JS string literal.
 */
const MARK = '~';
const DIGITS = Array.from({ length: 91 }, (_, i) => String.fromCharCode(35 + i))
  .filter((c) => c !== '\\' && c !== MARK)
  .join('');
const BASE = DIGITS.length;
const MIN_MATCH = 5;
const MAX_MATCH = MIN_MATCH + BASE - 1;
const MAX_DISTANCE = BASE * BASE - 1;

/** Packs `text` (which must not contain `~`). */
export function packText(text: string): string {
  if (text.includes(MARK)) throw new Error(`packText: the text contains ${MARK}`);
  const heads = new Map<string, number[]>();
  let out = '';
  let i = 0;
  const remember = (at: number): void => {
    if (at + MIN_MATCH > text.length) return;
    const key = text.slice(at, at + MIN_MATCH);
    let list = heads.get(key);
    if (list === undefined) heads.set(key, (list = []));
    list.push(at);
    if (list.length > 64) list.shift();
  };
  while (i < text.length) {
    let bestLength = 0;
    let bestDistance = 0;
    for (const at of heads.get(text.slice(i, i + MIN_MATCH)) ?? []) {
      if (i - at > MAX_DISTANCE) continue;
      let n = 0;
      while (n < MAX_MATCH && i + n < text.length && text[at + n] === text[i + n]) n++;
      if (n > bestLength) {
        bestLength = n;
        bestDistance = i - at;
      }
    }
    if (bestLength >= MIN_MATCH) {
      out += MARK + DIGITS[Math.floor(bestDistance / BASE)] + DIGITS[bestDistance % BASE] + DIGITS[bestLength - MIN_MATCH];
      for (let k = 0; k < bestLength; k++) remember(i + k);
      i += bestLength;
    } else {
      out += text[i];
      remember(i);
      i++;
    }
  }
  return out;
}

export function unpackText(packed: string): string {
  const digit = new Int16Array(128);
  for (let d = 0; d < BASE; d++) digit[DIGITS.charCodeAt(d)] = d;
  // Character codes, turned into a string once at the end: appending to or slicing a growing
  // string is slow (V8 flattens its rope at every slice).
  const out = new Uint16Array(packed.length * (MAX_MATCH / 4 + 1));
  let n = 0;
  for (let i = 0; i < packed.length; ) {
    const c = packed.charCodeAt(i++);
    if (c !== 126 /* ~ */) {
      out[n++] = c;
      continue;
    }
    const distance = digit[packed.charCodeAt(i)]! * BASE + digit[packed.charCodeAt(i + 1)]!;
    const length = digit[packed.charCodeAt(i + 2)]! + MIN_MATCH;
    i += 3;
    // Copies may overlap their own output (distance < length): one code at a time, in order.
    for (let from = n - distance, end = n + length; n < end; ) out[n++] = out[from++]!;
  }
  const parts: string[] = [];
  for (let at = 0; at < n; at += 4096) parts.push(String.fromCharCode.apply(null, out.subarray(at, Math.min(n, at + 4096)) as unknown as number[]));
  return parts.join('');
}
