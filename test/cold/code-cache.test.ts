/**
 * The V8 code caches of the Node entries (src/node/load-bundle.ts): a cache that is missing,
 * damaged, from another build or another V8, or in a directory that cannot be written or that
 * others may write to, only ever costs speed. Each case runs a copy of dist/node/parser.* in a
 * fresh process with its own os.tmpdir(), and checks the parse and what was left on disk. A
 * process writes a cache of its own (at exit) exactly when it found none it could use, which is
 * how these tests see whether a cache was used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { crc32 } from 'node:zlib';
import { parseSql } from '../../src/parser/index.js';
import { printPlan } from '../../src/plan/print/index.js';
import { encodeCache, readCache } from '../../src/node/load-bundle.js';
import { ROOT, copyParserEntry, requireBuild, runNode, type ChildResult } from './child.js';

const SQL = "SELECT a, count(*) FROM db.t WHERE b LIKE 'x%' GROUP BY a";
const EXPECTED = printPlan(parseSql(SQL));
const MAGIC = 'LGCACHE1';

let work: string;
beforeAll(() => {
  requireBuild();
  work = mkdtempSync(join(tmpdir(), 'leafguard-cache-test-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A fresh directory with a copy of the entry (`files` of dist/node/) and an empty temporary directory for its processes. */
function setUp(name: string, files?: string[]): { entry: string; dir: string; tmp: string; userDir: string } {
  const dir = join(work, name);
  const entry = copyParserEntry(join(dir, 'node'), files);
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  return { entry, dir: join(dir, 'node'), tmp, userDir: join(tmp, `leafguard-code-cache-${process.getuid?.() ?? 'user'}`) };
}

function parseIn(entry: string, tmp: string, env: Record<string, string> = {}): ChildResult {
  return runNode(`const { parseSql, toSql } = await import(${JSON.stringify(pathToFileURL(entry).href)}); console.log(toSql(parseSql(${JSON.stringify(SQL)})));`, {
    env: { TMPDIR: tmp, ...env },
  });
}

/** Parses in a fresh process and checks the result. */
function parsesRight(entry: string, tmp: string, env?: Record<string, string>): void {
  const r = parseIn(entry, tmp, env);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout.trim()).toBe(EXPECTED);
}

const cacheFiles = (userDir: string): string[] => (existsSync(userDir) ? readdirSync(userDir).filter((f) => f.endsWith('.v8cache')) : []);

/** A cache file with the given header fields (others as encodeCache writes them) and V8 data. */
function cacheFile(header: Record<string, unknown>, data: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify({ v8: process.versions.v8, arch: process.arch, size: data.length, crc: crc32(data), ...header }));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return Buffer.concat([Buffer.from(MAGIC), length, json, data]);
}

/** A cache file's parts. */
function partsOf(file: Buffer): { header: Record<string, unknown>; data: Buffer } {
  const end = MAGIC.length + 4 + file.readUInt32LE(MAGIC.length);
  return { header: JSON.parse(file.toString('utf8', MAGIC.length + 4, end)) as Record<string, unknown>, data: file.subarray(end) };
}

/** V8 data with bytes changed in several places, and a CRC that matches: V8 would run it. */
function damagedData(data: Buffer): Buffer {
  const bad = Buffer.from(data);
  for (const at of [64, 1000, 100_000, Math.floor(data.length / 2)]) for (let i = at; i < at + 32 && i < bad.length; i++) bad[i]! ^= 0x5a;
  return bad;
}

