/**
 * Grammar snapshots: chevrotain's recorded grammar (GAST) and the lookahead of its decisions as
 * text, so that a built parser need not record or analyse the grammar again.
 *
 * Chevrotain learns a grammar by running every rule once in a "recording phase" when the
 * parser is constructed: about 35 ms of a cold start, most of it compiling and running every
 * rule's code once. `npm run build` records the grammar, writes it with `snapshotGrammar`, and
 * embeds the text in dist/ (scripts/bundle.mjs); the parser built from dist/ restores it with
 * `restoreGrammar` instead of recording. Likewise the lookahead paths of every decision (OR,
 * OPTION, MANY, …), which chevrotain computes from the grammar on first use of the decision
 * (lookahead.ts), are computed by the build. Sources run without a snapshot (tests, tools), so a
 * snapshot always comes from the same sources as the code it ships with.
 *
 * The text is the JSON of `[fieldNames, rules, tokenNames, ruleNames]`, then each rule's body on a
 * line of its own (below); a node is `[class, field, value, field, value, …, ...children]`:
 * its class index in `CLASSES`, the fields in which it differs from a node built by its class's
 * constructor (field by index into `fieldNames`; primitives, token types by index into
 * `tokenNames`, sub-rules by index into `ruleNames`), then its definition's nodes (arrays, so they
 * cannot be mistaken for values). A rule is the rule's node without its definition; its body
 * is the JSON text of `[definition, lookahead]` (outside the first JSON, which would otherwise
 * hold the bodies as escaped strings: parsing and copying them was most of restoring), where
 * `lookahead` holds, for each of the rule's decisions, `[decision, ...alternatives]`: the
 * decision as a number (`decisionCode`: its DSL method, occurrence index and whether an OR has
 * gates) and each alternative's first tokens (-1 for an empty path); no alternatives for a
 * decision that needs more than one token. The decisions are there so that a parser can set up
 * a decision's lookahead without reading the rule's definition.
 *
 * A rule's body is read when the rule's definition or lookahead is first asked for: a statement
 * visits a few dozen of the ~300 rules, and restoring all of them was some 4 ms of a cold start
 * (and made V8 compile the decoder with its optimizing compiler, 20 ms of work that process exit
 * waited for).
 */
import {
  Alternation,
  Alternative,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Rule,
  Terminal,
  getLookaheadPaths,
  type LookaheadProductionType,
  type TokenType,
} from 'chevrotain';

type Production = { definition: Production[] } & Record<string, unknown>;
type Encoded = (number | string | boolean | null | Encoded)[];
type GastClass = new (options: { definition?: Production[] }) => object;

const CLASSES: readonly GastClass[] = [
  Rule,
  NonTerminal,
  Alternative,
  Option,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Repetition,
  Alternation,
  Terminal,
] as unknown as GastClass[];
/** Fields that hold token types. */
const TOKEN_FIELDS = new Set(['terminalType', 'separator']);
/** Fields not written: the definition (children) and a non-terminal's rule (restored by name). */
const SKIPPED = new Set(['_definition', 'definition', 'referencedRule']);

/** Each class's own fields as its constructor sets them. */
function classDefaults(): Record<string, unknown>[] {
  return CLASSES.map(defaultsOf);
}
function defaultsOf(c: GastClass): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(new c(c === (Terminal as unknown) ? {} : { definition: [] }))) if (!SKIPPED.has(k)) fields[k] = v;
  return fields;
}

