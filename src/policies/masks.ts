/**
 * Mask kinds as expressions (DESIGN.md, "Mask semantics"), built as trees, never as text:
 * null, constant, hash, redact, showFirst/showLast, emailDomain, yearOnly, bucket, regex,
 * custom. Results keep the column's type (cast back) where the kind allows; a kind that cannot
 * (a hash of an int) needs a `fallback` kind, or the policy does not compile.
 */
import type { DataType } from '../plan/data-type.js';
import { typeToString } from '../plan/data-type.js';
import type { Expression } from '../plan/expression.js';
import type { AttributeRef } from '../plan/resolved.js';
import { mapExprSlots } from '../plan/children.js';
import { knownType, typeOf } from '../plan/analysis/type-of.js';
import { printExpression } from '../plan/print/expression.js';
import { isNumeric, isStringLike, sameType } from '../plan/analysis/types.js';
import type { AnalyzerEnv } from '../plan/analysis/analyzer.js';
import { quoteIdent } from '../plan/print/names.js';
import type { MaskSpec } from './schema.js';
import { PolicyCompileError, bindIdentity, parsePolicyExpression, resolvePolicyExpression, str } from './compile-expression.js';
import type { Identity } from './identity.js';
import { isTrue, neverHolds, simplifyBooleans } from './simplify-booleans.js';

const PLACEHOLDER = '__leafguard_column__';
const col: Expression = { kind: 'UnresolvedAttribute', nameParts: [PLACEHOLDER] };
const fn = (name: string, ...args: Expression[]): Expression => ({ kind: 'UnresolvedFunction', name: [name], args, distinct: false, filter: null, ignoreNulls: null, withinGroup: null });
const int = (n: number): Expression => ({ kind: 'Literal', type: 'int', value: String(n) });
const lengthOf = (e: Expression): Expression => fn('char_length', e);

/** Ranger's MASK: A–Z → X, a–z → x, 0–9 → n, anything else → U. */
function redact(e: Expression): Expression {
  let x = fn('regexp_replace', e, str('[A-Z]'), str('X'));
  x = fn('regexp_replace', x, str('[a-z]'), str('x'));
  x = fn('regexp_replace', x, str('[0-9]'), str('n'));
  return fn('regexp_replace', x, str('[^Xxn]'), str('U'));
}

/** Whether a kind works on values of type `t` (and keeps it, or casts back to it). */
export function maskFits(kind: MaskSpec['kind'], t: DataType): boolean {
  switch (kind) {
    case 'hash':
    case 'redact':
    case 'showFirst':
    case 'showLast':
    case 'emailDomain':
    case 'regex':
      return isStringLike(t);
    case 'yearOnly':
      return t.kind === 'timestamp' || (t.kind === 'primitive' && t.name === 'date');
    case 'bucket':
      return isNumeric(t);
    default:
      return true;
  }
}

