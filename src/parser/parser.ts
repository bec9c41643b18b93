/**
 * The Spark SQL parser: one chevrotain parser instance, built once per module load, whose
 * grammar modules register their rules on it. Entry points reset it through `input`.
 */
import { EmbeddedActionsParser, EOF, type IParserErrorMessageProvider, type Rule as GastRule, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import { allTokens, tokenTypeNamed, VOCABULARY_SIZE } from './tokens.js';
import { tokenize, tokenizeReusing } from './lexer.js';
import { BUILD, oneTokenLookahead, TableLookahead, type LaFunc } from './lookahead.js';
import { unpackText } from './snapshot-codec.js';
import { decisionKey, restoreGrammar, snapshotGrammar, type Restored } from './grammar-snapshot.js';
import { SqlParseError } from './errors.js';
import { forgetNameLists } from './name-lists.js';
import { resolveOptions, DEFAULT_PARSE_OPTIONS, type ParseOptions } from './options.js';
import type { Grammar, Rules } from './rules.js';
import type { Rule } from './dsl.js';
import { defineNameRules } from './grammar/names.js';
import { defineExpressionRules } from './grammar/expression.js';
import { defineIntervalRules } from './grammar/interval.js';
import { defineSpecialFunctionRules } from './grammar/special-functions.js';
import { definePredicateRules } from './grammar/predicate.js';
import { defineWindowRules } from './grammar/window.js';
import { defineDataTypeRules } from './grammar/data-type.js';
import { defineQueryRules } from './grammar/query.js';
import { defineRelationRules } from './grammar/relation.js';
import { definePipeRules } from './grammar/pipe.js';
import { defineHintRules } from './grammar/hint.js';
import { defineStatementRules } from './grammar/statement.js';
import { defineDmlRules } from './grammar/dml.js';
import { defineDdlRules } from './grammar/ddl.js';
import { defineSessionRules } from './grammar/statement-session.js';
import { defineTransformRules } from './grammar/transform.js';
import { defineScriptingRules } from './grammar/scripting.js';
import type { Plan } from '../plan/logical.js';
import type { Expression } from '../plan/expression.js';
import type { DataType } from '../plan/data-type.js';

/** Collects what the parser expected at the failure point, for `SqlParseError.expected`. */
let lastExpected: string[] = [];
const tokenLabel = (t: TokenType): string => (t.name === 'EOF' ? 'end of input' : (t.LABEL ?? t.name));
const errorProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    lastExpected = [tokenLabel(expected)];
    return syntaxError(actual);
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    lastExpected = [];
    return syntaxError(firstRedundant);
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual }) {
    lastExpected = unique(expectedPathsPerAlt.flat().map((path) => (path[0] ? tokenLabel(path[0]) : '')));
    return syntaxError(actual[0]!);
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual }) {
    lastExpected = unique(expectedIterationPaths.map((path) => (path[0] ? tokenLabel(path[0]) : '')));
    return syntaxError(actual[0]!);
  },
};
function syntaxError(t: IToken): string {
  return t.tokenType === EOF ? 'Syntax error at or near end of input' : `Syntax error at or near '${t.image}'`;
}
function unique(xs: string[]): string[] {
  return [...new Set(xs.filter(Boolean))].slice(0, 30);
}

/** The recorded grammar, embedded by the build (scripts/bundle.mjs); absent when running from sources. */
declare const __LEAFGUARD_GRAMMAR__: string | undefined;
declare const __LEAFGUARD_GRAMMAR_TEXT__: string | undefined;
/**
 * The grammar snapshot the build embeds: packed (snapshot-codec.ts) in the bundles whose size
 * counts, as is in the Node scripts (dist/node/, where unpacking would be 2 ms of a cold start);
 * none when run from the sources.
 */
function embeddedSnapshot(): string | undefined {
  if (typeof __LEAFGUARD_GRAMMAR_TEXT__ === 'string') return __LEAFGUARD_GRAMMAR_TEXT__;
  return typeof __LEAFGUARD_GRAMMAR__ === 'string' ? unpackText(__LEAFGUARD_GRAMMAR__) : undefined;
}

const recorder = EmbeddedActionsParser.prototype as unknown as {
  topLevelRuleRecord(this: unknown, name: string, impl: () => unknown): GastRule;
  enableRecording(this: unknown): void;
  disableRecording(this: unknown): void;
};