describe('cache files', () => {
  const data = Buffer.from('not really V8 data, but any bytes will do here');

  it('read back what was written, for the same build, V8 and architecture', () => {
    const file = join(work, 'unit.v8cache');
    writeFileSync(file, encodeCache('b1', data));
    expect(readCache(file, 'b1')?.equals(data)).toBe(true);
    expect(readCache(file, 'b2')).toBeNull();
    expect(readCache(join(work, 'none.v8cache'), 'b1')).toBeUndefined();
  });

  it('are refused when damaged, cut short, or made for another V8 or architecture', () => {
    const good = encodeCache('b1', data);
    const file = join(work, 'unit-bad.v8cache');
    const refused = (bytes: Buffer): unknown => {
      writeFileSync(file, bytes);
      return readCache(file, 'b1');
    };
    const flipped = Buffer.from(good);
    flipped[flipped.length - 3]! ^= 1;
    expect(refused(flipped)).toBeNull();
    expect(refused(good.subarray(0, good.length - 1))).toBeNull();
    expect(refused(good.subarray(0, 6))).toBeNull();
    expect(refused(Buffer.from('LGCACHE1\xff\xff\xff\xff{}', 'latin1'))).toBeNull();
    expect(refused(cacheFile({ build: 'b1', v8: '0.0.0' }, data))).toBeNull();
    expect(refused(cacheFile({ build: 'b1', arch: 'not-' + process.arch }, data))).toBeNull();
    expect(refused(cacheFile({ build: 'b1' }, data))).toEqual(data);
  });
});

