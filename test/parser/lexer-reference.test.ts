/**
 * The hand-written scanner (lexer.ts) against its specification: a chevrotain `Lexer` built from
 * the token patterns of tokens.ts, in their order, with words re-tagged as keywords. Both must
 * give the same tokens, or fail at the same offset with the same error, on every corpus
 * statement and on random text made of the characters that matter to the lexer.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { existsSync } from 'node:fs';
import { Lexer, type IToken } from 'chevrotain';
import { tokenize } from '../../src/parser/lexer.js';
import { isClosedBlockComment, keywordBySpelling, lexerTokens, UnquotedIdentifier } from '../../src/parser/tokens.js';
import { SqlParseError } from '../../src/parser/errors.js';
import { loadCorpus } from '../../src/cli/corpus.js';

const CORPUS = '../shared/corpus/spark-sql-tests/expected.jsonl';
const LIMITS = { maxLength: 1_000_000, maxTokens: 200_000 };

const reference = new Lexer(lexerTokens, { positionTracking: 'full', ensureOptimizations: false });

/** What the specification says: `TYPE@offset:image` per token, or the error's code and offset. */
function byReference(sql: string): string[] {
  const r = reference.tokenize(sql);
  if (r.errors.length > 0) {
    const e = r.errors[0]!;
    const ch = sql[e.offset] ?? '';
    const what = ch === "'" || ch === '"' ? 'Unclosed string literal' : ch === '`' ? 'Unclosed quoted identifier' : `Unexpected character '${ch}'`;
    return [`INVALID_TOKEN@${e.offset}:${what}`];
  }
  for (const c of (r.groups['comments'] ?? []) as IToken[]) {
    if (!isClosedBlockComment(c.image)) return [`UNCLOSED_BRACKETED_COMMENT@${c.startOffset}`];
  }
  return r.tokens.map((t) => {
    const type = t.tokenType === UnquotedIdentifier ? (keywordBySpelling.get(t.image.toUpperCase()) ?? t.tokenType) : t.tokenType;
    return `${type.name}@${t.startOffset}-${t.endOffset}:${t.image}`;
  });
}

function byScanner(sql: string): string[] {
  try {
    return tokenize(sql, LIMITS).map((t) => `${t.tokenType.name}@${t.startOffset}-${t.endOffset}:${t.image}`);
  } catch (e) {
    if (!(e instanceof SqlParseError)) throw e;
    return e.code === 'INVALID_TOKEN' ? [`INVALID_TOKEN@${e.offset}:${e.reason}`] : [`${e.code}@${e.offset}`];
  }
}

describe('the scanner agrees with the token patterns', () => {
  it.runIf(existsSync(CORPUS))('on every corpus statement', () => {
    const mismatches: string[] = [];
    for (const { sql } of loadCorpus(CORPUS)) {
      if (JSON.stringify(byScanner(sql)) !== JSON.stringify(byReference(sql))) mismatches.push(sql);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it.each([
    "r'a' R\"b\" r'unclosed",
    "'it''s' 'a\\'b' 'ab'' 'x\\",
    '"a""b" "c\\"d" "unclosed',
    '`a``b` `x``',
    '$$a$$ $t$b$t$ $u$ no end $x',
    '1 1.5 .5 5. 1e10 1.5E-3D 2bd 1.5L 1e3Y 1_000 2x 1.a t.1a',
    'a--x\\\nb\n-->-',
    '/* a /* b */ c */ d /*+ e */ f */',
    '/**/ /*/ */ x',
    '<=> << <> <= >= != !< !> == => -> || |> | :: : ! = < > ~ & ^ @ ? %',
    'hdfs://a/b.c?x=1&y#z s3a://b',
    'éa ÄÖ naïve ß 𝒳 x\u00A0y\u3000z',
    'sElEcT select SELECT temp TEMP Temp',
    'a # b',
    'a \\ b',
    'x €',
  ])('on %j', (sql) => {
    expect(byScanner(sql)).toEqual(byReference(sql));
  });

  const pieces = fc.constantFrom(
    ...'abrRxSE019_.eEdDlLbBfFsyY\'"`$/*+-\\\n\r\t <>=!|:;(),[]{}%~&^@?#é𝒳\u00A0'.split(''),
    "''",
    '``',
    '""',
    '/*',
    '*/',
    '--',
    '$t$',
    '://',
    'select',
    'Select',
  );
  test.prop([fc.array(pieces, { maxLength: 30 }).map((xs) => xs.join(''))], { numRuns: 3000 })('on random text', (sql) => {
    expect(byScanner(sql)).toEqual(byReference(sql));
  });
});
