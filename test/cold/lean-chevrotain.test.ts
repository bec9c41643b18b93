/**
 * scripts/lean-chevrotain.mjs rewrites chevrotain's start-up paths for the bundles: with it,
 * chevrotain must build the same token types (indices, categories, category maps and lists, in
 * the same property order) and the same parser prototype as without it, and parse alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { ROOT } from './child.js';

interface Bundle {
  allTokens: Record<string, unknown>[];
  createToken(config: { name: string; categories?: unknown[] }): Record<string, unknown>;
  EOF: Record<string, unknown>;
  EmbeddedActionsParser: { prototype: object };
  parseSql(sql: string): unknown;
}

let work: string;
const bundles: Record<'lean' | 'plain', Bundle> = {} as Record<'lean' | 'plain', Bundle>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'leafguard-lean-'));
  // A build script, in JavaScript (no types to import).
  const { leanChevrotain } = (await import(pathToFileURL(join(ROOT, 'scripts/lean-chevrotain.mjs')).href)) as { leanChevrotain: Plugin };
  const variants: [keyof typeof bundles, Plugin[]][] = [
    ['lean', [leanChevrotain]],
    ['plain', []],
  ];
  for (const [name, plugins] of variants) {
    const outfile = join(work, `${name}.mjs`);
    await build({
      stdin: { contents: "export { allTokens } from './src/parser/tokens.ts'; export { parseSql } from './src/parser/parser.ts'; export { EOF, EmbeddedActionsParser, createToken } from 'chevrotain';", resolveDir: ROOT },
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      outfile,
      plugins,
      logLevel: 'warning',
    });
    bundles[name] = (await import(pathToFileURL(outfile).href)) as Bundle;
  }
  // Builds each parser, which completes the token types' categories.
  for (const b of Object.values(bundles)) b.parseSql('SELECT 1');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A token type as data: every field chevrotain reads, and the order of its properties. */
function describeToken(t: Record<string, unknown>) {
  const names = (xs: unknown) => (xs as { name: string }[]).map((c) => c.name);
  return {
    keys: Object.keys(t),
    name: t['name'],
    tokenTypeIdx: t['tokenTypeIdx'],
    categories: names(t['CATEGORIES']),
    categoryMatches: t['categoryMatches'],
    categoryMatchesMap: Object.keys(t['categoryMatchesMap'] as object),
    isParent: t['isParent'],
  };
}

describe('lean chevrotain', () => {
  it('builds the same token types', () => {
    const all = (b: Bundle) => [b.EOF, ...b.allTokens].map(describeToken);
    expect(all(bundles.lean)).toEqual(all(bundles.plain));
    // Categories are there to compare: Ident matches hundreds of keywords.
    const ident = all(bundles.lean).find((t) => t.name === 'Ident')!;
    expect(ident.isParent).toBe(true);
    expect((ident.categoryMatches as number[]).length).toBeGreaterThan(300);
  });

  it('gives categories the same members through diamonds and cycles', () => {
    const graph = (b: Bundle) => {
      const top = b.createToken({ name: 'Top' });
      const left = b.createToken({ name: 'Left', categories: [top] });
      const right = b.createToken({ name: 'Right', categories: [top] });
      const bottom = b.createToken({ name: 'Bottom', categories: [left, right] });
      // A cycle: Top in Bottom's category and Bottom in Top's.
      top['CATEGORIES'] = [bottom];
      const leaf = b.createToken({ name: 'Leaf', categories: [bottom, left] });
      return [top, left, right, bottom, leaf].map((t) => {
        const d = describeToken(t);
        return { ...d, tokenTypeIdx: undefined, categoryMatches: undefined, members: (t['categoryMatches'] as number[]).map((i) => i - (top['tokenTypeIdx'] as number)), categoryMatchesMap: undefined };
      });
    };
    const lean = graph(bundles.lean);
    expect(lean).toEqual(graph(bundles.plain));
    expect(lean[0]!.members.length).toBeGreaterThan(2);
  });

  it("builds the same parser prototype (chevrotain's mixins)", () => {
    const describeProto = (b: Bundle) => {
      const proto = Object.getPrototypeOf(b.EmbeddedActionsParser.prototype) as object;
      return Object.getOwnPropertyNames(proto).map((k) => {
        const d = Object.getOwnPropertyDescriptor(proto, k)!;
        return [k, typeof d.value, d.get === undefined, d.writable, d.enumerable, d.configurable];
      });
    };
    const lean = describeProto(bundles.lean);
    expect(lean).toEqual(describeProto(bundles.plain));
    expect(lean.length).toBeGreaterThan(100);
  });

  it('parses alike', () => {
    const outcome = (b: Bundle, sql: string) => {
      try {
        return JSON.stringify(b.parseSql(sql));
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    };
    for (const sql of ['SELECT a, b FROM t WHERE x > 1 ORDER BY a', 'SELECT `select` FROM t JOIN u USING (k)', 'INSERT INTO t VALUES (1)', 'SELECT FROM WHERE', 'CREATE TABLE t (a INT)']) {
      expect(outcome(bundles.lean, sql)).toBe(outcome(bundles.plain, sql));
    }
  });
});