/** Chevrotain's parse-time methods that the parser below overrides and falls back to. */
const engine = EmbeddedActionsParser.prototype as unknown as {
  consumeInternal(this: unknown, tokType: TokenType, idx: number, options?: unknown): IToken;
  defineRule(this: unknown, name: string, impl: (...args: unknown[]) => unknown, config?: unknown): RuleFunction;
  preComputeLookaheadFunctions(this: unknown, rules: GastRule[]): void;
  raiseNoAltException(this: unknown, occurrence: number, message: string | undefined): never;
  atLeastOneInternalLogic(this: unknown, occurrence: number, def: OptionDef, key: number): void;
  atLeastOneSepFirstInternalLogic(this: unknown, occurrence: number, def: SepDef, key: number): void;
};
/** A rule as chevrotain builds it, plus its short name (set in `defineRule` below). */
type RuleFunction = { originalGrammarAction: (...args: unknown[]) => unknown; ruleName: string; shortName: number };
type OptionDef = (() => unknown) | { DEF: () => unknown; GATE?: () => boolean };
type AltList = { ALT: () => unknown }[];
type SepDef = { DEF: () => unknown; SEP: TokenType };
/** Whether a token is of a type or, for a category, of one of its members (chevrotain's tokenMatcher). */
function matches(t: IToken, tokType: TokenType): boolean {
  const type = tokType as TokenType & { tokenTypeIdx: number; isParent?: boolean; categoryMatchesMap?: Record<number, boolean> };
  return t.tokenTypeIdx === type.tokenTypeIdx || (type.isParent === true && type.categoryMatchesMap![t.tokenTypeIdx] === true);
}
/** Chevrotain's DSL method bits of a lookahead key (its grammar/keys.js). */
const OR_IDX = 1 << 8;
const noLookahead: LaFunc = () => undefined;
/** A lookahead key's rule bits (the rule's short name) and its DSL bits (method and occurrence). */
const RULE_BITS = ~0xfff;
const DSL_BITS = 0xfff;
/** A lookahead key's rule, as an index into `laFuncs`. */
const laRule = (key: number): number => (key >>> 12) - 256;
/** A lookahead key's place in its rule's table: DSL method and occurrence in 7 bits. */
const laSlot = (key: number): number => ((key >>> 4) & 0x70) | (key & 0xf);
const SLOTS_PER_RULE = 128;

class SparkSqlParser extends EmbeddedActionsParser {
  options: ParseOptions = DEFAULT_PARSE_OPTIONS;
  text = '';
  positional = 0;
  depth = 0;
  /** Never empty: V8 drops the room of an array cut to length 0, which the next push regrows. */
  readonly scratch: unknown[] = [undefined];
  /** The grammar restored from a snapshot, which chevrotain then takes instead of recording it. */
  private restored: Record<string, GastRule> | undefined;
  /** The snapshot's decisions, from which setUpLookahead makes a decision's lookahead. */
  private snapshotDecision: Restored['decision'] | undefined;
  /** See Dsl.shortcuts; off while recording (below). */
  shortcuts: boolean;
  private readonly takeShortcuts: boolean;

  constructor(validate: boolean, snapshot?: string, shortcuts = true) {
    const restored: Restored | undefined = snapshot === undefined ? undefined : restoreGrammar(snapshot, tokenTypeNamed);
    super(allTokens, {
      maxLookahead: 1,
      lookaheadStrategy: new TableLookahead(VOCABULARY_SIZE, restored && ((rule, type, idx) => restored.lookahead(decisionKey(rule, type, idx)))),
      recoveryEnabled: false,
      skipValidations: !validate,
      errorMessageProvider: errorProvider,
    });
    this.restored = restored?.rules;
    this.snapshotDecision = restored?.decision;
    this.takeShortcuts = shortcuts;
    this.shortcuts = shortcuts;
    const $ = this as unknown as Grammar;
    defineNameRules($);
    defineExpressionRules($);
    defineIntervalRules($);
    defineSpecialFunctionRules($);
    definePredicateRules($);
    defineWindowRules($);
    defineDataTypeRules($);
    defineQueryRules($);
    defineRelationRules($);
    definePipeRules($);
    defineHintRules($);
    defineStatementRules($);
    defineDmlRules($);
    defineDdlRules($);
    defineSessionRules($);
    defineTransformRules($);
    defineScriptingRules($);
    this.performSelfAnalysis();
  }

