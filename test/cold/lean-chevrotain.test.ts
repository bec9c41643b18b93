/**
 * scripts/lean-chevrotain.mjs rewrites chevrotain's start-up paths for the bundles: with it,
 * chevrotain must build the same token types (indices, categories, category maps and lists, in
 * the same property order) and the same parser prototype as without it, and parse alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { ROOT } from './child.js';

interface Bundle {
  allTokens: Record<string, unknown>[];
  createToken(config: { name: string; categories?: unknown[] }): Record<string, unknown>;
  EOF: Record<string, unknown>;
  EmbeddedActionsParser: { prototype: object; new (vocabulary: unknown[], config: object): { tokensMap: Record<string, unknown> } };
  parseSql(sql: string): unknown;
}

let work: string;
const bundles: Record<'lean' | 'bundled' | 'plain', Bundle> = {} as Record<'lean' | 'bundled' | 'plain', Bundle>;
/** The methods the bundled variant leaves out, by file. */
let uncalled: { file: RegExp; methods: Record<string, string | null> }[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'leafguard-lean-'));
  // A build script, in JavaScript (no types to import).
  const lean = (await import(pathToFileURL(join(ROOT, 'scripts/lean-chevrotain.mjs')).href)) as { leanChevrotain: Plugin; leanChevrotainBundled: Plugin; uncalledMethods(): Promise<typeof uncalled> };
  uncalled = await lean.uncalledMethods();
  // The bundled variant has no self-analysis for a parser without a snapshot: it gets one, as dist/ does.
  const { grammarDefine } = (await import(pathToFileURL(join(ROOT, 'scripts/bundle.mjs')).href)) as { grammarDefine(): Promise<Record<string, string>> };
  const variants: [keyof typeof bundles, Plugin[], Record<string, string>?][] = [
    ['lean', [lean.leanChevrotain]],
    ['bundled', [lean.leanChevrotainBundled], await grammarDefine()],
    ['plain', []],
  ];
  for (const [name, plugins, define] of variants) {
    const outfile = join(work, `${name}.mjs`);
    await build({
      stdin: { contents: "export { allTokens } from './src/parser/tokens.ts'; export { parseSql } from './src/parser/parser.ts'; export { EOF, EmbeddedActionsParser, createToken } from 'chevrotain';", resolveDir: ROOT },
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      outfile,
      plugins,
      ...(define === undefined ? {} : { define }),
      logLevel: 'warning',
    });
    bundles[name] = (await import(pathToFileURL(outfile).href)) as Bundle;
  }
  // Builds each parser, which completes the token types' categories.
  for (const b of Object.values(bundles)) b.parseSql('SELECT 1');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Fns = Record<string, (...args: unknown[]) => unknown>;
/** scripts/lean-chevrotain.mjs's lodash and lodash-es itself. */
let loaded: { lean: Fns; lodash: Fns } | undefined;
async function lodashes(): Promise<{ lean: Fns; lodash: Fns }> {
  if (loaded !== undefined) return loaded;
  const { LEAN_LODASH } = (await import(pathToFileURL(join(ROOT, 'scripts/lean-chevrotain.mjs')).href)) as { LEAN_LODASH: string };
  const file = join(work, 'lean-lodash.mjs');
  writeFileSync(file, LEAN_LODASH);
  const lodashEs: string = 'lodash-es';
  loaded = { lean: (await import(pathToFileURL(file).href)) as Fns, lodash: (await import(lodashEs)) as Fns };
  return loaded;
}

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

  it('leaves out of the bundled parser prototype only the methods it never calls', () => {
    const proto = (b: Bundle) => Object.getPrototypeOf(b.EmbeddedActionsParser.prototype) as Record<string, unknown>;
    const dropped = new Set(uncalled.flatMap((u) => Object.entries(u.methods).filter(([, body]) => body === null).map(([name]) => name)));
    // The numbered DSL methods the grammar has no use for, and those the parser overrides.
    for (const name of ['MANY9', 'AT_LEAST_ONE_SEP9', 'BACKTRACK', 'orInternal', 'subruleInternal', 'getLaFuncFromCache']) expect(dropped.has(name), name).toBe(true);
    // Every DSL method src/parser/dsl.ts declares stays.
    for (const name of ['CONSUME', 'CONSUME9', 'SUBRULE9', 'OR9', 'MANY5', 'AT_LEAST_ONE2', 'MANY_SEP2', 'AT_LEAST_ONE_SEP4', 'RULE', 'ACTION', 'LA']) expect(dropped.has(name), name).toBe(false);
    const plain = Object.getOwnPropertyNames(proto(bundles.plain));
    expect(Object.getOwnPropertyNames(proto(bundles.bundled))).toEqual(plain.filter((k) => !dropped.has(k)));
    expect(plain.filter((k) => dropped.has(k)).sort()).toEqual([...dropped].sort());
    // Without a snapshot, self-analysis says why it cannot run.
    expect(() => (proto(bundles.bundled)['performSelfAnalysis'] as () => void).call({})).toThrow(/grammar snapshot/);
  });

  it('makes the vocabulary by name unless validations are skipped for a complete vocabulary', () => {
    const names = (b: Bundle, vocabulary: Record<string, unknown>[], skipValidations: boolean) =>
      Object.keys(new b.EmbeddedActionsParser(vocabulary, { skipValidations }).tokensMap).sort();
    const all = [...bundles.lean.allTokens.map((t) => t['name'] as string), 'EOF'].sort();
    // Validations read it: made in full.
    expect(names(bundles.lean, bundles.lean.allTokens, false)).toEqual(all);
    expect(names(bundles.plain, bundles.plain.allTokens, false)).toEqual(all);
    // A vocabulary not marked complete is augmented from it: made in full.
    expect(names(bundles.lean, [...bundles.lean.allTokens], true)).toEqual(all);
    // Nothing reads it: only EOF.
    expect(names(bundles.lean, bundles.lean.allTokens, true)).toEqual(['EOF']);
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
      expect(outcome(bundles.bundled, sql)).toBe(outcome(bundles.plain, sql));
    }
  });
});

