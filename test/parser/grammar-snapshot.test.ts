/**
 * The grammar snapshot the build embeds (src/parser/grammar-snapshot.ts): restoring it gives the
 * grammar chevrotain records, with the lookahead chevrotain computes, and a parser built from it
 * parses like one that recorded its grammar.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { Alternation, EOF, getLookaheadPaths, NonTerminal, Option, Repetition, RepetitionMandatory, RepetitionMandatoryWithSeparator, RepetitionWithSeparator, Terminal, type IProduction, type LookaheadProductionType, type Rule } from 'chevrotain';
import { grammarSnapshot, parseSql, parseSqlWithSnapshot } from '../../src/parser/parser.js';
import { restoreGrammar, snapshotGrammar } from '../../src/parser/grammar-snapshot.js';
import { allTokens } from '../../src/parser/tokens.js';
import { loadCorpus } from '../../src/cli/corpus.js';

const CORPUS = '../shared/corpus/spark-sql-tests/expected.jsonl';
const tokens = Object.fromEntries([EOF, ...allTokens].map((t) => [t.name, t]));

function outcome(parse: (sql: string) => unknown, sql: string): string {
  try {
    return JSON.stringify(parse(sql));
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message} ${JSON.stringify((e as { expected?: unknown }).expected)}`;
  }
}

describe('grammar snapshot', () => {
  const snapshot = grammarSnapshot();

  it('restores the recorded grammar, field for field', () => {
    const restored = restoreGrammar(snapshot, tokens);
    expect(Object.keys(restored.rules).length).toBeGreaterThan(100);
    // Every own field of every node is written, so snapshotting the restored grammar gives the same
    // text, lookahead (computed from the restored grammar) included.
    expect(snapshotGrammar(Object.values(restored.rules))).toBe(snapshot);
  });

  it('has the lookahead of every LL(1) decision', () => {
    const restored = restoreGrammar(snapshot, tokens);
    expect(restored.lookahead('primaryExpression Alternation 0')?.length).toBeGreaterThan(5);
    expect(restored.lookahead('selectTail Option 2')).toBeDefined();
    expect(restored.lookahead('noSuchRule Option 0')).toBeUndefined();
  });

  it("gives each decision's kind, gates and lookahead without reading its rule's definition", () => {
    const restored = restoreGrammar(snapshot, tokens);
    // chevrotain's DSL method numbers (its grammar/keys.js), as in a lookahead key's bits 8-11.
    const kinds: [new (...args: never[]) => IProduction, LookaheadProductionType, number][] = [
      [Alternation, 'Alternation', 1],
      [Option, 'Option', 2],
      [Repetition, 'Repetition', 3],
      [RepetitionMandatory, 'RepetitionMandatory', 4],
      [RepetitionWithSeparator, 'RepetitionWithSeparator', 5],
      [RepetitionMandatoryWithSeparator, 'RepetitionMandatoryWithSeparator', 6],
    ];
    // Asked before any definition is read: a rule's definition is restored on first read, and
    // would then be an own property of the rule.
    const rules = Object.values(restored.rules) as Rule[];
    const answers = rules.map((rule) => [0x100, 0x201, 0x300, 0x402, 0x500, 0x601].map((dsl) => restored.decision(rule.name, dsl)));
    expect(rules.some((rule) => Object.prototype.hasOwnProperty.call(rule, '_definition'))).toBe(false);
    let checked = 0;
    const walk = (rule: Rule, node: IProduction): void => {
      const kind = kinds.find(([cls]) => node instanceof cls);
      if (kind !== undefined) {
        const idx = (node as unknown as { idx: number }).idx;
        const decision = restored.decision(rule.name, (kind[2] << 8) | idx);
        const paths = getLookaheadPaths({ occurrence: idx, rule, prodType: kind[1], maxLookahead: 1 });
        expect(decision, `${rule.name} ${kind[1]} ${idx}`).toEqual({
          prodType: kind[1],
          hasPredicates: kind[1] === 'Alternation' && (node as unknown as { hasPredicates?: boolean }).hasPredicates === true,
          paths: kind[1] === 'Alternation' ? paths : paths.slice(0, 1),
        });
        checked++;
      }
      if (!(node instanceof NonTerminal || node instanceof Terminal)) for (const child of (node as unknown as { definition: IProduction[] }).definition) walk(rule, child);
    };
    for (const rule of rules) walk(rule, rule);
    expect(checked).toBeGreaterThan(400);
    // Asked again after the definitions were read: the same answers.
    expect(rules.map((rule) => [0x100, 0x201, 0x300, 0x402, 0x500, 0x601].map((dsl) => restored.decision(rule.name, dsl)))).toEqual(answers);
    expect(answers.flat().some((d) => d !== undefined)).toBe(true);
    expect(restored.decision('noSuchRule', 0x100)).toBeUndefined();
    expect(restored.decision('selectTail', 0x700)).toBeUndefined();
  });

  it.runIf(existsSync(CORPUS))('parses the corpus as a parser that records its grammar', () => {
    const fromSnapshot = parseSqlWithSnapshot(snapshot);
    const rows = loadCorpus(CORPUS);
    const mismatches: string[] = [];
    // Every 7th statement plus error cases: the whole corpus is compared by the quickjs test and the CLI.
    for (const sql of [...rows.filter((_, i) => i % 7 === 0).map((r) => r.sql), 'SELECT', 'SELECT a FROM', 'SELECT (1', "SELECT 'x"]) {
      if (outcome(fromSnapshot, sql) !== outcome(parseSql, sql)) mismatches.push(sql);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