export function snapshotGrammar(rules: readonly Rule[]): string {
  const defaults = classDefaults();
  const fieldNames: string[] = [];
  const fieldIndex = (k: string): number => {
    let i = fieldNames.indexOf(k);
    if (i < 0) i = fieldNames.push(k) - 1;
    return i;
  };
  // Tokens by index into one name list: most of the snapshot is terminals.
  const tokenNames: string[] = [];
  const tokenIndex = (t: TokenType): number => {
    let i = tokenNames.indexOf(t.name);
    if (i < 0) i = tokenNames.push(t.name) - 1;
    return i;
  };
  // Sub-rule references by index into the rule list.
  const ruleNames = rules.map((r) => r.name);
  const encode = (node: Production): Encoded => {
    // The commonest node, a CONSUME without index (`idx` 0), is written `[-1 - token]`.
    if (node instanceof Terminal && node['idx'] === 0 && Object.keys(node).every((k) => SKIPPED.has(k) || k === 'idx' || k === 'terminalType')) {
      return [-1 - tokenIndex(node['terminalType'] as TokenType)];
    }
    const cls = CLASSES.findIndex((c) => node.constructor === c);
    if (cls < 0) throw new Error(`grammar snapshot: unknown node class ${node.constructor.name}`);
    const out: Encoded = [cls];
    for (const [k, v] of Object.entries(node)) {
      if (SKIPPED.has(k) || (k in defaults[cls]! && defaults[cls]![k] === v)) continue;
      if (TOKEN_FIELDS.has(k)) out.push(fieldIndex(k), tokenIndex(v as TokenType));
      else if (k === 'nonTerminalName') out.push(fieldIndex(k), ruleNames.indexOf(v as string));
      else if (v === null || v === undefined || typeof v !== 'object') out.push(fieldIndex(k), (v as string | number | boolean | undefined) ?? null);
      else throw new Error(`grammar snapshot: field ${k} of ${node.constructor.name} is not a primitive`);
    }
    if (!(node instanceof NonTerminal || node instanceof Terminal)) for (const child of node.definition) out.push(encode(child));
    return out;
  };
  const bodies: string[] = [];
  const heads = rules.map((rule) => {
    const [head, ...definition] = splitDefinition(encode(rule as unknown as Production));
    // Each decision's lookahead, with no alternatives where it needs more than one token.
    const lookahead = decisions(rule).map(([prodType, idx, hasPredicates]) => {
      const paths = getLookaheadPaths({ occurrence: idx, rule, prodType, maxLookahead: 1 });
      const alts = prodType === 'Alternation' ? paths : paths.slice(0, 1);
      const code = decisionCode(DSL_METHODS.indexOf(prodType), idx, hasPredicates);
      return alts.some((alt) => alt.some((path) => path.length > 1)) ? [code] : [code, ...alts.map((alt) => alt.map((path) => (path.length === 0 ? -1 : tokenIndex(path[0]!))))];
    });
    bodies.push(JSON.stringify([definition, lookahead]));
    return head;
  });
  // JSON text has no line breaks of its own (JSON.stringify escapes those in strings).
  return [JSON.stringify([fieldNames, heads, tokenNames, ruleNames]), ...bodies].join('\n');
}

/** An encoded node as `[node without children, ...children]`. */
function splitDefinition(e: Encoded): [Encoded, ...Encoded[]] {
  let i = 1;
  while (i < e.length && !Array.isArray(e[i])) i += 2;
  return [e.slice(0, i), ...(e.slice(i) as Encoded[])];
}

/** The key of a decision: its rule, its kind and its occurrence index in the rule. */
export function decisionKey(rule: string, prodType: LookaheadProductionType, idx: number): string {
  return `${rule} ${prodType} ${idx}`;
}

/**
 * The kinds of decision by chevrotain's DSL method number (its grammar/keys.js: OR_IDX is
 * `1 << 8`, OPTION_IDX `2 << 8`, …), so that a lookahead key's method bits index this list.
 */
const DSL_METHODS: readonly (LookaheadProductionType | undefined)[] = [
  undefined,
  'Alternation',
  'Option',
  'Repetition',
  'RepetitionMandatory',
  'RepetitionWithSeparator',
  'RepetitionMandatoryWithSeparator',
];
/** A decision in a snapshot: DSL method and occurrence (below 16, as the parser's keys require), and whether an OR has gates. */
function decisionCode(method: number, idx: number, hasPredicates: boolean): number {
  if (method < 1 || idx > 15) throw new Error(`grammar snapshot: decision ${method} ${idx} out of range`);
  return ((method << 4) | idx) * 2 + (hasPredicates ? 1 : 0);
}

/** A decision's lookahead from a snapshot. */
export interface RestoredDecision {
  readonly prodType: LookaheadProductionType;
  /** Whether an OR's alternatives have gates. */
  readonly hasPredicates: boolean;
  /** Each alternative's paths, each of length 0 or 1 (one alternative for an OPTION or a repetition); null for a decision that needs more than one token. */
  readonly paths: TokenType[][][] | null;
}