  /**
   * Lookahead functions by decision, in dense arrays instead of chevrotain's Map (a decision is
   * looked up at every OR, OPTION and MANY): chevrotain's key is `rule << 12 | dslMethod << 8 |
   * occurrence`, with rules numbered from 256 and occurrences (DSL indices) below 16. One table
   * per rule, made when the rule is set up (until then a shared empty one): a table for every slot
   * of every rule was 300 KB, young garbage-collector work at every start.
   */
  private laFuncs: (LaFunc | undefined)[][] = [];
  private noLaFuncs: readonly (LaFunc | undefined)[] = [];
  /**
   * Rules whose decisions are not set up yet, by rule index. Chevrotain sets up every decision of
   * every rule when the parser is built (some 4 ms of a cold start); here a rule's decisions are
   * set up when it first asks for one, since a statement visits a few dozen of the ~300 rules.
   */
  private pendingLookahead: (GastRule | undefined)[] = [];
  preComputeLookaheadFunctions(rules: GastRule[]): void {
    // All rules are defined by now: each shares the empty table until it is set up.
    const none = new Array<LaFunc | undefined>(SLOTS_PER_RULE).fill(undefined);
    this.noLaFuncs = none;
    this.laFuncs = new Array<(LaFunc | undefined)[]>(this.ruleShortNameIdx - 256).fill(none);
    for (let i = 0; i < rules.length; i++) this.pendingLookahead[(this.fullRuleNameToShort[rules[i]!.name]! >>> 12) - 256] = rules[i];
  }
  private setUpLookahead(key: number): LaFunc {
    const at = laRule(key);
    if (this.laFuncs[at] === this.noLaFuncs) this.laFuncs[at] = new Array<LaFunc | undefined>(SLOTS_PER_RULE).fill(undefined);
    // With a snapshot, this decision alone, from its lookahead there: setting up the whole rule
    // through chevrotain reads the rule's definition (restored on first read, 0.2-1 ms of a cold
    // start's first parse) to find its decisions.
    const known = this.snapshotDecision?.(this.shortRuleNameToFull[key & RULE_BITS]!, key & DSL_BITS);
    const direct = known?.paths ? oneTokenLookahead(known.prodType, known.paths, known.hasPredicates, VOCABULARY_SIZE) : undefined;
    if (direct !== undefined) return (this.laFuncs[at]![laSlot(key)] = direct);
    const rule = this.pendingLookahead[at];
    if (rule !== undefined) {
      this.pendingLookahead[at] = undefined;
      engine.preComputeLookaheadFunctions.call(this, [rule]);
    }
    return (this.laFuncs[at]![laSlot(key)] ??= noLookahead);
  }
  setLaFuncCache(key: number, f: LaFunc): void {
    if ((key & 0xf0) !== 0) throw new Error(`DSL index ${key & 0xff} is over 15`);
    const rule = laRule(key);
    if (this.laFuncs[rule] === this.noLaFuncs) this.laFuncs[rule] = new Array<LaFunc | undefined>(SLOTS_PER_RULE).fill(undefined);
    const cache = this.laFuncs[rule]!;
    const at = laSlot(key);
    const build = f[BUILD];
    if (build === undefined) {
      cache[at] = f;
      return;
    }
    cache[at] = function (this: unknown, alts?: unknown) {
      const real = build();
      cache[at] = real;
      return real.call(this, alts);
    };
  }
  getLaFuncFromCache(key: number): LaFunc {
    return this.laFuncs[laRule(key)]![laSlot(key)] ?? this.setUpLookahead(key);
  }

