/**
 * Golden end-to-end rewrites: each `test/golden/*.sql` holds cases (a `-- as:` identity line, then
 * a statement ending in `;`), secured with examples/catalog.json and examples/policies.yaml (or
 * `x.policies.yaml` beside `x.sql`) at a fixed time; `*.sql.out` holds the expected decision and secured SQL (or the reasons of a
 * denial). Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/golden` and review the diff.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCatalog, createEngine, loadPolicies } from '../../src/index.js';
import { casesOf, identityOf, NOW, type Case } from './cases.js';

const DIR = 'test/golden';
const catalog = createCatalog(readFileSync('examples/catalog.json', 'utf8'));
/** `x.sql` uses `x.policies.yaml` beside it when there is one, examples/policies.yaml otherwise. */
function engineFor(file: string) {
  const own = join(DIR, file.replace(/\.sql$/, '.policies.yaml'));
  return createEngine({ catalog, policies: loadPolicies(readFileSync(existsSync(own) ? own : 'examples/policies.yaml', 'utf8')) });
}

function render(engine: ReturnType<typeof createEngine>, c: Case): string {
  const r = engine.rewrite(c.sql, identityOf(c.as), { now: NOW });
  const body = r.decision === 'allow' ? r.sql! : r.reasons.join('\n');
  return `-- as: ${c.as}\n${c.sql};\n-- ${r.decision}\n${body}\n`;
}

const files = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.sql')) : [];

describe('golden rewrites', () => {
  it('has cases', () => {
    const total = files.reduce((n, f) => n + casesOf(readFileSync(join(DIR, f), 'utf8')).length, 0);
    expect(total).toBeGreaterThanOrEqual(60);
  });
  for (const f of files) {
    it(f, () => {
      const engine = engineFor(f);
      const actual = casesOf(readFileSync(join(DIR, f), 'utf8'))
        .map((c) => render(engine, c))
        .join('\n');
      const outPath = join(DIR, `${f}.out`);
      if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(outPath)) writeFileSync(outPath, actual);
      expect(actual).toBe(readFileSync(outPath, 'utf8'));
    });
  }
});
