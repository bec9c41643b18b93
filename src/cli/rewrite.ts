/** `leafguard rewrite`: secures one query for one identity with a catalog and a policy file. */
import { readFileSync } from 'node:fs';
import { AnalysisError, createCatalog, CatalogError, createEngine, createSession, explain, loadPolicies, PolicyError, SqlParseError, type Identity } from '../index.js';

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function options(args: readonly string[], name: string): string[] {
  const out: string[] = [];
  args.forEach((a, i) => a === name && args[i + 1] !== undefined && out.push(args[i + 1]!));
  return out;
}

const VALUED = new Set(['--catalog', '--policies', '--user', '--groups', '--attr', '--purpose', '--impersonate', '--now', '--file']);

export function rewriteCommand(args: readonly string[]): number {
  const catalogPath = option(args, '--catalog');
  const policiesPath = option(args, '--policies');
  const user = option(args, '--user');
  const file = option(args, '--file');
  const positional = args.filter((a, i) => !a.startsWith('--') && !VALUED.has(args[i - 1] ?? ''));
  const sql = file !== undefined ? readFileSync(file, 'utf8') : positional.join(' ');
  if (catalogPath === undefined || policiesPath === undefined || user === undefined || sql.trim() === '') {
    console.error('usage: leafguard rewrite --catalog C.json --policies P.yaml --user U [--groups g1,g2] [--attr k=v] [--now ISO] [--json] [--explain] "SQL" | --file F');
    return 2;
  }
  const attributes: Record<string, string[]> = {};
  for (const kv of options(args, '--attr')) {
    const [k, ...v] = kv.split('=');
    (attributes[k!] ??= []).push(v.join('='));
  }
  const identity: Identity = {
    user,
    groups: (option(args, '--groups') ?? '').split(',').filter((g) => g !== ''),
    attributes,
    purposes: options(args, '--purpose'),
    ...(option(args, '--impersonate') === undefined ? {} : { impersonating: option(args, '--impersonate')! }),
  };
  try {
    const policies = loadPolicies(readFileSync(policiesPath, 'utf8'));
    for (const n of policies.notEnforced) console.error(`note: ${n.path}: ${n.message}`);
    const catalog = createCatalog(readFileSync(catalogPath, 'utf8'));
    const engine = createEngine({ catalog, policies });
    const now = option(args, '--now');
    const result = engine.rewrite(sql, identity, now === undefined ? {} : { now });
    if (args.includes('--json')) {
      console.log(JSON.stringify({ ...result, plan: undefined }, null, 2));
    } else if (result.decision === 'deny') {
      console.error(`denied: ${result.reasons.join('; ')}`);
    } else {
      console.log(result.sql);
      if (args.includes('--explain') && result.plan !== undefined) {
        // The plan before securing (as analysed) and after.
        let before: string;
        try {
          before = explain(createSession({ catalog }).analyze(sql));
        } catch (e) {
          if (!(e instanceof AnalysisError || e instanceof SqlParseError)) throw e;
          before = `(does not analyse: ${e.message.split('\n')[0]})`;
        }
        console.log(`\n== analysed ==\n${before}\n\n== secured ==\n${explain(result.plan)}`);
      }
    }
    return result.decision === 'allow' ? 0 : 1;
  } catch (e) {
    if (e instanceof CatalogError || e instanceof PolicyError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
}

/**
 * `leafguard check --catalog C --policies P`: loads the policies and compiles every row filter
 * and mask against the catalog tables it reaches; prints what is not enforced and every problem
 * with its JSON path. Exit 1 when a policy has a problem (it would deny its tables).
 */
export function checkCommand(args: readonly string[]): number {
  const catalogPath = option(args, '--catalog');
  const policiesPath = option(args, '--policies');
  if (catalogPath === undefined || policiesPath === undefined) {
    console.error('usage: leafguard check --catalog C.json --policies P.yaml [--json]');
    return 2;
  }
  try {
    const policies = loadPolicies(readFileSync(policiesPath, 'utf8'));
    const problems = createEngine({ catalog: createCatalog(readFileSync(catalogPath, 'utf8')), policies }).check();
    if (args.includes('--json')) console.log(JSON.stringify({ notEnforced: policies.notEnforced, problems }, null, 2));
    else {
      for (const n of policies.notEnforced) console.log(`note: ${n.path}: ${n.message}`);
      for (const p of problems) console.log(`problem: ${p.path} (${p.table}): ${p.message}`);
      console.log(problems.length === 0 ? 'every policy compiles against the catalog' : `${problems.length} problem(s): the tables they reach are denied until fixed`);
    }
    return problems.length === 0 ? 0 : 1;
  } catch (e) {
    if (e instanceof PolicyError || e instanceof CatalogError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}
