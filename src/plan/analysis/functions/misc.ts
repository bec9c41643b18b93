/**
 * Conditionals, null handling, hashes, identity and session functions, cast aliases and
 * errors (Spark's nullExpressions, conditionalExpressions, hash, misc.scala, Cast aliases).
 */
import type { DataType } from '../../data-type.js';
import { T, isBoolean, isNull, isUnknown } from '../types.js';
import { type FunctionDef, alias, alwaysNullable, commonOf, fixed, neverNullable, sameAs, scalar, widest, typeMismatch, withDefaults } from './define.js';
import { typeToString } from '../../data-type.js';

/** `int(x)`, `string(x)`: a cast Spark leaves out of generated names. */
const castAlias = (name: string, type: DataType): FunctionDef => scalar(name, 1, 1, fixed(type, alwaysNullable), { transparentName: true });

/** Made at the registry's first lookup (functions.ts), not when the module loads. */
export function miscFunctions(): readonly FunctionDef[] {
  const nvl = scalar('nvl', 2, 2, widest('nvl', 0, (a) => a.every((x) => x.nullable)));
  const currentSchema = scalar('current_schema', 0, 0, fixed(T.string, neverNullable));
  const currentUser = scalar('current_user', 0, 0, fixed(T.string, neverNullable));
  const sha1 = scalar('sha1', 1, 1, fixed(T.string));
  const reflect = scalar('reflect', 2, Infinity, fixed(T.string, alwaysNullable));

  return [
    scalar('coalesce', 1, Infinity, widest('coalesce', 0, (a) => a.every((x) => x.nullable))),
    scalar('if', 3, 3, (a) => {
      const c = a[0]!.type;
      if (!isBoolean(c) && !isNull(c) && !isUnknown(c)) {
        throw typeMismatch('if', `Parameter 1 requires the "BOOLEAN" type, however has the type "${typeToString(c)}".`);
      }
      return { type: commonOf('if', a.slice(1)), nullable: a[1]!.nullable || a[2]!.nullable };
    }, { pretty: (_n, args) => `(IF(${args.join(', ')}))` }),
    nvl,
    alias(nvl, 'ifnull'),
    scalar('nvl2', 3, 3, widest('nvl2', 1, (a) => a[1]!.nullable || a[2]!.nullable)),
    scalar('nullif', 2, 2, sameAs(0, alwaysNullable)),
    scalar('isnull', 1, 1, fixed(T.boolean, neverNullable), { pretty: (_n, args) => `(${args[0]} IS NULL)` }),
    scalar('isnotnull', 1, 1, fixed(T.boolean, neverNullable), { pretty: (_n, args) => `(${args[0]} IS NOT NULL)` }),
    scalar('isnan', 1, 1, fixed(T.boolean, neverNullable)),
    scalar('equal_null', 2, 2, fixed(T.boolean, neverNullable)),
    scalar('assert_true', 1, 2, fixed(T.void, alwaysNullable), {
      // Spark fills in the message it will raise.
      pretty: (n, args) => `${n}(${args[0]}, ${args[1] ?? `'${args[0]}' is not true!`})`,
    }),
    scalar('raise_error', 1, 2, fixed(T.void, alwaysNullable)),
    scalar('typeof', 1, 1, fixed(T.string, neverNullable)),
    currentUser,
    alias(currentUser, 'user'),
    alias(currentUser, 'session_user'),
    currentSchema,
    // current_database() is CurrentDatabase, printed under its SQL-standard name.
    alias(currentSchema, 'current_database', true),
    scalar('current_catalog', 0, 0, fixed(T.string, neverNullable)),
    scalar('version', 0, 0, fixed(T.string, neverNullable)),
    scalar('monotonically_increasing_id', 0, 0, fixed(T.bigint, neverNullable)),
    scalar('spark_partition_id', 0, 0, fixed(T.int, neverNullable)),
    scalar('input_file_name', 0, 0, fixed(T.string, neverNullable)),
    scalar('input_file_block_start', 0, 0, fixed(T.bigint, neverNullable)),
    scalar('input_file_block_length', 0, 0, fixed(T.bigint, neverNullable)),
    scalar('md5', 1, 1, fixed(T.string)),
    sha1,
    alias(sha1, 'sha'),
    scalar('sha2', 2, 2, fixed(T.string, alwaysNullable)),
    scalar('crc32', 1, 1, fixed(T.bigint)),
    scalar('hash', 1, Infinity, fixed(T.int, neverNullable)),
    scalar('xxhash64', 1, Infinity, fixed(T.bigint, neverNullable)),
    scalar('aes_encrypt', 2, 6, fixed(T.binary)),
    scalar('aes_decrypt', 2, 5, fixed(T.binary)),
    scalar('try_aes_decrypt', 2, 5, fixed(T.binary, alwaysNullable)),
    reflect,
    alias(reflect, 'java_method'),
    scalar('try_reflect', 2, Infinity, fixed(T.string, alwaysNullable)),
    scalar('bitmap_bit_position', 1, 1, fixed(T.bigint)),
    scalar('bitmap_bucket_number', 1, 1, fixed(T.bigint)),
    scalar('bitmap_count', 1, 1, fixed(T.bigint)),
    scalar('hll_sketch_estimate', 1, 1, fixed(T.bigint)),
    scalar('hll_union', 2, 3, fixed(T.binary), { pretty: withDefaults(2, 'false') }),
    scalar('grouping', 1, 1, fixed(T.tinyint, neverNullable)),
    scalar('grouping_id', 0, Infinity, fixed(T.bigint, neverNullable)),
    castAlias('boolean', T.boolean),
    castAlias('tinyint', T.tinyint),
    castAlias('smallint', T.smallint),
    castAlias('int', T.int),
    castAlias('bigint', T.bigint),
    castAlias('float', T.float),
    castAlias('double', T.double),
    castAlias('decimal', T.decimal(10, 0)),
    castAlias('date', T.date),
    castAlias('timestamp', T.timestamp),
    castAlias('binary', T.binary),
    castAlias('string', T.string),
  ];
}