describe('the Node entry with its code caches', () => {
  it('uses the cache the build ships, and writes none', () => {
    const { entry, tmp, userDir } = setUp('shipped');
    parsesRight(entry, tmp);
    expect(cacheFiles(userDir)).toEqual([]);
  });

  it('without a cache, compiles, and leaves one that the next process uses', () => {
    const { entry, tmp, userDir } = setUp('none', ['parser.js', 'parser.script.js']);
    parsesRight(entry, tmp);
    const [file] = cacheFiles(userDir);
    expect(file).toBeDefined();
    expect(statSync(userDir).mode & 0o077).toBe(0);
    const before = statSync(join(userDir, file!));
    parsesRight(entry, tmp);
    const after = statSync(join(userDir, file!));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(cacheFiles(userDir)).toEqual([file]);
  });

  it('a process that writes a cache removes stale ones; one that writes none leaves the directory alone', () => {
    const day = 24 * 3600 * 1000;
    const fill = (userDir: string): void => {
      mkdirSync(userDir, { recursive: true, mode: 0o700 });
      chmodSync(userDir, 0o700);
      const put = (f: string, ageDays: number): void => {
        writeFileSync(join(userDir, f), 'x');
        const t = (Date.now() - ageDays * day) / 1000;
        utimesSync(join(userDir, f), t, t);
      };
      put('parser-oldbuild-11.3-x64-00000000.v8cache', 40);
      put('parser-otherbuild-11.3-x64-00000000.v8cache', 1);
      put('parser-oldbuild-11.3-x64-00000000.v8cache.123.456.tmp', 2);
      put('parser-newer-11.3-x64-00000000.v8cache.124.457.tmp', 0);
      put('notes.txt', 400);
    };
    // The shipped cache is accepted: nothing is written, nothing removed.
    const shipped = setUp('prune-shipped');
    fill(shipped.userDir);
    const before = readdirSync(shipped.userDir).sort();
    parsesRight(shipped.entry, shipped.tmp);
    expect(readdirSync(shipped.userDir).sort()).toEqual(before);
    // No cache: the process writes one at exit and removes the 30-day-old cache and the day-old write.
    const none = setUp('prune-none', ['parser.js', 'parser.script.js']);
    fill(none.userDir);
    parsesRight(none.entry, none.tmp);
    const left = readdirSync(none.userDir);
    expect(left).not.toContain('parser-oldbuild-11.3-x64-00000000.v8cache');
    expect(left).not.toContain('parser-oldbuild-11.3-x64-00000000.v8cache.123.456.tmp');
    expect(left).toEqual(expect.arrayContaining(['parser-otherbuild-11.3-x64-00000000.v8cache', 'parser-newer-11.3-x64-00000000.v8cache.124.457.tmp', 'notes.txt']));
    expect(cacheFiles(none.userDir)).toHaveLength(2);
  });

  it('on an older Node (no process.getBuiltinModule, no zlib crc32, no binding): loads through require and checks the cache with its own CRC-32', () => {
    // Node before 20.16 has no getBuiltinModule, before 20.15 no zlib.crc32; the JavaScript CRC
    // must agree with zlib's, or the shipped cache is refused and the process writes one of its own.
    const { entry, tmp, userDir } = setUp('older-node');
    const older = `const { createRequire } = await import('node:module'); delete createRequire(import.meta.url)('node:zlib').crc32; delete process.getBuiltinModule; process.binding = undefined;`;
    const r = runNode(`${older} const { parseSql, toSql } = await import(${JSON.stringify(pathToFileURL(entry).href)}); console.log(toSql(parseSql(${JSON.stringify(SQL)})));`, { env: { TMPDIR: tmp } });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(EXPECTED);
    expect(cacheFiles(userDir)).toEqual([]);
    // And a damaged shipped cache is refused there too (the process then writes its own).
    const bad = readFileSync(join(ROOT, 'dist/node/parser.v8cache'));
    bad[bad.length - 100] ^= 0xff;
    const damaged = setUp('older-node-damaged');
    writeFileSync(join(damaged.dir, 'parser.v8cache'), bad);
    const r2 = runNode(`${older} const { parseSql, toSql } = await import(${JSON.stringify(pathToFileURL(damaged.entry).href)}); console.log(toSql(parseSql(${JSON.stringify(SQL)})));`, { env: { TMPDIR: damaged.tmp } });
    expect(r2.stdout.trim()).toBe(EXPECTED);
    expect(cacheFiles(damaged.userDir)).toHaveLength(1);
  });

  it('refuses a damaged or cut-short cache and parses all the same', () => {
    const shipped = readFileSync(join(ROOT, 'dist/node/parser.v8cache'));
    const { header, data } = partsOf(shipped);
    const cases: [string, Buffer][] = [
      ['flipped', Buffer.concat([shipped.subarray(0, shipped.length - data.length), damagedData(data)])],
      ['truncated', shipped.subarray(0, shipped.length - 1000)],
      ['header only', shipped.subarray(0, shipped.length - data.length)],
      ['empty', Buffer.alloc(0)],
      // A matching CRC over damaged data: what V8 would crash on, were the header not checked.
      ['other v8', cacheFile({ ...header, v8: '1.2.3' }, damagedData(data))],
    ];
    for (const [name, bytes] of cases) {
      const { entry, dir, tmp, userDir } = setUp(`damaged-${name}`);
      writeFileSync(join(dir, 'parser.v8cache'), bytes);
      parsesRight(entry, tmp);
      // Refused, so this process compiled the script and left a cache of its own.
      expect({ name, written: cacheFiles(userDir).length }).toEqual({ name, written: 1 });
    }
  });

  it("refuses another build's cache, and V8 refuses another script's data", () => {
    const index = readFileSync(join(ROOT, 'dist/node/index.v8cache'));
    const { header: parserHeader } = partsOf(readFileSync(join(ROOT, 'dist/node/parser.v8cache')));
    const cases: [string, Buffer][] = [
      ['index cache', index],
      // Whole and for this build by its header, but V8's data for another source: V8's own check.
      ['index data', cacheFile({ build: parserHeader['build'] }, partsOf(index).data)],
    ];
    for (const [name, bytes] of cases) {
      const { entry, dir, tmp, userDir } = setUp(`stale-${name}`);
      writeFileSync(join(dir, 'parser.v8cache'), bytes);
      parsesRight(entry, tmp);
      expect({ name, written: cacheFiles(userDir).length }).toEqual({ name, written: 1 });
    }
  });

  it("replaces a damaged cache in the user's cache directory", () => {
    const { entry, tmp, userDir } = setUp('user-damaged', ['parser.js', 'parser.script.js']);
    parsesRight(entry, tmp);
    const [name] = cacheFiles(userDir);
    const file = join(userDir, name!);
    const { header, data } = partsOf(readFileSync(file));
    const damaged = cacheFile(header, damagedData(data));
    writeFileSync(file, damaged);
    parsesRight(entry, tmp);
    // Removed, and a new one written at exit, which the next process uses.
    const replaced = readFileSync(file);
    expect(replaced.equals(damaged)).toBe(false);
    expect(partsOf(replaced).header['crc']).toBe(crc32(partsOf(replaced).data));
    const before = statSync(file);
    parsesRight(entry, tmp);
    expect(statSync(file).ino).toBe(before.ino);
  });

  it('works when the cache directory cannot be made or written', () => {
    const { entry, dir } = setUp('unwritable', ['parser.js', 'parser.script.js']);
    const notADirectory = join(dir, 'a-file');
    writeFileSync(notADirectory, '');
    parsesRight(entry, notADirectory);
    parsesRight(entry, join(dir, 'no', 'such', 'directory'));
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });

  it('neither reads nor writes a cache directory that others may write to', () => {
    const { entry, tmp, userDir } = setUp('shared-dir', ['parser.js', 'parser.script.js']);
    parsesRight(entry, tmp);
    const [name] = cacheFiles(userDir);
    const file = join(userDir, name!);
    const { header, data } = partsOf(readFileSync(file));
    // A cache anyone could have planted: it passes every check of its own, and V8 would run it.
    const planted = cacheFile(header, damagedData(data));
    writeFileSync(file, planted);
    chmodSync(userDir, 0o777);
    parsesRight(entry, tmp);
    expect(readFileSync(file).equals(planted)).toBe(true);
    expect(cacheFiles(userDir)).toEqual([name]);
  });

  it('checks the shipped cache without a deprecation warning, --pending-deprecation included', () => {
    const { entry, dir, tmp, userDir } = setUp('pending-deprecation');
    // The CRC comes from node:zlib there, not from process.binding (which warns then): a damaged
    // cache it failed to refuse would crash the process.
    const { header, data } = partsOf(readFileSync(join(dir, 'parser.v8cache')));
    writeFileSync(join(dir, 'parser.v8cache'), cacheFile(header, damagedData(data)));
    parsesRight(entry, tmp, { NODE_PENDING_DEPRECATION: '1' });
    parsesRight(entry, tmp, { NODE_OPTIONS: '--pending-deprecation' });
    // Refused, so each process compiled and left a cache: one per set of options (NODE_OPTIONS names it).
    expect(cacheFiles(userDir).length).toBe(2);
  });

  it('LEAFGUARD_CODE_CACHE=off: no cache read or written', () => {
    const { entry, dir, tmp, userDir } = setUp('off');
    // Were the shipped cache read, this damaged one would crash the process.
    const { header, data } = partsOf(readFileSync(join(dir, 'parser.v8cache')));
    writeFileSync(join(dir, 'parser.v8cache'), cacheFile(header, damagedData(data)));
    parsesRight(entry, tmp, { LEAFGUARD_CODE_CACHE: 'off' });
    expect(cacheFiles(userDir)).toEqual([]);
  });

  it('imports the ES module bundle when the script is not there', () => {
    const { entry, dir, tmp } = setUp('no-script', ['parser.js']);
    copyFileSync(join(ROOT, 'dist/parser.js'), join(dir, '..', 'parser.js'));
    parsesRight(entry, tmp);
  });

  it('refuses a script from another build than its entry', () => {
    const { entry, dir, tmp } = setUp('mismatch', ['parser.js', 'parser.script.js']);
    const script = join(dir, 'parser.script.js');
    writeFileSync(script, readFileSync(script, 'latin1').replace(/^\/\* leafguard [0-9a-f]+ \*\//, '/* leafguard 0000000000000000 */'), 'latin1');
    const r = parseIn(entry, tmp);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('is not from the same build as its entry point');
  });
});