const DECISION_TYPES = new Map<GastClass, LookaheadProductionType>([
  [Alternation as unknown as GastClass, 'Alternation'],
  [Option as unknown as GastClass, 'Option'],
  [Repetition as unknown as GastClass, 'Repetition'],
  [RepetitionMandatory as unknown as GastClass, 'RepetitionMandatory'],
  [RepetitionMandatoryWithSeparator as unknown as GastClass, 'RepetitionMandatoryWithSeparator'],
  [RepetitionWithSeparator as unknown as GastClass, 'RepetitionWithSeparator'],
]);

/** The decisions of a rule, as `[kind, occurrence index, has gates]` (a rule's own, not its sub-rules'). */
function decisions(rule: Rule): [LookaheadProductionType, number, boolean][] {
  const out: [LookaheadProductionType, number, boolean][] = [];
  const walk = (node: Production): void => {
    const type = DECISION_TYPES.get(node.constructor as GastClass);
    if (type !== undefined) out.push([type, node['idx'] as number, node['hasPredicates'] === true]);
    if (!(node instanceof NonTerminal || node instanceof Terminal)) node.definition.forEach(walk);
  };
  walk(rule as unknown as Production);
  return out;
}

/** A restored snapshot. */
export interface Restored {
  readonly rules: Record<string, Rule>;
  /** A decision's lookahead paths (each of length 0 or 1) by `decisionKey`; undefined if not in the snapshot. */
  lookahead(key: string): TokenType[][][] | undefined;
  /**
   * A decision of rule `rule` by the DSL bits of chevrotain's lookahead key (method `<< 8 |`
   * occurrence), or undefined if the snapshot has no such decision. Read without the rule's
   * definition.
   */
  decision(rule: string, dsl: number): RestoredDecision | undefined;
}

