/**
 * Name lists shared within one parse: every `c0` column of a UNION of 1,000 queries names one
 * `['c0']` array, every `d.t0` relation one `['d', 't0']`, instead of an array each (56 and 64
 * bytes, garbage once the plan is analysed). Plans are read-only, so nodes may share a list; a
 * node's position is on the node (positions.ts).
 *
 * The lists are in direct-mapped tables, by a hash of a few characters of the name (a Map hashed
 * every new string: some 20 ns a lookup, a tenth of a UNION's parse); a name that meets another in
 * its slot takes its place. They are forgotten at the end of each parse (`forgetNameLists`, from
 * `run`): none keeps a statement's names for the next one.
 */
const SLOTS = 128; // a power of two
/** One-name lists in their slots, then two-name lists in theirs (at SLOTS + slot). */
const lists = new Array<readonly string[] | undefined>(2 * SLOTS).fill(undefined);
/** The slots filled in this parse, to empty them after it (a statement fills a few of the 256). */
const filled = new Int16Array(2 * SLOTS);
let filledCount = 0;

/** The first and last characters and the length: enough to tell most names of a statement apart. */
function hash(name: string): number {
  const n = name.length;
  return n === 0 ? 0 : Math.imul(name.charCodeAt(0), 31) + name.charCodeAt(n - 1) + (n << 4);
}

function fill(slot: number, list: readonly string[]): readonly string[] {
  if (lists[slot] === undefined) filled[filledCount++] = slot;
  return (lists[slot] = list);
}

/** `[a]`, shared. */
export function nameList(a: string): readonly string[] {
  const slot = hash(a) & (SLOTS - 1);
  const known = lists[slot];
  return known !== undefined && known[0] === a ? known : fill(slot, [a]);
}

/** `[a, b]`, shared. */
export function nameList2(a: string, b: string): readonly string[] {
  const slot = SLOTS + ((Math.imul(hash(a), 31) + hash(b)) & (SLOTS - 1));
  const known = lists[slot];
  return known !== undefined && known[0] === a && known[1] === b ? known : fill(slot, [a, b]);
}

export function forgetNameLists(): void {
  for (let i = 0; i < filledCount; i++) lists[filled[i]!] = undefined;
  filledCount = 0;
}