  // Chevrotain's parse-time engine, leaner for this parser (no recovery, no CST, no backtracking):
  // the same decisions, without per-call closures, try blocks and bookkeeping that only error
  // recovery and CST building read. Rule calls only track the current rule, which lookahead
  // keys and error messages read; the entry rule keeps chevrotain's own invocation, whose catch
  // turns a syntax error into a recorded error.
  //
  // No `finally` restores the current rule when a rule throws: nothing catches inside a parse
  // (the grammar does not backtrack), so the parse ends there, and the next one resets it.
  // Arguments are passed one by one (rules take at most four): `apply` costs a builtin call.
  subruleInternal(rule: RuleFunction, _idx: number, options?: { ARGS: unknown[] }): unknown {
    const caller = this.currRuleShortName;
    this.currRuleShortName = rule.shortName;
    let result: unknown;
    if (options === undefined) result = rule.originalGrammarAction.call(this);
    else {
      const args = options.ARGS;
      result = rule.originalGrammarAction.call(this, args[0], args[1], args[2], args[3]);
    }
    this.currRuleShortName = caller;
    return result;
  }
  orInternal(alts: AltList | { DEF: AltList; ERR_MSG?: string }, occurrence: number): unknown {
    const list = Array.isArray(alts) ? alts : alts.DEF;
    const key = occurrence | OR_IDX | this.currRuleShortName;
    // A rule's decisions are set up when it first asks for one (setUpLookahead).
    const chosen = (this.laFuncs[laRule(key)]![laSlot(key)] ?? this.setUpLookahead(key)).call(this, list) as number | undefined;
    if (chosen !== undefined) return list[chosen]!.ALT.call(this);
    return engine.raiseNoAltException.call(this, occurrence, (alts as { ERR_MSG?: string }).ERR_MSG);
  }
  consumeInternal(tokType: TokenType, idx: number, options?: unknown): IToken {
    const t = this.tokVector[this.currIdx + 1]!;
    if (matches(t, tokType)) {
      this.currIdx++;
      return t;
    }
    return engine.consumeInternal.call(this, tokType, idx, options);
  }
  optionInternalLogic(def: OptionDef, _occurrence: number, key: number): unknown {
    const la = this.getLaFuncFromCache(key);
    if (typeof def === 'function') return la.call(this) === true ? def.call(this) : undefined;
    return (def.GATE === undefined || def.GATE.call(this)) && la.call(this) === true ? def.DEF.call(this) : undefined;
  }
  // The repetitions below raise their errors through chevrotain's own, which looks again.
  atLeastOneInternalLogic(occurrence: number, def: OptionDef, key: number): void {
    const la = this.getLaFuncFromCache(key);
    const action = typeof def === 'function' ? def : def.DEF;
    const gate = typeof def === 'function' ? undefined : def.GATE;
    if (!((gate === undefined || gate.call(this)) && la.call(this) === true)) {
      engine.atLeastOneInternalLogic.call(this, occurrence, def, key);
      return;
    }
    let progressed: boolean;
    do {
      const at = this.currIdx;
      action.call(this);
      progressed = this.currIdx > at;
    } while (progressed && (gate === undefined || gate.call(this)) && la.call(this) === true);
  }
  atLeastOneSepFirstInternalLogic(occurrence: number, def: SepDef, key: number): void {
    if (this.getLaFuncFromCache(key).call(this) !== true) {
      engine.atLeastOneSepFirstInternalLogic.call(this, occurrence, def, key);
      return;
    }
    this.separated(def);
  }
  manySepFirstInternalLogic(_occurrence: number, def: SepDef, key: number): void {
    if (this.getLaFuncFromCache(key).call(this) === true) this.separated(def);
  }
  /** One item, then more after each separator (chevrotain's repetitions with a separator, without their closures and recovery arguments). */
  private separated(def: SepDef): void {
    def.DEF.call(this);
    while (matches(this.tokVector[this.currIdx + 1]!, def.SEP)) {
      this.currIdx++;
      def.DEF.call(this);
    }
  }
  manyInternalLogic(_occurrence: number, def: OptionDef, key: number): void {
    const la = this.getLaFuncFromCache(key);
    const action = typeof def === 'function' ? def : def.DEF;
    const gate = typeof def === 'function' ? undefined : def.GATE;
    // An iteration that consumed nothing ends the loop (chevrotain's guard against looping forever).
    let progressed = true;
    while (progressed && (gate === undefined || gate.call(this)) && la.call(this) === true) {
      const at = this.currIdx;
      action.call(this);
      progressed = this.currIdx > at;
    }
  }

