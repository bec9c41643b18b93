/**
 * The columns a resolved plan node produces (Catalyst's `output`), derived from the node and its
 * children. Leaves and nodes that create columns store them (`output` fields set by the
 * analyzer); every other node passes its children's columns through.
 */
import type { Expression } from '../expression.js';
import type { Plan } from '../logical.js';
import type { AttributeRef } from '../resolved.js';
import { commonTypeOf } from './types.js';
import { typeOf, nullableOf } from './type-of.js';
import { outputName } from './names.js';
import { DerivedCache } from './derived-cache.js';

const cache = new DerivedCache<Plan, readonly AttributeRef[]>(4096);

export function outputOf(p: Plan): readonly AttributeRef[] {
  // Leaves that store their columns, and clauses over a node that is not such a clause, answer
  // without the cache (a WeakMap entry fewer per node; the same arrays as it would hold). A
  // chain of clauses is cached, so that no call walks down a long one.
  switch (p.kind) {
    case 'Relation':
    case 'FileRelation':
    case 'CteRef':
      return p.output;
    case 'Join':
      if (p.output !== undefined) return p.output;
      break;
    case 'Project':
      // A short list of columns is its own output (toAttribute gives each back): no list to make,
      // nor an entry in the cache.
      if (p.projectList.length <= SHORT_LIST && allAttributes(p.projectList)) return p.projectList as readonly AttributeRef[];
      break;
    default:
      if (PASS_THROUGH.has(p.kind) && !PASS_THROUGH.has((p as Extract<Plan, { kind: PassThrough }>).child.kind)) {
        return outputOf((p as Extract<Plan, { kind: PassThrough }>).child);
      }
  }
  let out = cache.get(p);
  if (out === undefined) {
    out = computeOutput(p);
    cache.set(p, out);
  }
  return out;
}

const SHORT_LIST = 16;

function allAttributes(list: readonly Expression[]): boolean {
  for (let i = 0; i < list.length; i++) if (list[i]!.kind !== 'AttributeRef') return false;
  return true;
}

/** Records the output of a node built from columns already at hand (equal to what computeOutput gives). */
export function knownOutput(p: Plan, out: readonly AttributeRef[]): void {
  cache.set(p, out);
}

/** The column a named expression of a select list produces. */
export function toAttribute(e: Expression): AttributeRef {
  switch (e.kind) {
    case 'AttributeRef':
      return e;
    case 'Alias':
      if (e.id === undefined) throw new Error(`Alias ${e.name} has no id: not analysed`);
      return { kind: 'AttributeRef', id: e.id, name: e.name, type: typeOf(e.child), nullable: nullableOf(e.child), qualifier: [] };
    case 'OuterReference':
      return e.attr;
    default:
      throw new Error(`Not a named expression: ${e.kind} (${outputName(e)})`);
  }
}

export function requalify(attrs: readonly AttributeRef[], qualifier: readonly string[]): AttributeRef[] {
  return attrs.map((a) => ({ ...a, qualifier }));
}

/** The nodes whose output is their child's. */
type PassThrough = 'Filter' | 'UnresolvedHaving' | 'Qualify' | 'Sort' | 'Repartition' | 'Limit' | 'Offset' | 'Distinct' | 'Sample' | 'WithWindowDefinition' | 'Hint' | 'PipeOperator' | 'With' | 'SecureScan';
const PASS_THROUGH: ReadonlySet<string> = new Set<PassThrough>([
  'Filter',
  'UnresolvedHaving',
  'Qualify',
  'Sort',
  'Repartition',
  'Limit',
  'Offset',
  'Distinct',
  'Sample',
  'WithWindowDefinition',
  'Hint',
  'PipeOperator',
  'With',
  'SecureScan',
]);

