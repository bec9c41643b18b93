/**
 * `handle(requestJson)`: the one entry point for GraalJS and other embedders. JSON in, JSON out;
 * errors come back as JSON (`{ ok: false, error: { code, message, issues? } }`), never thrown
 * across the boundary. Compiled engines are kept between calls, keyed by the policy and catalog
 * versions the caller passes, so a call costs a rewrite, not a compile.
 *
 * Requests: `{ op: 'version' }`, `{ op: 'validatePolicies', policies, catalog? }` (→ `notEnforced`, and with
 * a catalog the `problems` of `engine.check()`),
 * `{ op: 'rewrite' | 'explain', sql, identity, now?, catalog, policies, catalogVersion?, policyVersion? }`,
 * `{ op: 'secureRelation', table, identity, now?, columns?, … }`. `catalog` is the catalog JSON
 * and `policies` the policy document (JSON text or object).
 */
import { createCatalog } from '../plan/catalog/catalog.js';
import { CatalogError, AnalysisError } from '../plan/analysis/errors.js';
import { SqlParseError } from '../parser/errors.js';
import { explain } from '../plan/print/explain.js';
import { loadPolicies, PolicyError } from '../policies/load.js';
import type { Identity } from '../policies/identity.js';
import { createEngine, type Engine } from './engine.js';

export const VERSION = '0.1.0';

/** Engines by `${catalogVersion}\u0000${policyVersion}`; a few, least recently used dropped first. */
const engines = new Map<string, Engine>();
const MAX_ENGINES = 8;

interface Request {
  readonly op?: unknown;
  readonly sql?: unknown;
  readonly table?: unknown;
  readonly identity?: unknown;
  readonly now?: unknown;
  readonly columns?: unknown;
  readonly catalog?: unknown;
  readonly policies?: unknown;
  readonly catalogVersion?: unknown;
  readonly policyVersion?: unknown;
}

class BadRequest extends Error {}

function engineFor(req: Request): Engine {
  const cv = typeof req.catalogVersion === 'string' ? req.catalogVersion : null;
  const pv = typeof req.policyVersion === 'string' ? req.policyVersion : null;
  const key = cv !== null && pv !== null ? `${cv}\u0000${pv}` : null;
  if (key !== null) {
    const hit = engines.get(key);
    if (hit !== undefined) {
      engines.delete(key);
      engines.set(key, hit);
      return hit;
    }
  }
  if (req.catalog === undefined) throw new BadRequest('catalog is required (the catalog JSON)');
  if (req.policies === undefined) throw new BadRequest('policies is required (the policy document)');
  const engine = createEngine({ catalog: createCatalog(req.catalog), policies: loadPolicies(req.policies) });
  if (key !== null) {
    engines.set(key, engine);
    if (engines.size > MAX_ENGINES) engines.delete(engines.keys().next().value!);
  }
  return engine;
}

function identityOf(v: unknown): Identity {
  if (v === null || typeof v !== 'object' || typeof (v as { user?: unknown }).user !== 'string') throw new BadRequest('identity must be an object with a user');
  return v as Identity;
}

function nowOf(v: unknown): { now?: string } {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'string' || Number.isNaN(new Date(v).getTime())) throw new BadRequest('now must be an ISO-8601 time');
  return { now: v };
}

export function handle(requestJson: string): string {
  try {
    let req: Request;
    try {
      req = JSON.parse(requestJson) as Request;
    } catch (e) {
      throw new BadRequest(`the request is not JSON: ${(e as Error).message}`);
    }
    if (req === null || typeof req !== 'object') throw new BadRequest('the request must be a JSON object');
    switch (req.op) {
      case 'version':
        return JSON.stringify({ ok: true, version: VERSION });
      case 'validatePolicies': {
        // With a catalog, also compiles every policy against the tables it reaches.
        const policies = loadPolicies(req.policies);
        const problems = req.catalog === undefined ? [] : createEngine({ catalog: createCatalog(req.catalog), policies }).check();
        return JSON.stringify({ ok: true, notEnforced: policies.notEnforced, problems });
      }
      case 'rewrite':
      case 'explain': {
        if (typeof req.sql !== 'string') throw new BadRequest('sql must be a string');
        const r = engineFor(req).rewrite(req.sql, identityOf(req.identity), nowOf(req.now));
        const { plan, ...rest } = r;
        return JSON.stringify(req.op === 'explain' ? { ok: true, ...rest, explain: plan === undefined ? null : explain(plan) } : { ok: true, ...rest, plan });
      }
      case 'secureRelation': {
        if (typeof req.table !== 'string') throw new BadRequest('table must be a string');
        const columns = Array.isArray(req.columns) && req.columns.every((c) => typeof c === 'string') ? (req.columns as string[]) : undefined;
        const r = engineFor(req).secureRelation(req.table, identityOf(req.identity), { ...nowOf(req.now), ...(columns === undefined ? {} : { columns }) });
        return JSON.stringify({ ok: true, ...r });
      }
      default:
        throw new BadRequest(`unknown op ${JSON.stringify(req.op)}: expected rewrite, secureRelation, explain, validatePolicies or version`);
    }
  } catch (e) {
    return JSON.stringify({ ok: false, error: describe(e) });
  }
}

function describe(e: unknown): { code: string; message: string; issues?: unknown } {
  if (e instanceof BadRequest) return { code: 'BAD_REQUEST', message: e.message };
  if (e instanceof PolicyError) return { code: e.code, message: e.message, issues: e.issues };
  if (e instanceof CatalogError) return { code: e.code, message: e.message, issues: e.issues };
  if (e instanceof SqlParseError) return { code: e.code, message: e.message };
  if (e instanceof AnalysisError) return { code: e.errorClass, message: e.message };
  return { code: 'INTERNAL_ERROR', message: e instanceof Error ? e.message : String(e) };
}
