/**
 * Grammar snapshots: chevrotain's recorded grammar (GAST) as text, so that a built parser need
 * not record it again.
 *
 * Chevrotain learns a grammar by running every rule once in a "recording phase" when the
 * parser is constructed: about 35 ms of a cold start, most of it compiling and running every
 * rule's code once. `npm run build` records the grammar, writes it with `snapshotGrammar`, and
 * embeds the text in dist/ (scripts/bundle.mjs); the parser built from dist/ restores it with
 * `restoreGrammar` instead of recording. Sources run without a snapshot (tests, tools), so a
 * snapshot always comes from the same sources as the code it ships with.
 *
 * The text is `[fieldNames, rules]`; a node is `[class, field, value, field, value, …, ...children]`:
 * its class index in `CLASSES`, the fields in which it differs from a node built by its class's
 * constructor (field by index into `fieldNames`; primitives, token types by name), then its
 * definition's nodes (arrays, so they cannot be mistaken for values).
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
  return CLASSES.map((c) => {
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(new c(c === (Terminal as unknown) ? {} : { definition: [] }))) if (!SKIPPED.has(k)) fields[k] = v;
    return fields;
  });
}

export function snapshotGrammar(rules: readonly Rule[]): string {
  const defaults = classDefaults();
  const fieldNames: string[] = [];
  const fieldIndex = (k: string): number => {
    let i = fieldNames.indexOf(k);
    if (i < 0) i = fieldNames.push(k) - 1;
    return i;
  };
  const encode = (node: Production): Encoded => {
    const cls = CLASSES.findIndex((c) => node.constructor === c);
    if (cls < 0) throw new Error(`grammar snapshot: unknown node class ${node.constructor.name}`);
    const out: Encoded = [cls];
    for (const [k, v] of Object.entries(node)) {
      if (SKIPPED.has(k) || (k in defaults[cls]! && defaults[cls]![k] === v)) continue;
      if (TOKEN_FIELDS.has(k)) out.push(fieldIndex(k), (v as TokenType).name);
      else if (v === null || v === undefined || typeof v !== 'object') out.push(fieldIndex(k), (v as string | number | boolean | undefined) ?? null);
      else throw new Error(`grammar snapshot: field ${k} of ${node.constructor.name} is not a primitive`);
    }
    if (!(node instanceof NonTerminal || node instanceof Terminal)) for (const child of node.definition) out.push(encode(child));
    return out;
  };
  const encoded = rules.map((r) => encode(r as unknown as Production));
  return JSON.stringify([fieldNames, encoded]);
}

/** The rules of a snapshot by name, non-terminals linked to their rules. */
export function restoreGrammar(text: string, tokens: Readonly<Record<string, TokenType>>): Record<string, Rule> {
  const defaults = classDefaults();
  const [fieldNames, encoded] = JSON.parse(text) as [string[], Encoded[]];
  const nonTerminals: Production[] = [];
  const decode = (e: Encoded): Production => {
    const cls = e[0] as number;
    const node = Object.assign(Object.create(CLASSES[cls]!.prototype) as Production, defaults[cls]);
    let i = 1;
    for (; i < e.length && !Array.isArray(e[i]); i += 2) {
      const k = fieldNames[e[i] as number]!;
      const v = e[i + 1];
      if (TOKEN_FIELDS.has(k)) {
        const t = tokens[v as string];
        if (t === undefined) throw new Error(`grammar snapshot: unknown token ${String(v)}`);
        node[k] = t;
      } else node[k] = v === null ? undefined : v;
    }
    if (node instanceof NonTerminal) nonTerminals.push(node);
    else if (!(node instanceof Terminal)) node['_definition'] = (e.slice(i) as Encoded[]).map(decode);
    return node;
  };
  const rules: Record<string, Rule> = {};
  for (const r of encoded) {
    const rule = decode(r) as unknown as Rule;
    rules[rule.name] = rule;
  }
  for (const n of nonTerminals) {
    const rule = rules[n['nonTerminalName'] as string];
    if (rule === undefined) throw new Error(`grammar snapshot: unknown rule ${String(n['nonTerminalName'])}`);
    n['referencedRule'] = rule;
  }
  return rules;
}