  // Chevrotain's (undeclared) engine state read by the overrides below.
  declare currRuleShortName: number;
  declare currIdx: number;
  declare tokVector: IToken[];
  declare fullRuleNameToShort: Record<string, number>;
  declare shortRuleNameToFull: Record<number, string>;
  declare ruleShortNameIdx: number;
  defineRule(name: string, impl: (...args: unknown[]) => unknown, config?: unknown): RuleFunction {
    if (impl.length > 4) throw new Error(`Rule ${name} takes more than the four arguments subruleInternal passes`);
    const rule = engine.defineRule.call(this, name, impl, config);
    rule.shortName = this.fullRuleNameToShort[name]!;
    return rule;
  }

  // Chevrotain's recording hooks: with a snapshot, nothing is recorded (see grammar-snapshot.ts).
  enableRecording(): void {
    if (this.restored === undefined) {
      this.shortcuts = false;
      recorder.enableRecording.call(this);
    }
  }
  disableRecording(): void {
    if (this.restored === undefined) {
      recorder.disableRecording.call(this);
      this.shortcuts = this.takeShortcuts;
    }
  }
  topLevelRuleRecord(name: string, impl: () => unknown): GastRule {
    if (this.restored === undefined) return recorder.topLevelRuleRecord.call(this, name, impl);
    const rule = this.restored[name];
    if (rule === undefined) throw new Error(`The grammar snapshot has no rule ${name}: rebuild`);
    return rule;
  }

  // Chevrotain's self-analysis state.
  declare selfAnalysisDone: boolean;
  declare skipValidations: boolean;
  declare definedRulesNames: string[];
  declare gastProductionsCache: Record<string, GastRule>;
  declare definitionErrors: { message: string }[];
  /**
   * With a snapshot, chevrotain's self-analysis less the two steps the build made: recording the
   * grammar (the restored rules stand for it) and resolving sub-rule references (restoreGrammar
   * links them; resolving them here would restore every rule's definition, which restoreGrammar
   * leaves until a rule is first read). Validations are off for these parsers and so is error
   * recovery; lookahead is set up rule by rule (preComputeLookaheadFunctions above).
   */
  override performSelfAnalysis(): void {
    if (this.restored === undefined || !this.skipValidations) {
      super.performSelfAnalysis();
      return;
    }
    this.selfAnalysisDone = true;
    makePropertiesFast(this);
    // Indexed loops and one set of rules (in code not yet optimized, for-of makes an object per
    // element); the rules by name in a dictionary from the start, as restoreGrammar's (some 300
    // keys added to an object in fast mode copy its layout at each key).
    const names = this.definedRulesNames;
    const rules: GastRule[] = new Array<GastRule>(names.length);
    const byName: Record<string, GastRule> = {};
    (byName as Record<string, unknown>)['first'] = (byName as Record<string, unknown>)['last'] = undefined;
    delete (byName as Record<string, unknown>)['first'];
    delete (byName as Record<string, unknown>)['last'];
    for (let i = 0; i < names.length; i++) byName[names[i]!] = rules[i] = this.topLevelRuleRecord(names[i]!, noAction);
    this.gastProductionsCache = byName;
    if (this.definitionErrors.length > 0) {
      throw new Error(`Parser Definition Errors detected:\n ${this.definitionErrors.map((e) => e.message).join('\n-------------------------------\n')}`);
    }
    this.preComputeLookaheadFunctions(rules);
  }
}

const noAction = (): undefined => undefined;

/**
 * Chevrotain's toFastProperties: V8 gives fast properties to an object it sees used as a
 * prototype (the parser's rules are some 300 own properties, read at every sub-rule call).
 */
function makePropertiesFast(o: object): void {
  function Instance(): void {}
  Instance.prototype = o;
  const instance = new (Instance as unknown as new () => { probe?: unknown })();
  const read = (): string => typeof instance.probe;
  read();
  read();
}

let instance: (SparkSqlParser & Rules) | null = null;
/** The parser singleton, built on first use (so importing the library costs nothing). */
function parser(): SparkSqlParser & Rules {
  instance ??= new SparkSqlParser(false, embeddedSnapshot()) as SparkSqlParser & Rules;
  return instance;
}

/** The grammar recorded from these sources, as a snapshot (for the build and tests). */
export function grammarSnapshot(): string {
  return snapshotGrammar(Object.values(new SparkSqlParser(false).getGAstProductions()));
}

