/**
 * Slot codecs for the children table (children.ts). The children table: for every plan and expression kind, which fields hold plans and
 * expressions, declared as data. All traversal (traverse.ts) is built on it.
 *
 * A field's "slot" says how to reach the plans and expressions inside it (a plan, a list of
 * expressions, sort orders, CTE definitions, …). Mapping a slot returns the same object when
 * nothing inside changed, so a transform that changes nothing returns the input reference.
 * Adding a node kind without its entry here fails to compile (the tables are total records).
 */
import type { CaseBranch, Expression, FrameBound, SortOrder, WindowSpec } from './expression.js';
import type { CteDefinition, Plan, PlanKind, SampleMethod, TimeTravel } from './logical.js';

export type PlanMapper = (p: Plan) => Plan;
export type ExprMapper = (e: Expression) => Expression;

export interface SlotCodec<V> {
  visit(v: V, onPlan: (p: Plan) => void, onExpr: (e: Expression) => void): void;
  map(v: V, fp: PlanMapper, fe: ExprMapper): V;
}

/** `xs` with `f` applied to each item; `xs` itself when no item changed. */
export function mapArray<T>(xs: readonly T[], f: (x: T) => T): readonly T[] {
  let out: T[] | null = null;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const y = f(x);
    if (y !== x && out === null) out = xs.slice(0, i);
    if (out !== null) out.push(y);
  }
  return out ?? xs;
}

function optional<V>(c: SlotCodec<V>): SlotCodec<V | null> {
  return {
    visit: (v, op, oe) => v !== null && v !== undefined && c.visit(v, op, oe),
    map: (v, fp, fe) => (v === null || v === undefined ? v : c.map(v, fp, fe)),
  };
}
function list<V>(c: SlotCodec<V>): SlotCodec<readonly V[]> {
  return {
    visit: (v, op, oe) => {
      for (let i = 0; i < v.length; i++) c.visit(v[i]!, op, oe);
    },
    map: (v, fp, fe) => mapArray(v, (x) => c.map(x, fp, fe)),
  };
}
/** An object whose listed fields are slots. */
function record<V extends object>(fields: { readonly [K in keyof V]?: SlotCodec<V[K]> }): SlotCodec<V> {
  const keys = Object.keys(fields) as (keyof V)[];
  const codecs = keys.map((k) => fields[k] as SlotCodec<unknown>);
  const n = keys.length;
  return {
    visit: (v, op, oe) => {
      for (let i = 0; i < n; i++) codecs[i]!.visit(v[keys[i]!], op, oe);
    },
    map: (v, fp, fe) => {
      let out: V | null = null;
      for (let i = 0; i < n; i++) {
        const k = keys[i]!;
        const before = v[k];
        const after = codecs[i]!.map(before, fp, fe);
        if (after !== before) {
          out ??= { ...v };
          (out as Record<keyof V, unknown>)[k] = after;
        }
      }
      return out ?? v;
    },
  };
}

const plan: SlotCodec<Plan> = { visit: (v, op) => op(v), map: (v, fp) => fp(v) };
const expr: SlotCodec<Expression> = { visit: (v, _op, oe) => oe(v), map: (v, _fp, fe) => fe(v) };
const exprs = list(expr);
const sortOrder = record<SortOrder>({ child: expr });
const exprOpt = optional(expr);
// Variants holding their expression under different names (or none): each name an optional slot.
const frameBound = record<{ offset?: Expression }>({ offset: exprOpt as SlotCodec<Expression | undefined> }) as SlotCodec<FrameBound>;
const windowSpec = record<WindowSpec>({
  partitionBy: exprs,
  orderBy: list(sortOrder),
  frame: optional(record({ start: frameBound, end: optional(frameBound) })) as SlotCodec<WindowSpec['frame']>,
});
const windowRef: SlotCodec<WindowSpec | string> = {
  visit: (v, op, oe) => typeof v !== 'string' && windowSpec.visit(v, op, oe),
  map: (v, fp, fe) => (typeof v === 'string' ? v : windowSpec.map(v, fp, fe)),
};
const timeTravel = record<{ version?: Expression; timestamp?: Expression }>({
  version: exprOpt as SlotCodec<Expression | undefined>,
  timestamp: exprOpt as SlotCodec<Expression | undefined>,
}) as SlotCodec<TimeTravel>;
const option: SlotCodec<readonly [string, Expression]> = {
  visit: (v, _op, oe) => oe(v[1]),
  map: (v, _fp, fe) => {
    const x = fe(v[1]);
    return x === v[1] ? v : [v[0], x];
  },
};
const sampleMethod = record<{ percent?: Expression; rows?: Expression; on?: Expression | null }>({
  percent: exprOpt as SlotCodec<Expression | undefined>,
  rows: exprOpt as SlotCodec<Expression | undefined>,
  on: exprOpt as SlotCodec<Expression | null | undefined>,
}) as SlotCodec<SampleMethod>;

/** The slot codecs, by name, for node shapes here and in other modules. */
export const slots = {
  plan,
  planOpt: optional(plan),
  plans: list(plan),
  expr,
  exprOpt,
  exprs,
  exprRows: list(exprs),
  sortOrders: list(sortOrder),
  sortOrdersOpt: optional(list(sortOrder)),
  windowRef,
  windowDefs: list(record<{ name: string; spec: WindowSpec | string }>({ spec: windowRef })),
  ctes: list(record<CteDefinition>({ query: plan })),
  caseBranches: list(record<CaseBranch>({ when: expr, then: expr })),
  timeTravelOpt: optional(timeTravel),
  optionsOpt: optional(list(option)),
  sampleMethod,
  unpivotColumns: list(record<{ columns: readonly Expression[]; alias: string | null }>({ columns: exprs })),
  list,
  optional,
  record,
} as const;

export type Shape<N> = { readonly [K in keyof N]?: SlotCodec<N[K]> };
