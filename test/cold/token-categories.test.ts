/**
 * src/parser/tokens.ts computes the vocabulary's category maps itself, and the bundles' parser
 * then skips chevrotain's own pass (scripts/lean-chevrotain.mjs): the maps must be exactly what
 * chevrotain's pass makes from the bare token types.
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedActionsParser, EOF, type TokenType } from 'chevrotain';
import { allTokens, CATEGORIES_COMPLETE } from '../../src/parser/tokens.js';

type Augmented = TokenType & { tokenTypeIdx: number; CATEGORIES: Augmented[]; categoryMatches: number[]; categoryMatchesMap: Record<number, boolean>; isParent: boolean };

/** What chevrotain's parser reads of a token type's categories, and the order of its properties. */
function categoriesOf(t: Augmented) {
  return {
    keys: Object.keys(t),
    name: t.name,
    tokenTypeIdx: t.tokenTypeIdx,
    categories: t.CATEGORIES.map((c) => c.name),
    categoryMatches: t.categoryMatches,
    categoryMatchesMap: Object.keys(t.categoryMatchesMap),
    isParent: t.isParent,
  };
}

/** The token types as createToken would leave them without any category pass: same fields, empty maps. */
function bare(vocabulary: readonly Augmented[]): Augmented[] {
  const copies = new Map<Augmented, Augmented>();
  for (const t of vocabulary) {
    const copy = {} as Record<string, unknown>;
    for (const k of Object.keys(t)) copy[k] = k === 'categoryMatches' ? [] : k === 'categoryMatchesMap' ? {} : k === 'isParent' ? false : t[k as keyof Augmented];
    copies.set(t, copy as unknown as Augmented);
  }
  for (const copy of copies.values()) copy.CATEGORIES = copy.CATEGORIES.map((c) => copies.get(c as Augmented)!);
  return [...copies.values()];
}

class CategoriesOnly extends EmbeddedActionsParser {
  constructor(vocabulary: TokenType[]) {
    super(vocabulary);
  }
}

describe('token categories', () => {
  it("are chevrotain's, computed from the bare token types", () => {
    const vocabulary = allTokens as Augmented[];
    const copies = bare(vocabulary);
    // chevrotain's parser constructor runs its category pass over an unmarked vocabulary.
    new CategoriesOnly(copies);
    expect(vocabulary.map(categoriesOf)).toEqual(copies.map(categoriesOf));
    // There are categories to compare: Ident holds hundreds of keywords, AnyToken every token.
    const ident = vocabulary.find((t) => t.name === 'Ident')!;
    expect(ident.categoryMatches.length).toBeGreaterThan(300);
    expect(vocabulary.find((t) => t.name === 'AnyToken')!.categoryMatches.length).toBe(vocabulary.length - 4);
  });

  it('mark the vocabulary, and leave EOF in no category', () => {
    expect((allTokens as unknown as Record<symbol, unknown>)[CATEGORIES_COMPLETE]).toBe(true);
    expect(allTokens.some((t) => (t as Augmented).categoryMatchesMap[(EOF as Augmented).tokenTypeIdx] === true)).toBe(false);
  });
});
