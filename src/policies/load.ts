/**
 * `loadPolicies(textOrObject)`: a policy document (YAML or JSON text, or an object) validated
 * against the schema, then checked for what the schema cannot say (unique ids, a mask names a
 * column or a tag, the fields each mask kind needs). Every problem is reported with its JSON
 * path; nothing is half-loaded.
 */
import type { DocumentIssue } from '../plan/analysis/errors.js';
import { describeIssue } from '../plan/catalog/document-issues.js';
import { PolicyDocumentSchema, type MaskSpec, type PolicyDocument } from './schema.js';

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  readonly code = 'INVALID_POLICIES';
  readonly issues: readonly DocumentIssue[];
  constructor(issues: readonly DocumentIssue[]) {
    super(`Invalid policy document: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.issues = issues;
  }
}

/** A validated policy document (compiled per catalog by the engine). */
export interface PolicySet {
  readonly document: PolicyDocument;
  /**
   * Parts of the document the engine does not enforce yet (JSON path and what), so that a
   * caller can say so rather than let them pass for enforced. Where such a part would grant
   * something, nothing is granted (fail closed).
   */
  readonly notEnforced: readonly DocumentIssue[];
}

/**
 * Reads YAML text. The package entry (src/index.ts) installs the `yaml` library's parser; the
 * embeddable bundle (src/embed.ts, dist/leafguard.min.js) leaves it out to stay small, so there
 * policy text must be JSON (which is YAML too: any JSON document loads here either way).
 */
let yamlParser: ((text: string) => unknown) | null = null;

export function setYamlParser(parse: (text: string) => unknown): void {
  yamlParser = parse;
}

function parseText(input: string): unknown {
  try {
    return JSON.parse(input);
  } catch (jsonError) {
    if (yamlParser === null) {
      throw new PolicyError([{ path: '$', message: `not valid JSON (this build reads policy text as JSON only): ${(jsonError as Error).message}` }]);
    }
    try {
      return yamlParser(input);
    } catch (e) {
      throw new PolicyError([{ path: '$', message: `not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}` }]);
    }
  }
}

export function loadPolicies(input: unknown): PolicySet {
  const doc: unknown = typeof input === 'string' ? parseText(input) : input;
  const parsed = PolicyDocumentSchema.safeParse(doc);
  if (!parsed.success) throw new PolicyError(parsed.error.issues.map((i) => describeIssue(i as Parameters<typeof describeIssue>[0])));
  const issues = checkDocument(parsed.data);
  if (issues.length > 0) throw new PolicyError(issues);
  return { document: parsed.data, notEnforced: notEnforced(parsed.data) };
}

/** See PolicySet.notEnforced. */
function notEnforced(d: PolicyDocument): DocumentIssue[] {
  const out: DocumentIssue[] = [];
  const s = d.settings ?? {};
  if (s.scratchPaths !== undefined) out.push({ path: '$.settings.scratchPaths', message: 'scratch paths are not enforced yet: path writes and path reads are denied' });
  if (s.scratchDatabases !== undefined) out.push({ path: '$.settings.scratchDatabases', message: 'scratch databases are not enforced yet: DDL is denied on every table' });
  if (s.impersonation?.lock !== undefined) out.push({ path: '$.settings.impersonation.lock', message: 'the impersonation lock is not enforced yet' });
  (d.grants ?? []).forEach((g, i) => {
    if ((g.on.uris ?? []).length > 0) out.push({ path: `$.grants[${i}].on.uris`, message: 'URI grants are not enforced yet: reads and writes by path are denied' });
    const ddl = g.actions.filter((a) => a === 'alter' || a === 'drop');
    if (ddl.length > 0) out.push({ path: `$.grants[${i}].actions`, message: `${ddl.join(', ')} ${ddl.length > 1 ? 'are' : 'is'} not enforced yet: those statements are denied` });
  });
  return out;
}

function checkDocument(d: PolicyDocument): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  const ids = new Map<string, string>();
  const seeId = (id: string, path: string): void => {
    const before = ids.get(id);
    if (before !== undefined) issues.push({ path: `${path}.id`, message: `duplicate policy id ${JSON.stringify(id)} (also at ${before})` });
    else ids.set(id, path);
  };
  (d.grants ?? []).forEach((g, i) => {
    const path = `$.grants[${i}]`;
    seeId(g.id, path);
    const on = g.on;
    if ([on.tables, on.databases, on.columns, on.tags, on.uris].every((x) => x === undefined || x.length === 0)) {
      issues.push({ path: `${path}.on`, message: 'names no tables, databases, columns, tags or uris' });
    }
    for (const k of ['validFrom', 'validUntil'] as const) {
      const v = g[k];
      if (v !== undefined && Number.isNaN(new Date(v).getTime())) issues.push({ path: `${path}.${k}`, message: `not an ISO-8601 time: ${JSON.stringify(String(v))}` });
    }
  });
  (d.rowFilters ?? []).forEach((f, i) => {
    const path = `$.rowFilters[${i}]`;
    seeId(f.id, path);
    const forms = [f.where, f.match, f.cases, f.window, f.sample].filter((x) => x !== undefined).length;
    if (forms !== 1) issues.push({ path, message: 'give exactly one of where, match, window, sample or cases' });
    if (f.window !== undefined && f.window.newerThanDays === undefined && f.window.olderThanDays === undefined) {
      issues.push({ path: `${path}.window`, message: 'give newerThanDays, olderThanDays or both' });
    }
    if (f.match !== undefined && (f.match.groups === true) === (f.match.attribute !== undefined)) {
      issues.push({ path: `${path}.match`, message: 'give exactly one of groups: true or attribute' });
    }
  });
  (d.masks ?? []).forEach((m, i) => {
    const path = `$.masks[${i}]`;
    seeId(m.id, path);
    if ((m.tag === undefined) === (m.table === undefined || m.column === undefined)) {
      issues.push({ path, message: 'give either table and column, or tag' });
    }
    if ((m.mask === undefined) === (m.cases === undefined)) issues.push({ path, message: 'give exactly one of mask or cases' });
    if (m.mask !== undefined) checkMaskSpec(m.mask, `${path}.mask`, issues);
    (m.cases ?? []).forEach((c, j) => checkMaskSpec(c.mask, `${path}.cases[${j}].mask`, issues));
  });
  return issues;
}

function checkMaskSpec(m: MaskSpec, path: string, issues: DocumentIssue[]): void {
  const need = (field: keyof MaskSpec): void => {
    if (m[field] === undefined) issues.push({ path: `${path}.${field}`, message: `required for a ${m.kind} mask` });
  };
  switch (m.kind) {
    case 'showFirst':
    case 'showLast':
      need('n');
      break;
    case 'constant':
      need('value');
      break;
    case 'bucket':
      need('width');
      break;
    case 'regex':
      need('pattern');
      need('replacement');
      break;
    case 'custom':
      need('expression');
      if (m.expression !== undefined && !m.expression.includes('{col}')) issues.push({ path: `${path}.expression`, message: 'must use {col} for the column' });
      break;
  }
}
