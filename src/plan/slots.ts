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

function mapArray<T>(xs: readonly T[], f: (x: T) => T): readonly T[] {
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
const frameBound: SlotCodec<FrameBound> = {
  visit: (v, op, oe) => 'offset' in v && oe(v.offset),
  map: (v, fp, fe) => {
    if (!('offset' in v)) return v;
    const o = fe(v.offset);
    return o === v.offset ? v : { ...v, offset: o };
  },
};
const windowSpec = record<WindowSpec>({
  partitionBy: exprs,
  orderBy: list(sortOrder),
  frame: optional(record({ start: frameBound, end: optional(frameBound) })) as SlotCodec<WindowSpec['frame']>,
});
const windowRef: SlotCodec<WindowSpec | string> = {
  visit: (v, op, oe) => typeof v !== 'string' && windowSpec.visit(v, op, oe),
  map: (v, fp, fe) => (typeof v === 'string' ? v : windowSpec.map(v, fp, fe)),
};
const timeTravel: SlotCodec<TimeTravel> = {
  visit: (v, _op, oe) => oe(v.type === 'VERSION' ? v.version : v.timestamp),
  map: (v, _fp, fe) => {
    if (v.type === 'VERSION') {
      const x = fe(v.version);
      return x === v.version ? v : { ...v, version: x };
    }
    const x = fe(v.timestamp);
    return x === v.timestamp ? v : { ...v, timestamp: x };
  },
};
const option: SlotCodec<readonly [string, Expression]> = {
  visit: (v, _op, oe) => oe(v[1]),
  map: (v, _fp, fe) => {
    const x = fe(v[1]);
    return x === v[1] ? v : [v[0], x];
  },
};
const sampleMethod: SlotCodec<SampleMethod> = {
  visit: (v, _op, oe) => {
    if (v.type === 'PERCENT') oe(v.percent);
    else if (v.type === 'ROWS') oe(v.rows);
    else if (v.type === 'BUCKET' && v.on) oe(v.on);
  },
  map: (v, _fp, fe) => {
    if (v.type === 'PERCENT') {
      const x = fe(v.percent);
      return x === v.percent ? v : { ...v, percent: x };
    }
    if (v.type === 'ROWS') {
      const x = fe(v.rows);
      return x === v.rows ? v : { ...v, rows: x };
    }
    if (v.type === 'BUCKET' && v.on) {
      const x = fe(v.on);
      return x === v.on ? v : { ...v, on: x };
    }
    return v;
  },
};

/** The slot codecs, by name, for node shapes here and in other modules. */
export const slots = {
  plan,
  planOpt: optional(plan),
  plans: list(plan),
  expr,
  exprOpt: optional(expr),
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
