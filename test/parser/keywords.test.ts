/**
 * Keywords as identifiers: Spark's default mode lets every keyword be an identifier (join and
 * set-operation words only where no alias is expected); ANSI mode reserves the ANSI keywords.
 * Every keyword must survive printing in identifier positions.
 */
import { describe, expect, it } from 'vitest';
import { parseSql, SqlParseError } from '../../src/parser/index.js';
import { printPlan } from '../../src/plan/print/index.js';
import { KEYWORD_SPELLINGS } from '../../src/parser/keywords.js';
import { validateIdentity } from '../helpers/sql.js';

const spellings = [...new Set(Object.values(KEYWORD_SPELLINGS).flat())];

describe('keywords in default mode', () => {
  it('reads keywords as column names, aliases and table names', () => {
    const p = validateIdentity('SELECT `select`.`from` AS `where`, date, `year` FROM `select`');
    expect(JSON.stringify(p)).toContain('"nameParts":["select","from"]');
  });

  it('does not take a clause keyword as an implicit alias', () => {
    const p = parseSql('SELECT a FROM t WHERE b = 1');
    expect(p.kind).toBe('Project');
  });

  it('does not take a join word as a table alias', () => {
    const p = parseSql('SELECT * FROM t JOIN u');
    expect(JSON.stringify(p)).toContain('"kind":"Join"');
  });

  it.each(spellings)('prints %s back as an identifier in every position', (kw) => {
    const name = kw.toLowerCase();
    const plan = {
      kind: 'Project',
      projectList: [
        { kind: 'Alias', name, child: { kind: 'UnresolvedAttribute', nameParts: [name, name] } },
        { kind: 'UnresolvedFunction', name: ['f'], args: [{ kind: 'UnresolvedAttribute', nameParts: [name] }], distinct: false, filter: null, ignoreNulls: null, withinGroup: null },
      ],
      child: {
        kind: 'SubqueryAlias',
        alias: name,
        columnAliases: null,
        child: { kind: 'UnresolvedRelation', name: [name, name], identifierClause: null, timeTravel: null, options: null, file: null },
      },
    } as const;
    expect(parseSql(printPlan(plan))).toEqual(plan);
  });
});

describe('keywords in ANSI mode', () => {
  it('rejects a reserved keyword as an identifier, with its position', () => {
    try {
      parseSql('SELECT 1 AS from', { keywords: 'ansi' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SqlParseError);
      expect((e as SqlParseError).code).toBe('RESERVED_KEYWORD');
      expect((e as SqlParseError).column).toBe(13);
    }
  });

  it('accepts a backquoted reserved keyword and non-reserved keywords', () => {
    expect(() => parseSql('SELECT 1 AS `from`, 2 AS year', { keywords: 'ansi' })).not.toThrow();
  });
});

describe('quoting on print', () => {
  it('quotes only words reserved in ANSI mode, literals and non-words', () => {
    validateIdentity(
      'SELECT e.name, x, `from`, `select`, `true`, `a b`, `join` FROM t AS e',
      'SELECT e.name, x, `from`, `select`, `true`, `a b`, `join` FROM t AS e',
    );
    validateIdentity('SELECT transform(a, `x` -> `x` + 1) AS `value` FROM `data`', 'SELECT transform(a, x -> x + 1) AS value FROM data');
  });

  it('keeps printed non-reserved keywords readable in ANSI mode', () => {
    const sql = printPlan(parseSql('SELECT e.name, `date`, `interval` + 1 AS `comment` FROM `table` AS e'));
    expect(sql).toBe('SELECT e.name, date, interval + 1 AS comment FROM `table` AS e');
    expect(parseSql(sql, { keywords: 'ansi' })).toEqual(parseSql(sql));
  });
});
