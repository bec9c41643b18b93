import { createCatalog, createSession, schemaOf, checkIntegrity, AnalysisError, type Plan } from '../../src/index.js';
import { expect } from 'vitest';

/** A small HR/sales catalog for analyzer tests. */
export const catalog = createCatalog({
  databases: [{ name: 'hr' }, { name: 'sales' }],
  tables: [
    {
      name: 'hr.employees',
      columns: [
        { name: 'id', type: 'int', nullable: false },
        { name: 'name', type: 'string' },
        { name: 'ssn', type: 'string', tags: ['pii'] },
        { name: 'salary', type: 'decimal(10,2)' },
        { name: 'dept', type: 'int' },
        { name: 'address', type: 'struct<city:string,zip:string>' },
        { name: 'phones', type: 'array<string>' },
      ],
    },
    { name: 'hr.departments', columns: [{ name: 'id', type: 'int' }, { name: 'name', type: 'string' }, { name: 'region', type: 'string' }] },
    { name: 'sales.orders', columns: [{ name: 'id', type: 'bigint' }, { name: 'emp_id', type: 'int' }, { name: 'amount', type: 'double' }, { name: 'ts', type: 'timestamp' }] },
    { name: 'hr.emp_directory', type: 'view', viewText: 'SELECT id, name FROM hr.employees' },
  ],
});

export function analyzed(sql: string, currentDatabase = 'hr'): Plan {
  const plan = createSession({ catalog, currentDatabase }).analyze(sql);
  expect(checkIntegrity(plan)).toEqual([]);
  return plan;
}

/** The output schema as `name:type` strings. */
export function schema(sql: string, currentDatabase = 'hr'): string[] {
  return schemaOf(analyzed(sql, currentDatabase)).map((f) => `${f.name}:${f.type}`);
}

export function analysisError(sql: string, currentDatabase = 'hr'): AnalysisError {
  try {
    createSession({ catalog, currentDatabase }).analyze(sql);
  } catch (e) {
    if (e instanceof AnalysisError) return e;
    throw e;
  }
  throw new Error(`expected an AnalysisError for: ${sql}`);
}
