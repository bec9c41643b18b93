/**
 * How the parser decides between alternatives, built for this grammar's shape.
 *
 * Chevrotain computes the decision's lookahead paths (its public `getLookaheadPaths`); this
 * module turns them into lookup tables indexed by the next token's type:
 * - an OR without gates: one array lookup;
 * - an OR with gates (most of this grammar, where every keyword can be an identifier): only the
 *   alternatives whose first token fits are gated, in order, instead of chevrotain's walk over
 *   every alternative's gate and every path (a word-led alternative has hundreds of paths);
 * - OPTION, MANY and the like: one array lookup.
 * A decision that needs more than one token of lookahead keeps chevrotain's own function.
 *
 * Each function is built on first use: chevrotain would build all of them when the parser is
 * constructed (about 100 ms, most of a cold start), while a statement visits a few dozen.
 * The strategy hands back a stub carrying the builder; the parser's `setLaFuncCache` stores a
 * trampoline that builds the real function and puts it in the cache in its own place.
 *
 * Gates are evaluated after the token test here, before it in chevrotain; the grammar's gates
 * only read tokens, so the choice is the same.
 */
import { getLookaheadPaths, LLkLookaheadStrategy, type LookaheadProductionType, type ILookaheadStrategy, type IOrAlt, type IToken, type TokenType } from 'chevrotain';

/** The parser as a lookahead function sees it (`this`). */
interface LookaheadHost {
  LA_FAST(n: number): IToken;
}
type AltChooser = (this: LookaheadHost, alts?: IOrAlt<unknown>[]) => number | undefined;
type OptionTest = (this: LookaheadHost) => boolean;
export const BUILD = Symbol('buildLookahead');
export type LaFunc = ((this: unknown, alts?: unknown) => unknown) & { [BUILD]?: () => LaFunc };

type AltOptions = Parameters<ILookaheadStrategy['buildLookaheadForAlternation']>[0];
type OptOptions = Parameters<ILookaheadStrategy['buildLookaheadForOptional']>[0];

const lazy = (build: () => LaFunc): LaFunc => Object.assign(() => undefined, { [BUILD]: build });

/** The token type indices a path's first token matches (itself and, for a category, its members). */
function eachIndexOf(t: TokenType, f: (i: number) => void): void {
  f(t.tokenTypeIdx!);
  const members = (t as { categoryMatches?: number[] }).categoryMatches;
  if (members !== undefined) for (let k = 0; k < members.length; k++) f(members[k]!);
}

/** Lookahead paths computed ahead of time (a grammar snapshot), by decision. */
export type KnownPaths = (rule: string, prodType: LookaheadProductionType, idx: number) => TokenType[][][] | undefined;

export class TableLookahead extends LLkLookaheadStrategy {
  /**
   * @param size one more than the largest token type index of the vocabulary (tables are dense arrays of this length).
   * @param known lookahead paths from a grammar snapshot, used instead of computing them.
   */
  constructor(
    private readonly size: number,
    private readonly known?: KnownPaths,
  ) {
    super({ maxLookahead: 1 });
  }

  private paths(rule: AltOptions['rule'], prodType: LookaheadProductionType, occurrence: number, maxLookahead: number): TokenType[][][] {
    return this.known?.(rule.name, prodType, occurrence) ?? getLookaheadPaths({ occurrence, rule, prodType, maxLookahead });
  }

  override buildLookaheadForAlternation(options: AltOptions): ReturnType<ILookaheadStrategy['buildLookaheadForAlternation']> {
    return lazy(() => {
      const paths = this.paths(options.rule, 'Alternation', options.prodOccurrence, options.maxLookahead);
      return oneTokenLookahead('Alternation', paths, options.hasPredicates, this.size) ?? (super.buildLookaheadForAlternation(options) as LaFunc);
    }) as ReturnType<ILookaheadStrategy['buildLookaheadForAlternation']>;
  }

