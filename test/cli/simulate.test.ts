/** `leafguard simulate` on the bundled examples: the rows each identity sees. */
import { describe, expect, it } from 'vitest';
import { simulateCommand } from '../../src/cli/simulate.js';

const EXAMPLES = ['--catalog', 'examples/catalog.json', '--policies', 'examples/policies.yaml'];

async function simulateJson(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await simulateCommand([...EXAMPLES, ...args], (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('leafguard simulate', () => {
  it('shows an analyst in EMEA her region only, with names, SSNs and salaries outside DE masked', async () => {
    const r = await simulateJson(['--user', 'alice', '--groups', 'analysts', '--attr', 'region=EMEA', '--json', 'SELECT id, name, ssn, salary, region FROM hr.employees ORDER BY id']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      columns: ['id', 'name', 'ssn', 'salary', 'region'],
      rows: [
        [1, 'XxxxxUXxxxxx', 'nnnUnnU6789', null, 'EMEA'],
        [4, 'XxxxxUXUXxxx', 'nnnUnnU9012', null, 'EMEA'],
        [5, 'XxxxxUXxxx', null, null, 'EMEA'],
        [6, 'XxxxxUXxxxx', 'nnnUnnU0123', null, 'EMEA'],
        [9, 'XxxxxxUXUxx', 'nnnUnnU3456', null, 'EMEA'],
        [11, 'XxxUXxxxx', 'nnnUnnU5678', null, 'EMEA'],
      ],
    });
  });

  it('reads the emp_directory view through the same filter and masks (analyst in DE)', async () => {
    const r = await simulateJson(['--user', 'bob', '--groups', 'analysts', '--attr', 'region=DE', '--json', 'SELECT id, name, department_id FROM hr.emp_directory ORDER BY id']);
    expect(JSON.parse(r.out).rows).toEqual([
      [2, 'XUxxxxUXxxU', 1],
      [7, 'XxxxUXUxxxx', 3],
      [12, 'XxxxxUXxxxxxx', 2],
    ]);
  });

  it('shows hr everything, as an aligned table', async () => {
    const r = await simulateJson(['--user', 'hana', '--groups', 'hr', "SELECT e.name, d.name AS dept, e.salary FROM hr.employees e LEFT JOIN hr.departments d ON e.department_id = d.id WHERE e.region <> 'APAC' ORDER BY e.salary DESC LIMIT 4"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        'name         | dept        | salary',
        '-------------+-------------+----------',
        'Emily Chen   | Engineering | 102000.00',
        'Alice Martin | Engineering | 98000.00',
        'Hans Müller  | Finance     | 91000.00',
        'Jürgen Groß  | Engineering | 87000.50',
        '(4 rows)',
      ].join('\n'),
    );
  });

  it('runs the query unsecured with --raw, for comparison', async () => {
    const r = await simulateJson(['--user', 'alice', '--raw', '--json', 'SELECT count(*), count(salary), sum(amount) FROM hr.employees LEFT JOIN sales.orders ON employees.id = orders.employee_id']);
    expect(JSON.parse(r.out).rows).toEqual([['13', '12', '14365.63']]);
  });

  it('prints the reasons of a denial and exits 1', async () => {
    const r = await simulateJson(['--user', 'alice', '--groups', 'analysts', 'SELECT * FROM sales.orders']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe('denied: no grant gives select on sales.orders (user alice)');
  });

  it('rejects a query the DuckDB dialect cannot express, with its code', async () => {
    const r = await simulateJson(['--user', 'hana', '--groups', 'hr', 'SELECT sha2(name, 512) FROM hr.employees']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^\[UNSUPPORTED_IN_DUCKDB\] sha2 with 512 bits/);
  });
});