/** The unresolved mask expression over the placeholder column. */
function maskTree(spec: MaskSpec, t: DataType, salt: string | null, table: string): Expression {
  switch (spec.kind) {
    case 'null':
      return { kind: 'Cast', child: { kind: 'Literal', type: 'null', value: null }, type: t, mode: 'cast' };
    case 'constant':
      return { kind: 'Cast', child: spec.value === null || spec.value === undefined ? { kind: 'Literal', type: 'null', value: null } : str(String(spec.value)), type: t, mode: 'cast' };
    case 'hash': {
      // scope: table prefixes the table's name too, so the same value hashes differently in
      // different tables (pseudonyms that cannot be joined across tables).
      const base = spec.salt ?? salt;
      const s = spec.scope === 'table' ? `${base ?? ''}${table}:` : base;
      const text: Expression = { kind: 'Cast', child: col, type: { kind: 'string', collation: null }, mode: 'cast' };
      return fn('sha2', s === null ? text : fn('concat', str(s), text), int(256));
    }
    case 'redact':
      return redact(col);
    case 'showFirst': {
      const n = spec.n ?? 0;
      return {
        kind: 'Case',
        operand: null,
        branches: [{ when: { kind: 'BinaryOp', op: '<=', left: lengthOf(col), right: int(n) }, then: col }],
        otherwise: fn('concat', fn('substring', col, int(1), int(n)), redact(fn('substring', col, int(n + 1)))),
      };
    }
    case 'showLast': {
      const n = spec.n ?? 0;
      const head = fn('substring', col, int(1), { kind: 'BinaryOp', op: '-', left: lengthOf(col), right: int(n) });
      return {
        kind: 'Case',
        operand: null,
        branches: [{ when: { kind: 'BinaryOp', op: '<=', left: lengthOf(col), right: int(n) }, then: col }],
        otherwise: n === 0 ? redact(col) : fn('concat', redact(head), fn('substring', col, int(-n))),
      };
    }
    case 'emailDomain': {
      // The part after the last `@`; a value without one has no domain to show (never itself).
      const domain: Expression = {
        kind: 'Case',
        operand: null,
        branches: [{ when: { kind: 'BinaryOp', op: '=', left: fn('instr', col, str('@')), right: int(0) }, then: str('') }],
        otherwise: fn('substring_index', col, str('@'), int(-1)),
      };
      return fn('concat', str('*****@'), domain);
    }
    case 'yearOnly':
      return t.kind === 'timestamp' ? fn('date_trunc', str('YEAR'), col) : fn('make_date', fn('year', col), int(1), int(1));
    case 'bucket': {
      const w: Expression = Number.isInteger(spec.width) ? int(spec.width!) : { kind: 'Literal', type: 'double', value: String(spec.width) };
      return { kind: 'BinaryOp', op: '*', left: fn('floor', { kind: 'BinaryOp', op: '/', left: col, right: w }), right: w };
    }
    case 'regex':
      return fn('regexp_replace', col, str(spec.pattern ?? ''), str(spec.replacement ?? ''));
    case 'custom':
    case 'none':
      return col;
  }
}

/**
 * A built-in mask resolved once per kind, parameters and column type (see compileMask): the
 * expression over the placeholder column, the nodes on a path to the placeholder (the only ones
 * copied when it is bound to a read's column), whether its type is the column's, and its text
 * by column name.
 */
interface Template {
  readonly expr: Expression;
  readonly onPath: WeakSet<Expression>;
  readonly keepsType: boolean;
  readonly texts: Map<string, string>;
}
/** By spec object (weakly: a template lives as long as its policy document), then by salt, table and type. */
const templates = new WeakMap<MaskSpec, Map<string, Template>>();
const MAX_TEMPLATES = 1_000;
const MAX_TEXTS = 1_000;
/** The column id inside a template; never an id of a plan (those start at 1). */
const TEMPLATE_ID = -1;
const keepPlan = <T>(p: T): T => p;

function makeTemplate(expr: Expression, t: DataType): Template {
  const onPath = new WeakSet<Expression>();
  const mark = (e: Expression): boolean => {
    if (e.kind === 'AttributeRef') return e.id === TEMPLATE_ID;
    let found = false;
    mapExprSlots(e, keepPlan, (c) => {
      if (mark(c)) found = true;
      return c;
    });
    if (found) onPath.add(e);
    return found;
  };
  mark(expr);
  return { expr, onPath, keepsType: sameType(typeOf(expr), t), texts: new Map() };
}

/**
 * The template bound to `raw`: copies of the nodes on the placeholder's paths. The copy's type is
 * the template's (a column of the same type); the nodes inside are typed when first asked.
 */
function bindTemplate(t: Template, raw: AttributeRef): Expression {
  const bind = (e: Expression): Expression => {
    if (e.kind === 'AttributeRef' && e.id === TEMPLATE_ID) return raw;
    return t.onPath.has(e) ? mapExprSlots(e, keepPlan, bind) : e;
  };
  const bound = bind(t.expr);
  knownType(bound, typeOf(t.expr));
  return bound;
}


/**
 * The resolved mask for one column of one read: the spec's expression over `raw` (the column's
 * raw attribute), conditional on `when`, cast back to the column's type.
 */
