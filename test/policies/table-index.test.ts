import { describe, expect, it } from 'vitest';
import { TableIndex } from '../../src/policies/table-index.js';

const t = (database: string, name: string) => ({ catalog: 'spark_catalog', database, name });

describe('TableIndex', () => {
  it('finds items by exact name, database pattern, database and wildcard, once each, in insertion order', () => {
    const ix = new TableIndex<string>();
    ix.addTable('*', 'all');
    ix.addTable('HR.Employees', 'exact');
    ix.addTable('spark_catalog.hr.employees', 'qualified');
    ix.addTable('hr.*', 'db-pattern');
    ix.addDatabase('HR', 'db');
    ix.addTable('sales.orders', 'other');
    ix.addTable('t', 'default-db');
    const both = 'both';
    ix.addTable('hr.employees', both);
    ix.addTable('hr.*', both);
    expect(ix.get(t('hr', 'employees'))).toEqual(['all', 'exact', 'qualified', 'db-pattern', 'db', 'both']);
    expect(ix.get(t('hr', 'departments'))).toEqual(['all', 'db-pattern', 'db', 'both']);
    expect(ix.get(t('default', 'T'))).toEqual(['all', 'default-db']);
    expect(ix.get(t('sales', 'customers'))).toEqual(['all']);
  });

  it('answers again after items are added (its answers are kept per table)', () => {
    const ix = new TableIndex<string>();
    ix.addTable('hr.employees', 'a');
    expect(ix.get(t('hr', 'employees'))).toEqual(['a']);
    ix.addDatabase('hr', 'b');
    ix.addTable('*', 'c');
    expect(ix.get(t('hr', 'employees'))).toEqual(['a', 'b', 'c']);
    expect(ix.get(t('HR', 'EMPLOYEES'))).toBe(ix.get(t('hr', 'employees')));
  });
});
