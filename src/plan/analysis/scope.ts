/**
 * Name resolution of columns against the columns in scope (Catalyst's `AttributeSeq.resolve`):
 * the longest qualifier match wins (`spark_catalog.db.t.a`, then `db.t.a`, then `t.a`), then
 * an unqualified name; the parts left over are struct fields or map keys.
 */
import type { Expression } from '../expression.js';
import type { AttributeRef } from '../resolved.js';
import { AnalysisError, quotedName } from './errors.js';
import { typeOf } from './type-of.js';

/** The columns a name can refer to at one place of a query, and the enclosing query's scope. */
export interface Scope {
  readonly attrs: readonly AttributeRef[];
  /**
   * Tiers of columns a name falls back to, in order, when `attrs` has none (or is ambiguous):
   * the input of a SELECT block for its ORDER BY and HAVING, the join columns a USING join
   * hides (`t2.k` after `JOIN t2 USING (k)`).
   */
  readonly fallback?: readonly (readonly AttributeRef[])[];
  readonly outer: Scope | null;
}

export type NameEq = (a: string, b: string) => boolean;

/**
 * `a.toLowerCase() === b.toLowerCase()`, without lower-casing ASCII text: names are compared
 * many times per query (every column of a scope against a name), and most differ at once.
 */
export const caseInsensitive: NameEq = (a, b) => {
  if (a === b) return true;
  const n = a.length;
  if (n !== b.length) return (!isAscii(a) || !isAscii(b)) && a.toLowerCase() === b.toLowerCase();
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Beyond ASCII, lower-casing may change lengths and positions: compare as written.
    if ((x | y) >= 128) return a.toLowerCase() === b.toLowerCase();
    const lx = x | 32;
    if (lx !== (y | 32) || lx < 97 || lx > 122) return false;
  }
  return true;
};
export const caseSensitive: NameEq = (a, b) => a === b;

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 128) return false;
  return true;
}

/**
 * Resolves `nameParts` against `attrs`: the column (with struct-field and map-key accesses for
 * the remaining parts), null when nothing matches; AMBIGUOUS_REFERENCE when several columns do.
 */
export function resolveColumn(nameParts: readonly string[], attrs: readonly AttributeRef[], eq: NameEq, indexes: NameIndexes | null = null): Expression | null {
  const index = indexes === null ? null : indexOf(attrs, eq, indexes);
  // The first match, and the others (distinct columns) when there are several.
  let match: AttributeRef | null = null;
  let others: AttributeRef[] | null = null;
  // Where the struct-field and map-key parts start.
  let nested = 1;
  // The longest qualifier first (k parts of it), down to the name alone (k = 0). The candidates:
  // every column (no index), for `t.a` the runs of columns under that last qualifier part (the
  // commonest reference in a wide query), else the columns of the name.
  for (let k = Math.min(3, nameParts.length - 1); k >= 0 && match === null; k--) {
    if (index === null) {
      for (let j = 0; j < attrs.length; j++) {
        const a = attrs[j]!;
        if (!matchesAt(a, nameParts, k, eq)) continue;
        if (match === null) match = a;
        else others = withOther(others, match, a);
      }
    } else if (k === 1) {
      for (let run = index.byQualifier.get(lowerKey(nameParts[0]!)) ?? null; run !== null; run = run.next) {
        for (let j = run.from; j < run.to; j++) {
          const a = attrs[j]!;
          if (!matchesAt(a, nameParts, k, eq)) continue;
          if (match === null) match = a;
          else others = withOther(others, match, a);
        }
      }
    } else {
      const named = namesOf(index, attrs).get(lowerKey(nameParts[k]!));
      if (named === undefined) continue;
      if (!isList(named)) {
        if (matchesAt(named, nameParts, k, eq)) match = named;
        continue;
      }
      for (let j = 0; j < named.length; j++) {
        const a = named[j]!;
        if (!matchesAt(a, nameParts, k, eq)) continue;
        if (match === null) match = a;
        else others = withOther(others, match, a);
      }
    }
    if (match !== null) nested = k + 1;
  }
  if (match === null) return null;
  if (others !== null) {
    const matches = [match, ...others];
    throw new AnalysisError(
      'AMBIGUOUS_REFERENCE',
      `Reference ${quotedName(nameParts)} is ambiguous, could be: [${matches.map((a) => quotedName([...a.qualifier, a.name])).join(', ')}].`,
      { name: quotedName(nameParts) },
    );
  }
  let e: Expression = match;
  for (let i = nested; i < nameParts.length; i++) e = extractField(e, nameParts[i]!, eq, nameParts);
  return e;
}

