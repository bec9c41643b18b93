import { describe, expect, it } from 'vitest';
import { column, resolveConstant } from './constant.js';
import { lookupFunction, functionNames } from '../../src/plan/analysis/functions.js';
import { AnalysisError } from '../../src/plan/analysis/errors.js';
import { T } from '../../src/plan/analysis/types.js';
import { typeToString } from '../../src/plan/data-type.js';
import type { Expression } from '../../src/plan/expression.js';

const arg = (type: ReturnType<typeof T.array>, expr: Expression = { kind: 'Literal', type: 'null', value: null }) => ({ expr, type, nullable: true });

describe('function registry', () => {
  it('knows Spark aliases and is case-insensitive', () => {
    for (const [alias, target] of [['LEN', 'length'], ['ucase', 'upper'], ['mean', 'avg'], ['stddev', 'stddev_samp'], ['some', 'bool_or']]) {
      expect(lookupFunction(alias!)?.result, alias).toBe(lookupFunction(target!)?.result);
    }
    expect(lookupFunction('no_such_function')).toBeUndefined();
    expect(functionNames().length).toBeGreaterThan(400);
  });

  it('declares arities Spark checks (WRONG_NUM_ARGS comes from these)', () => {
    expect([lookupFunction('substring')!.minArgs, lookupFunction('substring')!.maxArgs]).toEqual([2, 3]);
    expect([lookupFunction('coalesce')!.minArgs, lookupFunction('coalesce')!.maxArgs]).toEqual([1, Infinity]);
    expect([lookupFunction('row_number')!.minArgs, lookupFunction('row_number')!.maxArgs]).toEqual([0, 0]);
    expect(lookupFunction('row_number')!.category).toBe('window');
    expect(lookupFunction('count')!.category).toBe('aggregate');
    expect(lookupFunction('explode')!.category).toBe('generator');
  });

  // Corpus columns (name:type) for result-type rules.
  it.each([
    ['sum(1.5)', 'sum(1.5):decimal(12,1)'],
    ['avg(1.5)', 'avg(1.5):decimal(6,5)'],
    ['sum(1)', 'sum(1):bigint'],
    ["sum(interval '1' year)", "sum(INTERVAL '1' YEAR):interval year"],
    ["coalesce(1, 2L, null)", 'coalesce(1, 2, NULL):bigint'],
    ['greatest(1, 2.5)', 'greatest(1, 2.5):decimal(11,1)'],
    ["percentile(1, 0.5)", 'percentile(1, 0.5, 1):double'],
    ['collect_list(1)', 'collect_list(1):array<int>'],
    ["struct(1, 'a')", 'struct(1, a):struct<col1:int,col2:string>'],
    ["map_entries(map(1, 'a'))", 'map_entries(map(1, a)):array<struct<key:int,value:string>>'],
    ["split('a,b', ',')", 'split(a,b, ,, -1):array<string>'],
    ['sequence(1, 5)', 'sequence(1, 5):array<int>'],
    ["decode(2, 1, 'Southlake', 'Non domestic')", 'decode(2, 1, Southlake, Non domestic):string'],
  ])('%s', (sql, expected) => {
    expect(column(sql)).toBe(expected);
  });

  it('raises DATATYPE_MISMATCH where the argument types cannot work', () => {
    expect(() => resolveConstant('size(1)')).toThrow(AnalysisError);
    expect(() => resolveConstant('map_keys(array(1))')).toThrow(/DATATYPE_MISMATCH/);
    expect(() => resolveConstant('coalesce(1, array(1))')).toThrow(/DATA_DIFF_TYPES/);
    expect(() => resolveConstant('sum(array(1))')).toThrow(/UNEXPECTED_INPUT_TYPE/);
  });

  it('names and types generator columns', () => {
    const cols = (name: string, t: ReturnType<typeof T.array>) => lookupFunction(name)!.generatorColumns!([arg(t)]).map((c) => `${c.name}:${typeToString(c.type)}`);
    expect(cols('explode', T.array(T.int))).toEqual(['col:int']);
    expect(cols('posexplode', T.map(T.string, T.int))).toEqual(['pos:int', 'key:string', 'value:int']);
    expect(cols('inline', T.array({ kind: 'struct', fields: [{ name: 'a', type: T.int, nullable: true, comment: null }] }))).toEqual(['a:int']);
    const stack = lookupFunction('stack')!.generatorColumns!([
      { expr: { kind: 'Literal', type: 'int', value: '2' }, type: T.int, nullable: false },
      arg(T.int),
      arg(T.string),
      arg(T.bigint),
      arg(T.string),
    ]);
    expect(stack.map((c) => `${c.name}:${typeToString(c.type)}`)).toEqual(['col0:bigint', 'col1:string']);
  });

  it('reads from_json schemas from DDL strings', () => {
    expect(column("from_json('{}', 'a INT, b ARRAY<STRING>')")).toBe('from_json({}):struct<a:int,b:array<string>>');
    expect(column("from_json('[]', 'array<int>')")).toBe('from_json([]):array<int>');
  });
});