function computeOutput(p: Plan): readonly AttributeRef[] {
  switch (p.kind) {
    case 'Relation':
    case 'FileRelation':
    case 'CteRef':
      return p.output;
    case 'InlineTable':
    case 'TableValuedFunction':
    case 'Pivot':
    case 'Unpivot':
      return p.output ?? [];
    case 'ScriptTransform':
      return p.outputAttributes ?? [];
    case 'NearestByJoin': {
      const right = outputOf(p.right);
      return [...outputOf(p.left), ...(p.joinType === 'LEFT OUTER' ? right.map((a) => (a.nullable ? a : { ...a, nullable: true })) : right)];
    }
    case 'View':
      return requalify(outputOf(p.child), [p.view.catalog, p.view.database, p.view.name].filter((x): x is string => x !== null));
    case 'SubqueryAlias': {
      const child = outputOf(p.child);
      const qualifier = [p.alias];
      const names = p.columnAliases;
      // Built field by field, in the order of the spread `{ ...a, name, qualifier }` (an
      // AttributeRef has no other fields): smaller and faster to make than a spread copy.
      return child.map((a, i): AttributeRef => ({ kind: 'AttributeRef', id: a.id, name: names?.[i] ?? a.name, type: a.type, nullable: a.nullable, qualifier }));
    }
    case 'Project':
      return p.projectList.map(toAttribute);
    case 'Aggregate':
      return p.aggregateExpressions.map(toAttribute);
    case 'Join': {
      if (p.output !== undefined) return p.output;
      const left = outputOf(p.left);
      if (p.joinType === 'LEFT SEMI' || p.joinType === 'LEFT ANTI') return left;
      const right = outputOf(p.right);
      const nullableLeft = p.joinType === 'RIGHT OUTER' || p.joinType === 'FULL OUTER';
      const nullableRight = p.joinType === 'LEFT OUTER' || p.joinType === 'FULL OUTER';
      return (nullableLeft ? asNullable(left) : left).concat(nullableRight ? asNullable(right) : right);
    }
    case 'SetOperation':
      return setOperationOutput(p.op, outputOf(p.left), outputOf(p.right));
    case 'Generate':
      return [...outputOf(p.child), ...(p.generatorOutput ?? [])];
    case 'OneRowRelation':
      return [];
    default:
      // Statements and nodes the analyzer replaces (UnresolvedRelation, PipeSet) produce no columns.
      return PASS_THROUGH.has(p.kind) ? outputOf((p as Extract<Plan, { kind: PassThrough }>).child) : [];
  }
}

/**
 * The output of a set operation `op` over inputs with columns `left` and `right` (apart from
 * computeOutput, whose every call would otherwise allocate the context of a closure).
 */
export function setOperationOutput(op: Extract<Plan, { kind: 'SetOperation' }>['op'], left: readonly AttributeRef[], right: readonly AttributeRef[]): readonly AttributeRef[] {
  // The left's own list when no column changes (a UNION ALL of reads of one table, every level).
  let out: AttributeRef[] | null = null;
  for (let i = 0; i < left.length; i++) {
    const a = left[i]!;
    const b = right[i];
    if (b === undefined) {
      if (out !== null) out.push(a);
      continue;
    }
    const type = commonTypeOf(a.type, b.type) ?? a.type;
    const nullable = op === 'UNION' ? a.nullable || b.nullable : op === 'INTERSECT' ? a.nullable && b.nullable : a.nullable;
    const c = type === a.type && nullable === a.nullable ? a : { ...a, type, nullable };
    if (out !== null) out.push(c);
    else if (c !== a) (out = left.slice(0, i)).push(c);
  }
  return out ?? left;
}

function asNullable(attrs: readonly AttributeRef[]): readonly AttributeRef[] {
  return attrs.map((a) => (a.nullable ? a : { ...a, nullable: true }));
}

/**
 * Columns a plan does not output but that names may still reach in the same query block: the
 * columns a USING or NATURAL join merges away stay readable qualified (`t2.k`), as in Spark, and
 * the `_metadata` column of file-source tables.
 */
export function hiddenOf(p: Plan): readonly AttributeRef[] {
  switch (p.kind) {
    case 'Join': {
      const left = hiddenOf(p.left);
      const right = hiddenOf(p.right);
      // Most joins hide nothing: no array built on the way up a chain of joins.
      const inner = right.length === 0 ? left : left.length === 0 ? right : [...left, ...right];
      if (p.output === undefined) return inner;
      const shown = new Set(p.output.map((a) => a.id));
      return [...inner, ...[...outputOf(p.left), ...outputOf(p.right)].filter((a) => !shown.has(a.id))];
    }
    case 'Relation':
      return p.metadata ?? NONE;
    case 'SubqueryAlias': {
      const inner = hiddenOf(p.child);
      return inner.length === 0 ? NONE : requalify(inner, [p.alias]);
    }
    case 'Filter':
    case 'Sample':
    case 'Hint':
    case 'Generate':
      return hiddenOf(p.child);
    default:
      return NONE;
  }
}

const NONE: readonly AttributeRef[] = [];

const BLOCK_CLAUSES: ReadonlySet<string> = new Set(['Distinct', 'UnresolvedHaving', 'Qualify', 'Filter', 'WithWindowDefinition', 'Hint']);

/** The node below the clauses that sit on a SELECT block (DISTINCT, HAVING, QUALIFY, WHERE, WINDOW, hints). */
export function belowBlockClauses(p: Plan): Plan {
  let node = p;
  while (BLOCK_CLAUSES.has(node.kind)) node = (node as Extract<Plan, { kind: 'Distinct' | 'UnresolvedHaving' | 'Qualify' | 'Filter' | 'WithWindowDefinition' | 'Hint' }>).child;
  return node;
}
