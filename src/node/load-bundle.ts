/**
 * How the Node entry points (`leafguard` and `leafguard/parser` under the `node` export
 * condition) load the library: one pre-bundled script (dist/node/<name>.script.js) compiled with
 * a V8 code cache, instead of an ES module that V8 parses and compiles afresh in every process.
 * Compiling the bundle and, during the first parse, the hundreds of functions it calls for the
 * first time was about half of a cold start; the cache holds their bytecode, produced by the build
 * after a warm-up (scripts/code-cache.mjs), so a process deserializes instead of compiling.
 *
 * Caches, in order: one written by an earlier process in the user's cache directory (there only
 * when the build's was refused: another Node than the build's, or other V8 flags), then the one
 * the build ships next to the script. V8 accepts a cache only from its own version and flags and
 * for a source of the same length; it does not verify the payload (a damaged cache can crash the
 * process), so every cache file carries a CRC-32 of its payload, the build id of the script it
 * was made from, and the V8 version and architecture it was made for, all checked before V8 sees
 * it. When no cache is accepted the script is compiled as usual and, at process exit, a cache of
 * what ran is written to the user's cache directory for the next process. A cache that cannot be
 * read or written only costs speed. `LEAFGUARD_CODE_CACHE=off` turns caching off.
 *
 * The user's cache directory is `<os.tmpdir()>/leafguard-code-cache-<uid>`, created private; it is
 * used only if it is a real directory owned by the user and writable by no one else, since V8
 * runs whatever bytecode a cache holds. A process that writes a cache there also removes files
 * not written for 30 days (see pruneCacheDir), so caches of old builds do not pile up.
 */
// Node's modules through process.getBuiltinModule (Node 20.16+; require before), not as ES module
// imports, which build a facade of each (node:fs's loads fs/promises too: 1.3 ms). node:zlib, whose
// loading is 1.5 ms, only when a cache file is checked.
const builtin = (
  typeof process.getBuiltinModule === 'function' ? (id: string) => process.getBuiltinModule(id) : (await import('node:module')).createRequire(import.meta.url)
) as <T>(id: string) => T;
const { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } = builtin<typeof import('node:fs')>('node:fs');
const { join } = builtin<typeof import('node:path')>('node:path');
const { fileURLToPath } = builtin<typeof import('node:url')>('node:url');
const { Script } = builtin<typeof import('node:vm')>('node:vm');
type Script = import('node:vm').Script;

/** A cache file: MAGIC, the header's length (uint32 LE), the header (JSON), then V8's data. */
const MAGIC = 'LGCACHE1';
interface Header {
  /** The build id of the script (a hash of its text, also in its first line). */
  readonly build: string;
  /** What V8 also checks, to skip a cache V8 would refuse unread: its version and the CPU architecture. */
  readonly v8: string;
  readonly arch: string;
  readonly size: number;
  readonly crc: number;
}

/**
 * Loads dist/node/<name>.script.js next to `entryUrl` and returns its exports, or undefined when
 * the script is not there (the entry then imports the plain ES module bundle instead).
 */
export function loadBundle(entryUrl: string, name: string, build: string): Record<string, unknown> | undefined {
  const scriptPath = fileURLToPath(new URL(`./${name}.script.js`, entryUrl));
  let source: string;
  try {
    // The build writes the script in ASCII (it checks), so latin1 reads it exactly, without UTF-8 decoding.
    source = readFileSync(scriptPath, 'latin1');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  if (!source.startsWith(`/* leafguard ${build} */`)) throw new Error(`${scriptPath} is not from the same build as its entry point (${build}): reinstall leafguard`);
  if (process.env['LEAFGUARD_CODE_CACHE'] === 'off') return runScript(new Script(source, { filename: scriptPath }));

  let script: Script | undefined;
  const dir = userCacheDir(false);
  const userCache = dir === undefined ? undefined : join(dir, userCacheName(name, build));
  // Usually there is no user cache (the build's was accepted): asked without an exception, whose
  // making (a system error with its message and stack) is the slower part of asking.
  let data = userCache === undefined || !existsSync(userCache) ? undefined : readCache(userCache, build);
  if (data === null) removeQuietly(userCache!);
  data ??= readCache(scriptPath.replace(/\.script\.js$/, '.v8cache'), build);
  if (data !== undefined && data !== null) {
    script = new Script(source, { filename: scriptPath, cachedData: data });
    if (script.cachedDataRejected !== true) return runScript(script);
    // Refused after all (other V8 flags): the script is compiled anyway; keep that compilation.
  }
  script ??= new Script(source, { filename: scriptPath });
  const compiled = script;
  // At exit the cache holds every function the process ran, not only the top level.
  process.once('exit', () => {
    const dir = userCacheDir(true);
    if (dir === undefined) return;
    writeCache(join(dir, userCacheName(name, build)), build, compiled);
    pruneCacheDir(dir, Date.now());
  });
  return runScript(script);
}

/** Runs a compiled dist/node/*.script.js and returns its exports. */
export function runScript(script: Script): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (module: unknown, exports: unknown) => void)(module, module.exports);
  return module.exports;
}

/**
 * The user's cache directory, if it is safe to use: a directory (not a link) that belongs to the
 * user and that no one else may write to. `create`: make it (private) if it is not there.
 */