let reference: (SparkSqlParser & Rules) | null = null;
/**
 * Parses with a parser that takes none of the grammar's shortcuts (see Dsl.shortcuts), for tests
 * that hold the shortcuts to the rules they stand for.
 */
export function parseSqlWithoutShortcuts(sql: string, options?: Partial<ParseOptions>): Plan {
  reference ??= new SparkSqlParser(false, undefined, false) as SparkSqlParser & Rules;
  return run(sql, options, (p) => p.singleStatement, reference);
}

/** Parses with a parser built from a snapshot instead of a recording (for tests). */
export function parseSqlWithSnapshot(snapshot: string): (sql: string) => Plan {
  const p = new SparkSqlParser(false, snapshot) as SparkSqlParser & Rules;
  return (sql) => run(sql, undefined, () => p.singleStatement, p);
}

/**
 * Builds a parser with chevrotain's grammar validations on (for tests) and returns the
 * definition errors other than ambiguities. Alternatives are ordered and gated on purpose
 * (every keyword can be an identifier), so LL(1) ambiguity reports are expected; duplicate
 * DSL indices, left recursion or unknown rules are real errors.
 */
export function validateGrammar(): string[] {
  try {
    new SparkSqlParser(true);
    return [];
  } catch (e) {
    const text = String((e as Error).message);
    return text
      .split('-------------------------------')
      .map((s) => s.trim())
      .filter((s) => s.length > 0 && !/Ambiguous Alternatives|ambiguous|AMBIGUOUS/.test(s));
  }
}

/** Whether a parse is under way (see run). */
let parsing = false;

function run<T>(sql: string, options: Partial<ParseOptions> | undefined, entry: (p: Rules) => Rule<T>, on?: SparkSqlParser & Rules): T {
  const opts = resolveOptions(options);
  // The lexer also refuses parentheses and brackets nested deeper than `maxDepth`, so that no
  // input can drive the recursive-descent parser into a stack overflow.
  // The parser's tokens are written over by the next parse's (tokenizeReusing), unless this
  // parse starts while another is under way.
  const tokens = parsing ? tokenize(sql, opts) : tokenizeReusing(sql, opts);
  const p = on ?? parser();
  p.options = opts;
  p.text = sql;
  p.positional = 0;
  p.depth = 0;
  p.input = tokens;
  let result: T;
  const scratchBase = p.scratch.length;
  const outer = parsing;
  parsing = true;
  try {
    result = entry(p).call(p);
  } catch (e) {
    if (e instanceof SqlParseError) throw e;
    if (e instanceof RangeError) {
      throw new SqlParseError('NESTING_TOO_DEEP', 'The statement is nested too deeply to parse', sql, 0);
    }
    throw e;
  } finally {
    p.text = '';
    p.scratch.length = scratchBase;
    forgetNameLists();
    parsing = outer;
  }
  // Chevrotain's `errors` getter deep-clones the list (lodash `clone`) on every read: read the
  // list it keeps instead, once per parse.
  const errors = (p as unknown as { _errors: IRecognitionException[] })._errors;
  if (errors.length > 0) {
    const err: IRecognitionException = errors[0]!;
    const t = err.token;
    const offset = t.tokenType === EOF || Number.isNaN(t.startOffset) ? sql.length : t.startOffset;
    throw new SqlParseError('PARSE_SYNTAX_ERROR', err.message, sql, offset, lastExpected);
  }
  return result;
}

/** Parses one Spark SQL statement into an unresolved plan. */
export function parseSql(sql: string, options?: Partial<ParseOptions>): Plan {
  return run(sql, options, (p) => p.singleStatement);
}

/** Parses one expression (e.g. a policy predicate or mask), optionally aliased. */
export function parseExpression(sql: string, options?: Partial<ParseOptions>): Expression {
  return run(sql, options, (p) => p.namedExpression);
}

/** Parses a data type (`decimal(10,2)`, `array<struct<a:int>>`). */
export function parseDataType(sql: string, options?: Partial<ParseOptions>): DataType {
  return run(sql, options, (p) => p.dataType);
}

/** Parses a multi-part identifier (`spark_catalog.db.t`, `` `a.b`.c ``). */
export function parseMultipartIdentifier(sql: string, options?: Partial<ParseOptions>): string[] {
  return run(sql, options, (p) => p.multipartIdentifier);
}
