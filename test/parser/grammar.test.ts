import { describe, expect, it } from 'vitest';
import { validateGrammar } from '../../src/parser/parser.js';

describe('grammar definition', () => {
  it('has no definition errors besides the deliberate LL(1) ambiguities', () => {
    expect(validateGrammar()).toEqual([]);
  });
});
