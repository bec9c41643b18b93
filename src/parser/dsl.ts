/**
 * The chevrotain DSL as the grammar modules see it. Chevrotain keeps these methods protected;
 * the grammar is split into modules (expression, query, statement, data type) that each
 * register their rules on the one parser instance, so they get this public view of it.
 *
 * Chevrotain rule: inside one rule, each DSL method used twice with the same argument needs a
 * distinct index (`CONSUME1`, `CONSUME2`, …). Semantic code that inspects values belongs inside
 * `ACTION` (it does not run while chevrotain records the grammar).
 */
import type { IToken, TokenType } from 'chevrotain';
import type { ParseOptions } from './options.js';

type Alt<T> = { ALT: () => T; GATE?: () => boolean; IGNORE_AMBIGUITIES?: boolean };
/**
 * An OR's alternatives. A literal array of alternatives is allocated, closures and all, at every
 * call; for a rule whose alternatives use no per-call state (a rule without parameters whose
 * body is the OR), hot rules keep them in a variable built on first use:
 * `let xAlts: OrArg<T> | undefined; defineRule($, 'x', () => $.OR(xAlts ??= [ … ]))`.
 */
export type OrArg<T> = Alt<T>[] | { DEF: Alt<T>[]; IGNORE_AMBIGUITIES?: boolean; MAX_LOOKAHEAD?: number };
export type OptArg<T> = (() => T) | { DEF: () => T; GATE?: () => boolean; MAX_LOOKAHEAD?: number };
export type SepArg = { SEP: TokenType; DEF: () => void };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Rule<T, A extends unknown[] = any[]> = (...args: A) => T;
type Sub = <T, A extends unknown[]>(rule: Rule<T, A>, opts?: { ARGS: A }) => T;
type Consume = (t: TokenType) => IToken;
type Option = <T>(arg: OptArg<T>) => T | undefined;
type Or = <T>(arg: OrArg<T>) => T;
type Many = (arg: OptArg<void>) => void;
type ManySep = (arg: SepArg) => void;

export interface Dsl {
  RULE<T, A extends unknown[] = []>(name: string, impl: (...args: A) => T, config?: { resyncEnabled?: boolean }): Rule<T, A>;
  CONSUME: Consume;
  CONSUME1: Consume;
  CONSUME2: Consume;
  CONSUME3: Consume;
  CONSUME4: Consume;
  CONSUME5: Consume;
  CONSUME6: Consume;
  CONSUME7: Consume;
  CONSUME8: Consume;
  CONSUME9: Consume;
  SUBRULE: Sub;
  SUBRULE1: Sub;
  SUBRULE2: Sub;
  SUBRULE3: Sub;
  SUBRULE4: Sub;
  SUBRULE5: Sub;
  SUBRULE6: Sub;
  SUBRULE7: Sub;
  SUBRULE8: Sub;
  SUBRULE9: Sub;
  OPTION: Option;
  OPTION1: Option;
  OPTION2: Option;
  OPTION3: Option;
  OPTION4: Option;
  OPTION5: Option;
  OPTION6: Option;
  OPTION7: Option;
  OPTION8: Option;
  OPTION9: Option;
  OR: Or;
  OR1: Or;
  OR2: Or;
  OR3: Or;
  OR4: Or;
  OR5: Or;
  OR6: Or;
  OR7: Or;
  OR8: Or;
  OR9: Or;
  MANY: Many;
  MANY1: Many;
  MANY2: Many;
  MANY3: Many;
  MANY4: Many;
  MANY5: Many;
  AT_LEAST_ONE: Many;
  AT_LEAST_ONE1: Many;
  AT_LEAST_ONE2: Many;
  MANY_SEP: ManySep;
  MANY_SEP1: ManySep;
  MANY_SEP2: ManySep;
  AT_LEAST_ONE_SEP: ManySep;
  AT_LEAST_ONE_SEP1: ManySep;
  AT_LEAST_ONE_SEP2: ManySep;
  AT_LEAST_ONE_SEP3: ManySep;
  AT_LEAST_ONE_SEP4: ManySep;
  ACTION<T>(f: () => T): T;
  LA(n: number): IToken;
  readonly RECORDING_PHASE: boolean;
  /**
   * Whether the grammar may take its shortcuts: code that reads what a rule or choice would,
   * without going through it, on the tokens where the result is the same. Off while chevrotain
   * records the grammar, and in the tests' reference parser (which checks that result).
   */
  readonly shortcuts: boolean;
  /**
   * Index of the last token consumed (chevrotain's own state). Shortcuts past rules read tokens
   * with `LA` and consume them by moving it; one that gives up puts it back.
   */
  currIdx: number;
  /** Options of the parse under way (set by the entry points before each parse). */
  options: ParseOptions;
  /** The SQL text of the parse under way. */
  text: string;
  /** Positional parameter counter for `?` markers. */
  positional: number;
  /** Current nesting depth (expressions and queries), checked against `options.maxDepth`. */
  depth: number;
  /**
   * A stack lists are gathered on and then copied off at their exact length (see `gathered`): a
   * list pushed onto an empty array gets room for 17 items, and a parse tree is garbage once
   * analysed. A rule that uses it leaves it as it found it; a failed parse truncates it (`run`).
   */
  readonly scratch: unknown[];
}
