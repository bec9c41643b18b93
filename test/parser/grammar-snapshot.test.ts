/**
 * The grammar snapshot the build embeds (src/parser/grammar-snapshot.ts): restoring it gives the
 * grammar chevrotain records, with the lookahead chevrotain computes, and a parser built from it
 * parses like one that recorded its grammar.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { EOF } from 'chevrotain';
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