/** The rules of a snapshot by name, non-terminals linked to their rules, and its lookahead. */
export function restoreGrammar(text: string, tokens: Readonly<Record<string, TokenType>> | ((name: string) => TokenType | undefined)): Restored {
  // Each class's defaults and each token type when first needed: building a parser restores
  // only the rules (one class), and its first parse reads a few dozen token types of some 600.
  const defaultsByClass: (Record<string, unknown> | undefined)[] = [];
  const defaults = (cls: number): Record<string, unknown> => (defaultsByClass[cls] ??= defaultsOf(CLASSES[cls]!));
  const headsEnd = text.indexOf('\n');
  const [fieldNames, heads, tokenNames, ruleNames] = JSON.parse(text.slice(0, headsEnd)) as [string[], Encoded[], string[], string[]];
  // Where each rule's body starts (its line ends where the next one starts).
  const bodyStart = new Int32Array(heads.length + 1);
  bodyStart[0] = headsEnd + 1;
  for (let r = 1; r < heads.length; r++) {
    const lineEnd = text.indexOf('\n', bodyStart[r - 1]!);
    if (lineEnd < 0) throw new Error('grammar snapshot: fewer bodies than rules');
    bodyStart[r] = lineEnd + 1;
  }
  bodyStart[heads.length] = text.length + 1;
  if (text.indexOf('\n', bodyStart[heads.length - 1]!) >= 0) throw new Error('grammar snapshot: more bodies than rules');
  const token = (name: string): TokenType => {
    const t = typeof tokens === 'function' ? tokens(name) : tokens[name];
    if (t === undefined) throw new Error(`grammar snapshot: unknown token ${name}`);
    return t;
  };
  const types: (TokenType | undefined)[] = new Array<TokenType | undefined>(tokenNames.length).fill(undefined);
  const type = (i: number): TokenType => (types[i] ??= token(tokenNames[i]!));
  const ruleList: Rule[] = [];
  const TERMINAL = CLASSES.indexOf(Terminal as unknown as GastClass);
  // A node with its own fields; `definition` (children) by the caller.
  const fields = (e: Encoded, prototype: object = CLASSES[e[0] as number]!.prototype as object): [Production, number] => {
    const cls = e[0] as number;
    const node = Object.assign(Object.create(prototype) as Production, defaults(cls));
    let i = 1;
    let rule = -1;
    for (; i < e.length && !Array.isArray(e[i]); i += 2) {
      const k = fieldNames[e[i] as number]!;
      const v = e[i + 1];
      if (k === 'nonTerminalName') rule = v as number;
      node[k] = TOKEN_FIELDS.has(k) ? type(v as number) : k === 'nonTerminalName' ? ruleNames[v as number] : v === null ? undefined : v;
    }
    if (rule >= 0) {
      const referenced = ruleList[rule];
      if (referenced === undefined) throw new Error(`grammar snapshot: unknown rule ${String(node['nonTerminalName'])}`);
      node['referencedRule'] = referenced;
    }
    return [node, i];
  };
  const decode = (e: Encoded): Production => {
    if (e.length === 1 && (e[0] as number) < 0) {
      const t = Object.assign(Object.create(Terminal.prototype) as Production, defaults(TERMINAL));
      t['idx'] = 0;
      t['terminalType'] = type(-1 - (e[0] as number));
      return t;
    }
    const [node, i] = fields(e);
    if (!(node instanceof NonTerminal || node instanceof Terminal)) node['_definition'] = (e.slice(i) as Encoded[]).map(decode);
    return node;
  };
  // A rule's body (definition and lookahead), parsed when first asked for.
  type Body = [Encoded[], [number, ...number[][]][]];
  const bodies: (Body | undefined)[] = [];
  const body = (r: number): Body => (bodies[r] ??= JSON.parse(text.slice(bodyStart[r]!, bodyStart[r + 1]! - 1)) as Body);
  // Every rule now (non-terminals link to them), each one's definition when first read: an
  // accessor on a prototype of the restored rules (between them and Rule's) reads it and puts it
  // on the rule (two closures and an accessor per rule were some 100 KB of start-up allocation).
  const ruleNumber = new Map<string, number>();
  const own = (rule: Production, definition: Production[]): void => {
    Object.defineProperty(rule, '_definition', { value: definition, writable: true, enumerable: true, configurable: true });
  };
  const restoredRule = Object.create(Rule.prototype) as object;
  Object.defineProperty(restoredRule, '_definition', {
    get(this: Production): Production[] {
      const definition = body(ruleNumber.get(this['name'] as string)!)[0].map(decode);
      own(this, definition);
      return definition;
    },
    set(this: Production, definition: Production[]) {
      own(this, definition);
    },
    configurable: true,
  });
  // A dictionary from the start (an object literal stays in fast mode to 128 keys, a new layout per key).
  const rules = Object.create(null) as Record<string, Rule>;
  for (let r = 0; r < heads.length; r++) {
    const [rule] = fields(heads[r]!, restoredRule);
    ruleList.push(rule as unknown as Rule);
    rules[rule['name'] as string] = rule as unknown as Rule;
    ruleNumber.set(rule['name'] as string, r);
  }
  // A rule's decisions by their DSL bits, as each is first asked for.
  const decision = (rule: string, dsl: number): RestoredDecision | undefined => {
    const r = ruleNumber.get(rule);
    const prodType = DSL_METHODS[dsl >>> 8];
    if (r === undefined || prodType === undefined) return undefined;
    const list = body(r)[1];
    for (let d = 0; d < list.length; d++) {
      const entry = list[d]!;
      const code = entry[0];
      if (code >>> 1 !== (((dsl >>> 8) << 4) | (dsl & 0xff))) continue;
      const paths: TokenType[][][] | null = entry.length === 1 ? null : new Array<TokenType[][]>(entry.length - 1);
      for (let a = 1; paths !== null && a < entry.length; a++) {
        const alt = entry[a] as number[];
        const altPaths: TokenType[][] = (paths[a - 1] = new Array<TokenType[]>(alt.length));
        for (let p = 0; p < alt.length; p++) altPaths[p] = alt[p]! < 0 ? [] : [type(alt[p]!)];
      }
      return { prodType, hasPredicates: (code & 1) === 1, paths };
    }
    return undefined;
  };
  return {
    rules,
    decision,
    lookahead: (key) => {
      const [rule, prodType, idx] = key.split(' ') as [string, LookaheadProductionType, string];
      const method = DSL_METHODS.indexOf(prodType);
      return method < 1 ? undefined : (decision(rule, (method << 8) | Number(idx))?.paths ?? undefined);
    },
  };
}