/** Whether column `a` is `nameParts[k]` under the k qualifier parts before it. */
function matchesAt(a: AttributeRef, nameParts: readonly string[], k: number, eq: NameEq): boolean {
  const q = a.qualifier;
  if (q.length < k || !eq(a.name, nameParts[k]!)) return false;
  for (let i = 0; i < k; i++) if (!eq(q[q.length - k + i]!, nameParts[i]!)) return false;
  return true;
}

/** `others` with `a`, a further match after `match`, unless it is a column already found. */
function withOther(others: AttributeRef[] | null, match: AttributeRef, a: AttributeRef): AttributeRef[] | null {
  if (a.id === match.id || (others !== null && others.some((o) => o.id === a.id))) return others;
  if (others === null) return [a];
  others.push(a);
  return others;
}

/**
 * `s.toLowerCase()`, without a copy when `s` has no upper-case letter: V8 copies the string even
 * then, and names are looked up lower-cased once per reference and indexed once per column.
 */
export function lowerKey(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c >= 128) return s.toLowerCase();
  }
  return s;
}

/**
 * Wide scopes (a SELECT over many joined tables) are resolved many times, one name at a time:
 * their columns are indexed by name (case-insensitive resolution, the default), built when a
 * column list is searched a fourth time (a join condition's scope is searched two or three
 * times and not worth it). A list that grew since (the lateral aliases of a select list are
 * appended to) is indexed again. The indexes live as long as one analysis (a Map the analyzer
 * holds): a global WeakMap costs more per entry, in time and in the collector's work, than the
 * index saves on a query of a few joins.
 */
export class NameIndexes {
  // Made when a wide list is first searched: most analyses have none.
  private byList: Map<readonly AttributeRef[], NameIndex> | null = null;
  // The index of the last join's list, outside the Map: along a chain of joins each level takes
  // it over from its left input's list (no Map entry per level).
  private lastList: readonly AttributeRef[] | null = null;
  private lastIndex: NameIndex | null = null;

  get(attrs: readonly AttributeRef[]): NameIndex | undefined {
    return attrs === this.lastList ? this.lastIndex! : this.byList?.get(attrs);
  }

  set(attrs: readonly AttributeRef[], index: NameIndex): void {
    (this.byList ??= new Map()).set(attrs, index);
  }

  /** Whether `attrs` has the last join's index. */
  isLast(attrs: readonly AttributeRef[]): boolean {
    return attrs === this.lastList;
  }

  /** Makes `index` the last join's, of `attrs`; the previous one stays, in the Map, unless it was `index`. */
  setLast(attrs: readonly AttributeRef[], index: NameIndex): void {
    if (this.lastList !== null && this.lastIndex !== index) this.set(this.lastList, this.lastIndex!);
    this.lastList = attrs;
    this.lastIndex = index;
  }
}

interface NameIndex {
  searches: number;
  length: number;
  columns: IndexedColumns | null;
}

/**
 * A wide list's columns by lower-cased last qualifier part (runs of positions: a relation's
 * columns sit together) and by lower-cased name (the column, or the columns once several share
 * the name). Lower-cased keys find exactly the columns `caseInsensitive` matches (it is
 * lower-cased equality); runs are chained and lists kept in the columns' order, so matches and
 * ambiguities come out as a scan of the whole list finds them.
 */
interface IndexedColumns {
  byName: Map<string, AttributeRef | AttributeRef[]> | null;
  readonly byQualifier: Map<string, QualifierRun>;
}
/** Positions `from` (inclusive) to `to` (exclusive) of the list, then the next run of the same key. */
interface QualifierRun {
  readonly from: number;
  to: number;
  next: QualifierRun | null;
}
const INDEX_AFTER = 3;

const isList = (e: AttributeRef | AttributeRef[]): e is AttributeRef[] => Array.isArray(e);

function indexOf(attrs: readonly AttributeRef[], eq: NameEq, indexes: NameIndexes): IndexedColumns | null {
  if (attrs.length < 24 || eq !== caseInsensitive) return null;
  const index = indexes.get(attrs);
  if (index === undefined) {
    indexes.set(attrs, { searches: 1, length: attrs.length, columns: null });
    return null;
  }
  if (index.columns !== null && index.length === attrs.length) return index.columns;
  if (++index.searches <= INDEX_AFTER) return null;
  const columns: IndexedColumns = { byName: null, byQualifier: new Map() };
  addToIndex(columns, attrs, 0);
  index.length = attrs.length;
  index.columns = columns;
  return columns;
}