function userCacheDir(create: boolean): string | undefined {
  try {
    const uid = process.getuid?.();
    const dir = join(tmpdir(), `leafguard-code-cache-${uid ?? 'user'}`);
    if (create) {
      try {
        mkdirSync(dir, { mode: 0o700 });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
      }
    }
    const st = lstatSync(dir, { throwIfNoEntry: false });
    if (st === undefined || !st.isDirectory() || (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0))) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** `os.tmpdir()`, without loading node:os (1 ms) on POSIX systems, where it reads only the environment. */
function tmpdir(): string {
  if (process.platform === 'win32') return builtin<typeof import('node:os')>('node:os').tmpdir();
  const dir = process.env['TMPDIR'] || process.env['TMP'] || process.env['TEMP'] || '/tmp';
  return dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir;
}

/** One file per build, V8, architecture and set of flags, so that processes started differently do not overwrite each other's cache. */
function userCacheName(name: string, build: string): string {
  return `${name}-${build}-${process.versions.v8}-${process.arch}-${flagsId()}.v8cache`;
}

/**
 * The Node and V8 options of this process (V8 refuses a cache made under other V8 flags), as a
 * short hash; the code of `-e`/`-p` is not an option.
 */
function flagsId(): string {
  const args: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const a = process.execArgv[i]!;
    if (a === '-e' || a === '--eval' || a === '-p' || a === '--print') i++;
    else if (!a.startsWith('--eval=') && !a.startsWith('--print=')) args.push(a);
  }
  const text = `${args.join(' ')}\n${process.env['NODE_OPTIONS'] ?? ''}`;
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * A cache file's V8 data if it is whole and made for this script, V8 and architecture; undefined
 * if there is no such file, null if it is damaged or made for something else.
 */
export function readCache(file: string, build: string): Buffer | undefined | null {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    if (buf.length < MAGIC.length + 4 || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return null;
    const headerEnd = MAGIC.length + 4 + buf.readUInt32LE(MAGIC.length);
    if (headerEnd > buf.length) return null;
    const header = JSON.parse(buf.toString('utf8', MAGIC.length + 4, headerEnd)) as Header;
    const data = buf.subarray(headerEnd);
    if (header.build !== build || header.v8 !== process.versions.v8 || header.arch !== process.arch || header.size !== data.length) return null;
    return crc32(data) === header.crc ? data : null;
  } catch {
    return null;
  }
}

/** Writes `script`'s code cache to `file` (whole or not at all: a temporary file renamed). */
export function writeCache(file: string, build: string, script: Script): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, encodeCache(build, script.createCachedData()), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    removeQuietly(tmp);
  }
}

/** A cache file not written for this long is removed by the next process that writes one. */
export const STALE_CACHE_MS = 30 * 24 * 3600 * 1000;
/** What a process that died while writing left behind. */
const STALE_TMP_MS = 24 * 3600 * 1000;

/**
 * Removes what no process is likely to use again from the user's cache directory: cache files
 * not written for 30 days (other builds of leafguard, other Node versions: a file that is still
 * used is only ever read, so one in use may go too, and is written again by its next process)
 * and temporary files of writes that did not finish. Runs only when a process writes a cache,
 * which is rare: never where the build's own cache is accepted.
 */
export function pruneCacheDir(dir: string, now: number): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const f of names) {
    const stale = f.endsWith('.v8cache') ? STALE_CACHE_MS : f.endsWith('.tmp') && f.includes('.v8cache.') ? STALE_TMP_MS : undefined;
    if (stale === undefined) continue;
    const file = join(dir, f);
    const st = lstatSync(file, { throwIfNoEntry: false });
    if (st !== undefined && st.isFile() && now - st.mtimeMs > stale) removeQuietly(file);
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // not there, or not ours to remove: either way it is not used
  }
}

/** A cache file's bytes: magic, header and V8's data. */
export function encodeCache(build: string, data: Buffer): Buffer {
  const header: Header = { build, v8: process.versions.v8, arch: process.arch, size: data.length, crc: crc32(data) };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return Buffer.concat([Buffer.from(MAGIC, 'latin1'), length, json, data]);
}

/**
 * zlib's CRC-32: from Node's zlib binding, else node:zlib (Node 20.15 and later), else the same in
 * JavaScript. Loading node:zlib builds its streams (1.4 ms, a tenth of a cold start's own work);
 * the binding it calls is there already. process.binding is deprecated in the documentation
 * only; where it warns (--pending-deprecation, or a Node that deprecates it at run time), Node
 * has wrapped it, and node:zlib is used instead.
 */
function crc32(data: Uint8Array): number {
  zlibCrc32 ??= bindingCrc32() ?? builtin<{ crc32?: (data: Uint8Array) => number }>('node:zlib').crc32 ?? null;
  if (zlibCrc32 !== null) return zlibCrc32(data);
  let table = crcTable;
  if (table === undefined) {
    table = crcTable = new Int32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[i] = c;
    }
  }
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
let crcTable: Int32Array | undefined;
let zlibCrc32: ((data: Uint8Array) => number) | null | undefined;

/** The zlib binding's crc32(data, initial value), unless asking for it would warn or fail. */
function bindingCrc32(): ((data: Uint8Array) => number) | undefined {
  const binding = (process as { binding?: (name: string) => { crc32?: unknown } }).binding;
  // Node's own function is named `binding`; util.deprecate's wrapper, which warns, `deprecated`.
  if (typeof binding !== 'function' || binding.name !== 'binding') return undefined;
  try {
    const crc = binding.call(process, 'zlib').crc32;
    return typeof crc === 'function' ? (data) => (crc as (data: Uint8Array, value: number) => number)(data, 0) : undefined;
  } catch {
    // Not offered (e.g. under the permission model): node:zlib.
    return undefined;
  }
}