describe("lean chevrotain's lodash", () => {
  // What chevrotain passes: arrays (with holes, NaN, nested arrays), plain objects, null and
  // undefined, function iteratees and property names. Each call's result, the arguments the
  // callbacks saw, and what was mutated must be lodash's.
  const tokens = [{ name: 'A', idx: 1 }, { name: 'B', idx: 2 }, { name: 'A', idx: 3 }];
  const object = { b: 2, a: 1, c: [3, 4] };
  const collections: unknown[] = [[], [1, 2, 3, 2, 1], [1, [2, [3]], NaN, 0, '', null, NaN], tokens, object, {}, null, undefined];
  const predicates: [string, (...args: unknown[]) => unknown][] = [
    ['truthy', (v) => v],
    ['false at the second', (_v, k) => (k === 1 || k === 'a' ? false : true)],
    ['odd', (v) => typeof v === 'number' && v % 2 === 1],
  ];
  /** Runs `call` on lodash's or the lean function, recording what callbacks receive. */
  const run = (fns: Fns, name: string, call: (f: (...args: unknown[]) => unknown, seen: unknown[][]) => unknown) => {
    const seen: unknown[][] = [];
    let result: unknown;
    try {
      result = call(fns[name]!, seen);
    } catch (e) {
      result = `throws ${(e as Error).message}`;
    }
    return { result, seen };
  };
  const counts = { compared: 0, refused: 0 };
  const same = async (name: string, call: (f: (...args: unknown[]) => unknown, seen: unknown[][]) => unknown) => {
    const { lean, lodash } = await lodashes();
    const l = run(lean, name, call);
    // The lean version may refuse what chevrotain never passes; whatever it accepts is lodash's.
    if (typeof l.result === 'string' && l.result.startsWith('throws lean-chevrotain')) {
      counts.refused++;
      return l;
    }
    expect(l, name).toEqual(run(lodash, name, call));
    counts.compared++;
    return l;
  };
  const record = (seen: unknown[][], f: (...args: unknown[]) => unknown) => (...args: unknown[]) => {
    seen.push(args.slice(0, 2));
    return f(...args);
  };

  it('iterates collections as lodash does', async () => {
    for (const c of collections) {
      for (const [, p] of predicates) {
        for (const name of ['forEach', 'map', 'filter', 'reject', 'find', 'some', 'every', 'flatMap', 'groupBy']) {
          await same(name, (f, seen) => f(c, record(seen, p)));
        }
        await same('reduce', (f, seen) => f(c, record(seen, (acc, v) => [acc, v]), 'start'));
        await same('reduce', (f, seen) => f(c, record(seen, (acc, v) => [acc, v])));
      }
      for (const name of ['values', 'keys', 'isEmpty', 'flatten', 'compact', 'uniq', 'first', 'head', 'last', 'drop', 'dropRight', 'isArray', 'isObject', 'isString', 'isRegExp', 'isFunction', 'isUndefined', 'identity']) {
        await same(name, (f) => f(c));
      }
      for (const n of [0, 1, 2, -1, 10, NaN]) {
        await same('drop', (f) => f(c, n));
        await same('dropRight', (f) => f(c, n));
      }
      for (const v of [1, 2, NaN, 'A', tokens[0], [3, 4], null]) {
        await same('includes', (f) => f(c, v));
        await same('indexOf', (f) => f(c, v));
      }
      await same('difference', (f) => f(c, [1, NaN], [[2]], null));
      await same('map', (f) => f(c, 'name'));
    }
    // Refusals are for values chevrotain never passes, not for what it does.
    expect((await same('map', (f) => f(tokens, 'name'))).result).toEqual(['A', 'B', 'A']);
    expect((await same('forEach', (f, seen) => f([1, 2, 3], record(seen, (v) => v !== 2)))).seen).toEqual([[1, 0], [2, 1]]);
    expect(counts.refused).toBeLessThan(counts.compared / 10);
  });

  it('reads and writes objects as lodash does', async () => {
    for (const key of ['a', 'c', 'toString', 'constructor', 0, 1, 5]) {
      for (const o of [object, [1, , 3], null, Object.create({ a: 1 })]) await same('has', (f) => f(o, key));
    }
    for (const source of [{ a: 1, b: undefined }, Object.assign(Object.create({ inherited: 1 }), { own: 2 }), null]) {
      await same('pickBy', (f, seen) => f(source, record(seen, (v) => v !== undefined)));
      await same('assign', (f) => {
        const target = { a: 0, z: 9 };
        return [f(target, source), target];
      });
      await same('defaults', (f) => {
        const target = { a: undefined, toString: 1, z: 9 };
        return [f(target, source, { b: 2, z: 0 }), target];
      });
    }
    for (const s of ['', 'abc', 'éa', '\u{1F600}x', null]) await same('upperFirst', (f) => f(s));
    for (const v of [/a/, new String('a'), 'a', () => 1, {}]) {
      for (const name of ['isString', 'isRegExp', 'isFunction', 'isObject', 'isEmpty']) await same(name, (f) => f(v));
    }
    for (const v of [[1, [2]], { a: [1] }]) {
      const copy = (await same('clone', (f) => f(v))).result;
      expect(copy).not.toBe(v);
    }
  });
});

