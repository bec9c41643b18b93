/**
 * Runs code in a fresh `node` process, as a program that imports the built library would: the
 * Node entries (dist/node/, built by `npm test` before vitest runs) are only what they are in a
 * process of their own (V8 code caches, caches written at exit).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function requireBuild(): void {
  for (const f of ['dist/node/parser.js', 'dist/node/parser.script.js', 'dist/node/parser.v8cache', 'dist/node/index.js', 'dist/parser.js']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` (npm test does)`);
  }
}

export interface ChildResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `program` as an ES module in a fresh node, in the package's directory; `env` adds to the environment, `input` is its stdin. */
export function runNode(program: string, options: { env?: Record<string, string>; args?: string[]; input?: string } = {}): ChildResult {
  const r = spawnSync(process.execPath, [...(options.args ?? []), '--input-type=module', '-e', program], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The last line a child printed, parsed; fails the test with the child's errors if it failed. */
export function lastJson<T>(r: ChildResult): T {
  if (r.status !== 0) throw new Error(`child exited with ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}

/** A copy of dist/node/parser.* (`files`, default all three) in `dir`. */
export function copyParserEntry(dir: string, files = ['parser.js', 'parser.script.js', 'parser.v8cache']): string {
  mkdirSync(dir, { recursive: true });
  for (const f of files) copyFileSync(join(ROOT, 'dist/node', f), join(dir, f));
  return join(dir, 'parser.js');
}