  override buildLookaheadForOptional(options: OptOptions): () => boolean {
    return lazy(() => {
      const paths = this.paths(options.rule, options.prodType, options.prodOccurrence, options.maxLookahead);
      return oneTokenLookahead(options.prodType, paths, false, this.size) ?? (super.buildLookaheadForOptional(options) as LaFunc);
    }) as () => boolean;
  }
}

/**
 * A decision's lookahead function from its paths, for `size` token type indices; undefined when
 * a path is longer than one token (chevrotain's own function is needed then).
 */
export function oneTokenLookahead(prodType: LookaheadProductionType, paths: TokenType[][][], hasPredicates: boolean, size: number): LaFunc | undefined {
  if (prodType === 'Alternation') {
    if (paths.some((alt) => alt.some((p) => p.length > 1))) return undefined;
    return (hasPredicates ? gatedChooser(paths, size) : chooser(paths, size)) as LaFunc;
  }
  const [inside] = paths;
  if (inside === undefined || inside.some((p) => p.length > 1)) return undefined;
  return optionTest(inside, size) as LaFunc;
}

/** No gates: the first alternative whose path fits; an empty path fits any token. */
function chooser(alts: TokenType[][][], size: number): AltChooser {
  const choice = new Int16Array(size).fill(-1);
  let fallback = -1;
  for (let a = 0; a < alts.length && fallback < 0; a++) {
    for (const path of alts[a]!) {
      if (path.length === 0) {
        fallback = a;
        break;
      }
      eachIndexOf(path[0]!, (i) => {
        if (choice[i] === -1) choice[i] = a;
      });
    }
  }
  if (fallback >= 0) for (let i = 0; i < size; i++) if (choice[i] === -1) choice[i] = fallback;
  return function () {
    const a = choice[this.LA_FAST(1).tokenTypeIdx]!;
    return a < 0 ? undefined : a;
  };
}

/**
 * Gates: per token type, the alternatives that fit it, in order; the first whose gate holds.
 * Token types with the same alternatives share one list (a word-led alternative fits some 400
 * keywords): a list is extended into a new one, once per list and alternative.
 */
function gatedChooser(alts: TokenType[][][], size: number): AltChooser {
  const lists: (number[] | undefined)[] = [];
  // Alternatives with an empty path fit every token: they are in every list, in order.
  const always: number[] = [];
  for (let a = 0; a < alts.length; a++) {
    let fitsAll = false;
    const extended = new Map<number[], number[]>();
    for (const path of alts[a]!) {
      if (path.length === 0) {
        fitsAll = true;
        continue;
      }
      eachIndexOf(path[0]!, (i) => {
        const list = lists[i] ?? always;
        if (list[list.length - 1] === a) return;
        let next = extended.get(list);
        if (next === undefined) extended.set(list, (next = [...list, a]));
        lists[i] = next;
      });
    }
    if (fitsAll) {
      // Every list (each shared one once) and those to come: always.
      for (const list of new Set(lists)) if (list !== undefined && list[list.length - 1] !== a) list.push(a);
      always.push(a);
    }
  }
  // A dense array (a sparse one is a dictionary to V8), filled by a loop: Array.from's callback
  // for each of some 500 token types, at each decision set up, shows in a cold start.
  const candidates: number[][] = [];
  for (let i = 0; i < size; i++) candidates.push(lists[i] ?? always);
  return function (orAlts) {
    const list = candidates[this.LA_FAST(1).tokenTypeIdx]!;
    for (let k = 0; k < list.length; k++) {
      const a = list[k]!;
      const gate = orAlts![a]!.GATE;
      if (gate === undefined || gate.call(this) !== false) return a;
    }
    return undefined;
  };
}

/** Whether to enter an OPTION or do another MANY iteration. */
function optionTest(paths: TokenType[][], size: number): OptionTest {
  if (paths.some((p) => p.length === 0)) return () => true;
  const enter = new Uint8Array(size);
  for (const path of paths) {
    eachIndexOf(path[0]!, (i) => {
      enter[i] = 1;
    });
  }
  return function () {
    return enter[this.LA_FAST(1).tokenTypeIdx] === 1;
  };
}