function addToIndex(columns: IndexedColumns, attrs: readonly AttributeRef[], from: number): void {
  const byName = columns.byName;
  if (byName !== null) addNames(byName, attrs, from);
  const byQualifier = columns.byQualifier;
  // The columns of one relation share their qualifier array: its key is made once for them.
  let qualifier: readonly string[] | null = null;
  let run: QualifierRun | null = null;
  for (let i = from; i < attrs.length; i++) {
    const q = attrs[i]!.qualifier;
    if (q.length === 0) continue;
    if (q === qualifier && run!.to === i) {
      run!.to = i + 1;
      continue;
    }
    qualifier = q;
    const qk = lowerKey(q[q.length - 1]!);
    let tail = byQualifier.get(qk);
    if (tail === undefined) {
      byQualifier.set(qk, (run = { from: i, to: i + 1, next: null }));
      continue;
    }
    while (tail.next !== null) tail = tail.next;
    if (tail.to === i) {
      tail.to = i + 1;
      run = tail;
    } else run = tail.next = { from: i, to: i + 1, next: null };
  }
}

function addNames(byName: Map<string, AttributeRef | AttributeRef[]>, attrs: readonly AttributeRef[], from: number): void {
  for (let i = from; i < attrs.length; i++) {
    const a = attrs[i]!;
    const k = lowerKey(a.name);
    const named = byName.get(k);
    if (named === undefined) byName.set(k, a);
    else if (isList(named)) named.push(a);
    else byName.set(k, [named, a]);
  }
}

/** The index by name alone, made when first needed (wide queries mostly qualify their names). */
function namesOf(columns: IndexedColumns, attrs: readonly AttributeRef[]): Map<string, AttributeRef | AttributeRef[]> {
  if (columns.byName === null) addNames((columns.byName = new Map()), attrs, 0);
  return columns.byName;
}

/**
 * Indexes a join's columns, `attrs` (its left input's columns, `left`, then its right input's),
 * when the list is wide. Along a chain of joins the left input's index is taken over and
 * extended by one table (the left's list, a join's own output, is rarely searched again; if it
 * is, it is indexed anew), so the conditions and the select list above find a name without
 * scanning every column of the chain.
 */
export function indexJoinColumns(attrs: readonly AttributeRef[], left: readonly AttributeRef[], eq: NameEq, indexes: NameIndexes): void {
  if (attrs.length < 24 || eq !== caseInsensitive) return;
  const base = indexes.get(left);
  let columns: IndexedColumns;
  if (base !== undefined && base.columns !== null && base.length === left.length) {
    columns = base.columns;
    addToIndex(columns, attrs, left.length);
    if (indexes.isLast(left)) {
      // The left's list has no index left: searched again, it is indexed anew.
      base.searches = 0;
      base.length = attrs.length;
      indexes.setLast(attrs, base);
      return;
    }
    // The left's entry stays (a Map delete may make the table be rebuilt), not indexed: searched
    // again, it is indexed anew as a new entry would be.
    base.columns = null;
    base.searches = 0;
  } else {
    columns = { byName: null, byQualifier: new Map() };
    addToIndex(columns, attrs, 0);
  }
  indexes.setLast(attrs, { searches: 0, length: attrs.length, columns });
}

/** `a.b` on a struct (field), a map (key lookup) or an array of structs (field of each element). */
export function extractField(e: Expression, field: string, eq: NameEq, nameParts: readonly string[]): Expression {
  const t = typeOf(e);
  if (t.kind === 'struct') {
    const hits = t.fields.filter((f) => eq(f.name, field));
    if (hits.length === 0) {
      throw new AnalysisError('FIELD_NOT_FOUND', `No such struct field ${quotedName([field])} in ${t.fields.map((f) => quotedName([f.name])).join(', ')}.`, {
        fieldName: quotedName([field]),
      });
    }
    if (hits.length > 1) throw new AnalysisError('AMBIGUOUS_REFERENCE_TO_FIELDS', `Ambiguous reference to the field ${quotedName([field])}.`, { field: field });
    return { kind: 'FieldAccess', child: e, field: hits[0]!.name };
  }
  if (t.kind === 'map' || t.kind === 'unknown') return { kind: 'FieldAccess', child: e, field };
  if (t.kind === 'array' && t.element.kind === 'struct') return { kind: 'FieldAccess', child: e, field };
  throw new AnalysisError('INVALID_EXTRACT_BASE_FIELD_TYPE', `Can't extract a value from ${quotedName(nameParts.slice(0, -1))}. Need a complex type [STRUCT, ARRAY, MAP].`, {});
}

/** Candidate names for UNRESOLVED_COLUMN.WITH_SUGGESTION, closest first (Spark lists up to five). */
export function suggestions(nameParts: readonly string[], attrs: readonly AttributeRef[]): string[] {
  const target = nameParts[nameParts.length - 1]!.toLowerCase();
  const all = attrs.map((a) => ({ name: quotedName([...a.qualifier.slice(-1), a.name]), d: levenshtein(a.name.toLowerCase(), target) }));
  all.sort((x, y) => x.d - y.d || (x.name < y.name ? -1 : 1));
  return all.slice(0, 5).map((x) => x.name);
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
