/**
 * `leafguard simulate`: secures a query for an identity like `rewrite`, then runs it on sample
 * data in an in-memory DuckDB (src/simulate) and prints the rows the identity would see.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CatalogError, DialectError, loadPolicies, PolicyError, type Identity } from '../index.js';
import { formatTable, simulate } from '../simulate/simulate.js';

const USAGE =
  'usage: leafguard simulate --catalog C.json --policies P.yaml --user U [--groups g1,g2] [--attr k=v] [--purpose p] [--now ISO] [--data DIR] [--raw] [--json] "SQL" | --file F';
const VALUED = new Set(['--catalog', '--policies', '--user', '--groups', '--attr', '--purpose', '--now', '--file', '--data']);

const option = (args: readonly string[], name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const options = (args: readonly string[], name: string): string[] => args.flatMap((a, i) => (a === name && args[i + 1] !== undefined ? [args[i + 1]!] : []));

/** Exit code: 0 rows printed, 1 denied, 2 bad input. */
export async function simulateCommand(args: readonly string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  const catalogPath = option(args, '--catalog');
  const policiesPath = option(args, '--policies');
  const user = option(args, '--user');
  const file = option(args, '--file');
  const positional = args.filter((a, i) => !a.startsWith('--') && !VALUED.has(args[i - 1] ?? ''));
  const sql = file !== undefined ? readFileSync(file, 'utf8') : positional.join(' ');
  if (catalogPath === undefined || policiesPath === undefined || user === undefined || sql.trim() === '') {
    err(USAGE);
    return 2;
  }
  const attributes: Record<string, string[]> = {};
  for (const kv of options(args, '--attr')) {
    const [k, ...v] = kv.split('=');
    (attributes[k!] ??= []).push(v.join('='));
  }
  const identity: Identity = { user, groups: (option(args, '--groups') ?? '').split(',').filter((g) => g !== ''), attributes, purposes: options(args, '--purpose') };
  const now = option(args, '--now');
  try {
    const policies = loadPolicies(readFileSync(policiesPath, 'utf8'));
    for (const n of policies.notEnforced) console.error(`note: ${n.path}: ${n.message}`);
    const r = await simulate({
      catalogJson: readFileSync(catalogPath, 'utf8'),
      policies,
      identity,
      sql,
      ...(now === undefined ? {} : { now }),
      // By default the data/ directory next to the catalog file.
      dataDir: option(args, '--data') ?? join(dirname(catalogPath), 'data'),
      raw: args.includes('--raw'),
    });
    if (r.decision === 'deny') {
      if (args.includes('--json')) out(JSON.stringify(r, null, 2));
      else err(`denied: ${r.reasons.join('; ')}`);
      return 1;
    }
    out(args.includes('--json') ? JSON.stringify({ columns: r.columns, rows: r.rows }, null, 2) : formatTable(r.columns, r.rows));
    return 0;
  } catch (e) {
    if (e instanceof CatalogError || e instanceof PolicyError || e instanceof DialectError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
}