export function compileMask(
  spec: MaskSpec,
  raw: AttributeRef,
  columns: readonly AttributeRef[],
  when: string | null,
  identity: Identity,
  env: AnalyzerEnv,
  lastId: number,
  policyId: string,
  salt: string | null,
  groupsCaseSensitive: boolean,
  /** `db.table`, for hashes scoped to the table. */
  table: string,
): { expr: Expression; lastId: number; text: string | null } {
  let kind = spec;
  if (!maskFits(kind.kind, raw.type)) {
    if (spec.fallback !== undefined && maskFits(spec.fallback, raw.type)) kind = { ...spec, kind: spec.fallback };
    else throw new PolicyCompileError(policyId, `a ${spec.kind} mask cannot keep the type of column ${raw.name} and names no fallback that can`);
  }
  let expr: Expression;
  if (kind.kind === 'custom') {
    const text = (kind.expression ?? '{col}').split('{col}').join(quoteIdent(raw.name));
    const bound = bindIdentity(parsePolicyExpression(text, policyId), identity, groupsCaseSensitive, policyId);
    const r = resolvePolicyExpression(bound, columns, env, lastId, policyId);
    // `CASE WHEN is_member('hr') THEN {col} ELSE '***' END` bound: the branch this identity takes.
    expr = simplifyBooleans(r.expr);
    lastId = r.lastId;
  } else {
    // The built-in kinds do not depend on the identity or the other columns: resolved once per
    // kind, parameters and column type, then bound to this read's raw column.
    // Keyed by the spec object (policy documents are not changed once loaded), then by the salt,
    // the table (only a table-scoped hash depends on it) and the column type, in a text that
    // cannot be read two ways (lengths first; the type, the only part that may hold any
    // character, last).
    const scoped = kind.kind === 'hash' && kind.scope === 'table' ? table : null;
    // A fallback kind is the spec with another kind: kept under the spec, its kind in the key.
    const key = `${kind === spec ? '' : kind.kind}|${salt === null ? '-' : `${salt.length}:${salt}`}|${scoped === null ? '-' : `${scoped.length}:${scoped}`}|${typeToString(raw.type)}`;
    let forSpec = templates.get(spec);
    let template = forSpec?.get(key);
    if (template === undefined) {
      const placeholder: AttributeRef = { ...raw, id: TEMPLATE_ID, name: PLACEHOLDER, qualifier: [] };
      template = makeTemplate(resolvePolicyExpression(maskTree(kind, raw.type, salt, table), [placeholder], env, 0, policyId).expr, raw.type);
      if (forSpec === undefined) templates.set(spec, (forSpec = new Map()));
      if (forSpec.size >= MAX_TEMPLATES) forSpec.clear();
      forSpec.set(key, template);
    }
    expr = bindTemplate(template, raw);
    if (!template.keepsType) expr = { kind: 'Cast', child: expr, type: raw.type, mode: 'cast' };
    if (when === null) {
      // Printed as the directives' text: a function of the template and the column's name.
      let text = template.texts.get(raw.name);
      if (text === undefined) {
        text = printExpression(expr);
        if (template.texts.size >= MAX_TEXTS) template.texts.clear();
        template.texts.set(raw.name, text);
      }
      return { expr, lastId, text };
    }
  }
  if (when !== null) {
    const bound = bindIdentity(parsePolicyExpression(when, policyId), identity, groupsCaseSensitive, policyId);
    const cond = resolvePolicyExpression(bound, columns, env, lastId, policyId);
    lastId = cond.lastId;
    // A condition on the identity alone is decided here: the mask for every row, or for none.
    const holds = simplifyBooleans(cond.expr);
    if (neverHolds(holds)) expr = raw;
    else if (!isTrue(holds)) expr = { kind: 'Case', operand: null, branches: [{ when: holds, then: expr }], otherwise: raw };
  }
  if (!sameType(typeOf(expr), raw.type)) expr = { kind: 'Cast', child: expr, type: raw.type, mode: 'cast' };
  return { expr, lastId, text: null };
}
