/** JSON, CSV, XML and variant functions: `from_*` read their schema from a DDL string literal. */
import type { DataType } from '../../data-type.js';
import { parseDataType } from '../../../parser/index.js';
import { T } from '../types.js';
import { type ArgInfo, type FunctionDef, alwaysNullable, fixed, literalString, neverNullable, scalar } from './define.js';

/**
 * The type a schema string names: a type (`array<int>`, `struct<a:int>`) or a column list
 * (`a INT, b STRING`), which is a struct. `unknown` when the argument is not a literal.
 */
export function schemaFromDdl(a: ArgInfo | undefined): DataType {
  const s = literalString(a);
  if (s === null) return T.unknown;
  let t = schemas.get(s);
  if (t === undefined) {
    t = parseSchema(s);
    if (schemas.size >= MAX_SCHEMAS) schemas.clear();
    schemas.set(s, t);
  }
  return t;
}

/**
 * Schemas by their text: a query is analysed again at every reference to a view, and each
 * parse of a column list (`a INT, b STRING`) first fails as a single type.
 */
const schemas = new Map<string, DataType>();
const MAX_SCHEMAS = 256;

function parseSchema(s: string): DataType {
  for (const text of [s, `struct<${s}>`]) {
    try {
      return parseDataType(text);
    } catch {
      // not this form; try the next
    }
  }
  return T.unknown;
}

/** Spark names `from_json(s, schema, options)` after its first argument only. */
const firstArgName = { pretty: (n: string, args: readonly string[]) => `${n}(${args[0]})` };

/** Made at the registry's first lookup (functions.ts), not when the module loads. */
export function jsonFunctions(): readonly FunctionDef[] {
  return [
    scalar('from_json', 2, 3, (a) => ({ type: schemaFromDdl(a[1]), nullable: true }), firstArgName),
    scalar('from_csv', 2, 3, (a) => ({ type: schemaFromDdl(a[1]), nullable: true }), firstArgName),
    scalar('from_xml', 2, 3, (a) => ({ type: schemaFromDdl(a[1]), nullable: true }), firstArgName),
    scalar('to_json', 1, 2, fixed(T.string, alwaysNullable), firstArgName),
    scalar('to_csv', 1, 2, fixed(T.string, alwaysNullable), firstArgName),
    scalar('to_xml', 1, 2, fixed(T.string, alwaysNullable), firstArgName),
    scalar('get_json_object', 2, 2, fixed(T.string, alwaysNullable)),
    scalar('json_array_length', 1, 1, fixed(T.int, alwaysNullable)),
    scalar('json_object_keys', 1, 1, fixed(T.array(T.string), alwaysNullable)),
    scalar('schema_of_json', 1, 2, fixed(T.string, neverNullable)),
    scalar('schema_of_csv', 1, 2, fixed(T.string, neverNullable)),
    scalar('schema_of_xml', 1, 2, fixed(T.string, neverNullable)),
    scalar('parse_json', 1, 1, fixed(T.variant)),
    scalar('try_parse_json', 1, 1, fixed(T.variant, alwaysNullable)),
    scalar('to_variant_object', 1, 1, fixed(T.variant)),
    scalar('is_variant_null', 1, 1, fixed(T.boolean, neverNullable)),
    scalar('variant_get', 2, 3, (a) => ({ type: a.length === 3 ? schemaFromDdl(a[2]) : T.variant, nullable: true })),
    scalar('try_variant_get', 2, 3, (a) => ({ type: a.length === 3 ? schemaFromDdl(a[2]) : T.variant, nullable: true })),
    scalar('schema_of_variant', 1, 1, fixed(T.string)),
    scalar('schema_of_variant_agg', 1, 1, fixed(T.string)),
    scalar('variant_explode', 1, 1, fixed(T.unknown)),
  ];
}
