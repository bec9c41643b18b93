/**
 * Where a fresh statement's garbage goes (not part of `npm run bench`): the bench's 10-join
 * statement and its reordered twin secured in alternation, then
 *   1. which per-statement objects of the secured plan are born in V8's old generation: V8
 *      pretenures the object and array literal sites whose objects it saw surviving scavenges
 *      while the code warmed up, and an object born old keeps the young objects it points to
 *      alive through scavenges (they are copied, then promoted);
 *   2. the collector's work over 2,000 more rewrites (run with --trace-gc-nvp to see it).
 *
 *   node --allow-natives-syntax bench/gc-probe.mjs [warm-up rewrites, default 3000]
 *
 * Session 6 measured with it: the secured reads' nodes (masks bound for the read, their Alias,
 * Project, Filter, SecureScan) are born old in every process, and which other sites are depends on
 * the process; the alternating rewrite is ~185 µs when few are, ~230 µs when many are, and
 * 175–177 µs under --no-allocation-site-pretenuring. Turning only some literal sites into
 * constructor calls (never pretenured) made it worse: what stayed old kept more young objects
 * alive. See the closing note of session 6.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './parsers.mjs';

const lg = await import(pathToFileURL(join(ROOT, process.env.DIST ?? 'dist', 'index.js')).href);
let inYoung;
try {
  inYoung = new Function('o', 'return %InYoungGeneration(o)');
} catch {
  console.error('run with node --allow-natives-syntax');
  process.exit(2);
}

const catalog = lg.createCatalog({
  databases: [{ name: 'd' }],
  tables: Array.from({ length: 11 }, (_, t) => ({
    name: `d.t${t}`,
    columns: Array.from({ length: 8 }, (_, c) => ({ name: `c${c}`, type: c === 0 ? 'int' : 'string', ...(c === 7 ? { tags: ['pii'] } : {}) })),
  })),
});
const grants = [{ id: 'g-all', to: { groups: ['analysts'] }, actions: ['select'], on: { tables: ['d.*'] } }];
const rowFilters = [];
const masks = [{ id: 'm-tag', tag: 'pii', mask: { kind: 'redact' }, except: { groups: ['hr'] } }];
for (let i = 0; grants.length + rowFilters.length + masks.length < 50; i++) {
  const t = `d.t${i % 11}`;
  if (i % 3 === 0) rowFilters.push({ id: `f${i}`, table: t, where: `c0 > ${i} OR is_member('auditors')`, except: { groups: ['hr'] } });
  else if (i % 3 === 1) masks.push({ id: `m${i}`, table: t, column: `c${1 + (i % 6)}`, mask: { kind: 'showLast', n: 2 }, except: { users: ['root'] } });
  else grants.push({ id: `g${i}`, to: { users: [`u${i}`] }, actions: ['select'], on: { tables: [t] } });
}
const engine = lg.createEngine({ catalog, policies: lg.loadPolicies({ version: 1, grants, rowFilters, masks }) });
const identity = { user: 'alice', groups: ['analysts'], attributes: { region: 'EMEA' } };
const cols = Array.from({ length: 40 }, (_, i) => `t${i % 11}.c${1 + (i % 7)} AS x${i}`).join(', ');
const sql = `SELECT ${cols} FROM d.t0 t0 ${Array.from({ length: 10 }, (_, i) => `JOIN d.t${i + 1} t${i + 1} ON t${i + 1}.c0 = t0.c0`).join(' ')} WHERE t0.c1 LIKE 'a%'`;
const order = Array.from({ length: 11 }, (_, i) => (i + 1) % 11);
const other = `SELECT ${cols} FROM d.t1 t1 ${order.slice(1).map((t) => `JOIN d.t${t} t${t} ON t${t}.c0 = t1.c0`).join(' ')} WHERE t0.c1 LIKE 'a%'`;
let turn = 0;
const rewrite = () => engine.rewrite(turn++ % 2 === 0 ? sql : other, identity);

const warm = Number(process.argv[2] ?? 3000);
for (let i = 0; i < warm; i++) rewrite();

// 1. Objects of a secured plan that the previous rewrite did not also hold (per statement, not
// shared templates or types), young or old right after the rewrite that made them.
const objectsOf = (x, out) => {
  if (x === null || typeof x !== 'object' || out.has(x)) return out;
  out.add(x);
  for (const k of Object.keys(x)) objectsOf(x[k], out);
  return out;
};
const byShape = new Map();
for (let round = 0; round < 20; round++) {
  const before = objectsOf(rewrite().plan, new Set());
  for (const o of objectsOf(rewrite().plan, new Set())) {
    if (before.has(o)) continue;
    const shape = Array.isArray(o) ? `array of ${o.length > 3 ? '4+' : o.length}` : (o.kind ?? `{${Object.keys(o).slice(0, 3).join(',')}}`);
    const s = byShape.get(shape) ?? { young: 0, old: 0 };
    byShape.set(shape, s);
    if (inYoung(o)) s.young++;
    else s.old++;
  }
}
console.log(`Per-statement objects of the secured plan after ${warm} alternating rewrites (20 plans): born old / young`);
for (const [shape, s] of [...byShape].sort((a, b) => b[1].old - a[1].old)) console.log(`  ${String(s.old).padStart(6)} ${String(s.young).padStart(6)}  ${shape}`);

// 2. Time of 2,000 more.
const t = performance.now();
for (let i = 0; i < 2000; i++) rewrite();
console.log(`mean of 2,000 alternating rewrites: ${(((performance.now() - t) * 1000) / 2000).toFixed(0)} µs`);
