/** Data types: `int`, `decimal(10,2)`, `array<int>`, `map<string,int>`, `struct<a:int NOT NULL COMMENT 'x'>`, intervals. */
import type { IToken } from 'chevrotain';
import { defineRule, type Grammar } from '../rules.js';
import type { Rule } from '../dsl.js';
import * as T from '../tokens.js';
import { KW } from '../tokens.js';
import { SqlParseError } from '../errors.js';
import type { DataType, IntervalUnit, PrimitiveTypeName, StructField } from '../../plan/data-type.js';

const K = (n: string) => KW[n]!;

declare module '../rules.js' {
  interface Rules {
    dataType: Rule<DataType>;
    structField: Rule<StructField>;
    intervalUnit: Rule<IntervalUnit>;
  }
}

const PRIMITIVES: Readonly<Record<string, PrimitiveTypeName>> = {
  BOOLEAN: 'boolean',
  TINYINT: 'tinyint',
  BYTE: 'tinyint',
  SMALLINT: 'smallint',
  SHORT: 'smallint',
  INT: 'int',
  INTEGER: 'int',
  BIGINT: 'bigint',
  LONG: 'bigint',
  FLOAT: 'float',
  REAL: 'float',
  DOUBLE: 'double',
  DATE: 'date',
  BINARY: 'binary',
  VOID: 'void',
  VARIANT: 'variant',
};

const UNIT: Readonly<Record<string, IntervalUnit>> = {
  YEAR: 'YEAR', YEARS: 'YEAR', MONTH: 'MONTH', MONTHS: 'MONTH', DAY: 'DAY', DAYS: 'DAY',
  HOUR: 'HOUR', HOURS: 'HOUR', MINUTE: 'MINUTE', MINUTES: 'MINUTE', SECOND: 'SECOND', SECONDS: 'SECOND',
};

export function defineDataTypeRules($: Grammar): void {
  defineRule($, 'dataType', (): DataType =>
    $.OR([
      {
        ALT: () => {
          $.CONSUME(K('ARRAY'));
          $.CONSUME(T.Lt);
          const element = $.SUBRULE($.dataType);
          $.CONSUME(T.Gt);
          return { kind: 'array', element } as DataType;
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('MAP'));
          $.CONSUME1(T.Lt);
          const key = $.SUBRULE1($.dataType);
          $.CONSUME(T.Comma);
          const value = $.SUBRULE2($.dataType);
          $.CONSUME1(T.Gt);
          return { kind: 'map', key, value } as DataType;
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('STRUCT'));
          const fields: StructField[] = [];
          $.OR1([
            { ALT: () => $.CONSUME(T.Neq) },
            {
              ALT: () => {
                $.CONSUME2(T.Lt);
                $.MANY_SEP({ SEP: T.Comma, DEF: () => fields.push($.SUBRULE($.structField)) });
                $.CONSUME2(T.Gt);
              },
            },
          ]);
          return { kind: 'struct', fields } as DataType;
        },
      },
      {
        ALT: () => {
          $.CONSUME(K('INTERVAL'));
          let from: IntervalUnit | null = null;
          let to: IntervalUnit | null = null;
          $.OPTION(() => {
            from = $.SUBRULE($.intervalUnit);
            $.OPTION1(() => {
              $.CONSUME(K('TO'));
              to = $.SUBRULE1($.intervalUnit);
            });
          });
          return { kind: 'interval', from, to } as DataType;
        },
      },
      {
        ALT: () => {
          const name = $.CONSUME(T.Ident);
          const params: number[] = [];
          $.OPTION2(() => {
            $.CONSUME(T.LParen);
            $.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => {
              const n = $.CONSUME(T.NumberLiteral);
              $.ACTION(() => params.push(Number(n.image)));
            } });
            $.CONSUME(T.RParen);
          });
          let collation: string | null = null;
          $.OPTION3(() => {
            $.CONSUME(K('COLLATE'));
            const parts = $.SUBRULE($.multipartIdentifier);
            $.ACTION(() => {
              collation = parts.join('.');
            });
          });
          return $.ACTION(() => primitiveType($, name, params, collation));
        },
      },
    ]),
  );

  defineRule($, 'structField', (): StructField => {
    const name = $.SUBRULE($.identifier);
    $.OPTION(() => $.CONSUME(T.Colon));
    const type = $.SUBRULE($.dataType);
    let nullable = true;
    let comment: string | null = null;
    $.OPTION1(() => {
      $.CONSUME(K('NOT'));
      $.CONSUME(K('NULL'));
      nullable = false;
    });
    $.OPTION2(() => {
      $.CONSUME(K('COMMENT'));
      comment = $.SUBRULE($.stringConstant);
    });
    return { name, type, nullable, comment };
  });

  defineRule($, 'intervalUnit', (): IntervalUnit => {
    const t = $.CONSUME(T.Ident);
    return $.ACTION(() => {
      const u = UNIT[t.image.toUpperCase()];
      if (u === undefined) throw new SqlParseError('PARSE_SYNTAX_ERROR', `'${t.image}' is not an interval unit`, $.text, t.startOffset);
      return u;
    });
  });
}

function primitiveType($: Grammar, tok: IToken, params: number[], collation: string | null): DataType {
  const name = tok.image.toUpperCase();
  const bad = (why: string): never => {
    throw new SqlParseError('PARSE_SYNTAX_ERROR', why, $.text, tok.startOffset);
  };
  if (collation !== null && name !== 'STRING') bad(`COLLATE applies to STRING, not ${name}`);
  const prim = PRIMITIVES[name];
  if (prim !== undefined) {
    if (params.length > 0) bad(`The data type ${name} takes no parameters`);
    return { kind: 'primitive', name: prim };
  }
  switch (name) {
    case 'STRING':
      if (params.length > 0) bad('The data type STRING takes no parameters');
      return { kind: 'string', collation };
    case 'DECIMAL':
    case 'DEC':
    case 'NUMERIC':
      if (params.length > 2) bad(`The data type ${name} takes at most two parameters`);
      return { kind: 'decimal', precision: params[0] ?? 10, scale: params[1] ?? 0 };
    case 'CHAR':
    case 'CHARACTER':
    case 'VARCHAR':
      if (params.length !== 1) bad(`The data type ${name} needs a length`);
      return { kind: name === 'VARCHAR' ? 'varchar' : 'char', length: params[0]! };
    case 'TIMESTAMP':
    case 'TIMESTAMP_NTZ':
    case 'TIMESTAMP_LTZ':
      if (params.length > 0) bad(`The data type ${name} takes no parameters`);
      return { kind: 'timestamp', variant: name.toLowerCase() as 'timestamp' };
    case 'TIME':
      if (params.length > 1) bad('The data type TIME takes at most one parameter');
      return { kind: 'time', precision: params[0] ?? null };
    default:
      return bad(`Unsupported data type ${tok.image}`);
  }
}
