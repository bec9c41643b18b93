/**
 * Texts of expression nodes remembered by what determines them. A secured read prints its masks
 * (a showLast mask is some twenty calls and operators deep), and every read of a table prints the
 * same mask text, but each read binds its own copy of the mask's nodes: remembering texts by node
 * would never hit. A node's text is instead a function of its kind, its own fields (a function
 * name, an operator) and its operands' texts, so it is remembered under those: a trie of maps
 * whose path is the node's root key followed by the operands' texts, as the printer made them.
 * An operand text found there is the very string stored, so the path of a repeated mask costs map
 * lookups on strings whose hash is already computed, and no new string.
 *
 * Correct by construction, as long as each caller's root key and path hold everything its text
 * depends on besides the path's texts (see expression.ts: the dialect, the alias-id mode). Column
 * texts depend on the naming context, but they are operand texts, never keys by node.
 *
 * Bounded: only texts up to MAX_TEXT characters are kept (the keys come from untrusted SQL, and a
 * long text hashes in time of its length), and everything is dropped past MAX_ENTRIES texts or
 * MAX_CHARS characters (a few megabytes at most).
 */

/** A remembered text with what determines it. */
interface Entry {
  readonly first: string;
  /** The operand texts but the first (that is the entry's key in its family). */
  readonly rest: readonly string[];
  readonly text: string;
}

/**
 * A family of texts, keyed by the first operand's text (by `first` for a node without operands):
 * one map lookup per node, then a few candidates compared by their strings, which a repeated
 * text makes the same objects (so the comparisons are pointer checks).
 */
export type Texts = Map<string, Entry[]>;

/** Long enough for a secured read's SELECT block with its masks. */
export const MAX_TEXT = 4096;
const MAX_ENTRIES = 8192;
const MAX_CHARS = 1 << 20;
/** Candidates under one key: more come only from texts that vary in other operands. */
const MAX_CANDIDATES = 16;

const families: Texts[] = [];
let entries = 0;
let chars = 0;

export function texts(): Texts {
  const t: Texts = new Map();
  families.push(t);
  return t;
}

/**
 * The operand texts of the nodes being printed: each caller pushes its operands above `mark()`
 * and releases them before it returns. One shared stack that never shrinks below its deepest
 * use (setting an array's length trims its store, and the next push grows it again), so that a
 * lookup allocates nothing.
 */
const stack: string[] = [];
let top = 0;

export function mark(): number {
  return top;
}
export function push(s: string): void {
  stack[top++] = s;
}
export function operand(i: number): string {
  return stack[i]!;
}
export function height(): number {
  return top;
}
export function release(base: number): void {
  top = base;
  // Not holding the pieces of a long list once printed: those deep stacks are rare.
  if (base === 0 && stack.length > 256) stack.length = 0;
}

/** The text remembered for `first` then the operands from `base` on, or undefined. */
export function recall(family: Texts, first: string, base: number): string | undefined {
  const n = top - base;
  const key = n === 0 ? first : stack[base]!;
  // Nothing is kept with a long operand (a kept text is longer than each of its operands), and
  // hashing or comparing one would cost its length.
  for (let i = base; i < top; i++) if (stack[i]!.length > MAX_TEXT) return undefined;
  const candidates = family.get(key);
  if (candidates === undefined) return undefined;
  next: for (let c = 0; c < candidates.length; c++) {
    const e = candidates[c]!;
    if (e.first !== first || e.rest.length !== (n === 0 ? 0 : n - 1)) continue;
    for (let i = 0; i < e.rest.length; i++) if (e.rest[i] !== stack[base + 1 + i]) continue next;
    return e.text;
  }
  return undefined;
}

/** Remembers `text` for `first` then the operands from `base` on (if it is short); returns it. */
export function keep(family: Texts, first: string, base: number, text: string): string {
  if (text.length > MAX_TEXT) return text;
  if (entries >= MAX_ENTRIES || chars >= MAX_CHARS) {
    for (const f of families) f.clear();
    entries = 0;
    chars = 0;
  }
  const key = top === base ? first : stack[base]!;
  let candidates = family.get(key);
  if (candidates === undefined) family.set(key, (candidates = []));
  else if (candidates.length >= MAX_CANDIDATES) candidates.shift();
  // Flattened once here (reading a character flattens a rope), so that every reuse, and every
  // lookup with it as a key, reads one flat string.
  text.charCodeAt(0);
  candidates.push({ first, rest: top - base > 1 ? stack.slice(base + 1, top) : [], text });
  entries++;
  chars += text.length;
  return text;
}
