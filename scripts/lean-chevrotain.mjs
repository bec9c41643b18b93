// esbuild plugin for scripts/bundle.mjs: chevrotain's start-up code paths, rewritten with plain
// loops instead of lodash helpers, for the cold start of every bundle: token types and their
// categories, the parser's mixins, its vocabulary map and configuration reads, the walks over the
// grammar, the check for rules defined twice. Each replacement keeps the module's exports and
// gives the same values in the same order (token type indices, category maps and lists, the
// prototype's properties); test/cold checks that, and that the bundles parse like the sources.
// The lodash functions chevrotain imports elsewhere come from LEAN_LODASH below, not lodash-es.
//
// Why: the parser's vocabulary is some 500 token types, nearly all in categories (`AnyToken`,
// `Ident`, `Keyword`, …). chevrotain's `createToken` runs `augmentTokenTypes` for every one at
// import, and the parser's constructor runs it again over the whole vocabulary; through lodash
// (`has` parses a property path on every call, `includes`, `difference`, `flatten` allocate)
// that was about a fifth of a cold start.

import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** chevrotain/lib/src/scan/tokens.js */
const TOKENS = `
const own = (o, k) => o != null && Object.prototype.hasOwnProperty.call(o, k);
export function tokenStructuredMatcher(tokInstance, tokConstructor) {
  const instanceType = tokInstance.tokenTypeIdx;
  if (instanceType === tokConstructor.tokenTypeIdx) return true;
  return tokConstructor.isParent === true && tokConstructor.categoryMatchesMap[instanceType] === true;
}
export function tokenStructuredMatcherNoCategories(token, tokType) {
  return token.tokenTypeIdx === tokType.tokenTypeIdx;
}
export let tokenShortNameIdx = 1;
export const tokenIdxToClass = {};
export function nextTokenTypeIdx() {
  return tokenShortNameIdx++;
}
export function augmentTokenTypes(tokenTypes) {
  const tokenTypesAndParents = expandCategories(tokenTypes);
  assignTokenDefaultProps(tokenTypesAndParents);
  assignCategoriesMapProp(tokenTypesAndParents);
  assignCategoriesTokensProp(tokenTypesAndParents);
  for (let i = 0; i < tokenTypesAndParents.length; i++) tokenTypesAndParents[i].isParent = tokenTypesAndParents[i].categoryMatches.length > 0;
}
// The token types, then their categories breadth first, each once (chevrotain's may list a
// category twice; every step below is idempotent, so the results are the same). Indexed loops:
// in code not yet optimized, for-of allocates an iterator result per element.
export function expandCategories(tokenTypes) {
  const result = tokenTypes.slice();
  const seen = new Set(result);
  let level = tokenTypes;
  while (level.length > 0) {
    const next = [];
    for (let i = 0; i < level.length; i++) {
      const categories = level[i].CATEGORIES;
      if (categories === undefined || categories === null) continue;
      const list = Array.isArray(categories) ? categories : [categories];
      for (let j = 0; j < list.length; j++) {
        const c = list[j];
        if (c && !seen.has(c)) {
          seen.add(c);
          next.push(c);
        }
      }
    }
    for (let i = 0; i < next.length; i++) result.push(next[i]);
    level = next;
  }
  return result;
}
// Run over the whole vocabulary (some 500 token types) when the parser is built: Object.hasOwn,
// one builtin call, where own() is a call, three property reads and Function.prototype.call
// (token types are objects, so own()'s null test is moot).
export function assignTokenDefaultProps(tokenTypes) {
  const hasOwn = Object.hasOwn;
  for (let i = 0; i < tokenTypes.length; i++) {
    const currTokType = tokenTypes[i];
    if (!hasOwn(currTokType, "tokenTypeIdx")) {
      tokenIdxToClass[tokenShortNameIdx] = currTokType;
      currTokType.tokenTypeIdx = nextTokenTypeIdx();
    }
    const ownCategories = hasOwn(currTokType, "CATEGORIES");
    if (ownCategories && !Array.isArray(currTokType.CATEGORIES)) currTokType.CATEGORIES = [currTokType.CATEGORIES];
    if (!ownCategories) currTokType.CATEGORIES = [];
    if (!hasOwn(currTokType, "categoryMatches")) currTokType.categoryMatches = [];
    if (!hasOwn(currTokType, "categoryMatchesMap")) currTokType.categoryMatchesMap = {};
  }
}
export function assignCategoriesTokensProp(tokenTypes) {
  for (let i = 0; i < tokenTypes.length; i++) {
    const currTokType = tokenTypes[i];
    const matches = (currTokType.categoryMatches = []);
    const keys = Object.keys(currTokType.categoryMatchesMap);
    for (let j = 0; j < keys.length; j++) matches.push(tokenIdxToClass[keys[j]].tokenTypeIdx);
  }
}
// chevrotain walks every path up the categories from every token type (a recursion V8 then
// optimizes, in the background while the process may be exiting), and gives every node on a
// path every earlier node; the same as giving every node reachable from a token type that token
// type (all nodes of the paths are token types of the list): one loop, each node once per start.
export function assignCategoriesMapProp(tokenTypes) {
  const visitedFrom = new Map();
  const stack = [];
  for (let i = 0; i < tokenTypes.length; i++) {
    const start = tokenTypes[i];
    visitedFrom.set(start, i);
    stack.push(start);
    while (stack.length > 0) {
      const categories = stack.pop().CATEGORIES;
      if (categories === undefined || categories === null) continue;
      const list = Array.isArray(categories) ? categories : Object.values(categories);
      for (let j = 0; j < list.length; j++) {
        const c = list[j];
        // Also ends cycles of categories.
        if (visitedFrom.get(c) === i) continue;
        visitedFrom.set(c, i);
        c.categoryMatchesMap[start.tokenTypeIdx] = true;
        stack.push(c);
      }
    }
  }
}
export function singleAssignCategoriesToksMap(path, nextNode) {
  for (let i = 0; i < path.length; i++) nextNode.categoryMatchesMap[path[i].tokenTypeIdx] = true;
  const categories = nextNode.CATEGORIES;
  if (categories === undefined || categories === null) return;
  const list = Array.isArray(categories) ? categories : Object.values(categories);
  for (let i = 0; i < list.length; i++) {
    const newPath = path.concat(nextNode);
    // avoids infinite loops due to cyclic categories.
    if (!newPath.includes(list[i])) singleAssignCategoriesToksMap(newPath, list[i]);
  }
}
export function hasShortKeyProperty(tokType) {
  return own(tokType, "tokenTypeIdx");
}
export function hasCategoriesProperty(tokType) {
  return own(tokType, "CATEGORIES");
}
export function hasExtendingTokensTypesProperty(tokType) {
  return own(tokType, "categoryMatches");
}
export function hasExtendingTokensTypesMapProperty(tokType) {
  return own(tokType, "categoryMatchesMap");
}
export function isTokenType(tokType) {
  return own(tokType, "tokenTypeIdx");
}
`;

/** chevrotain/lib/src/scan/tokens_public.js */
const TOKENS_PUBLIC = `
import { Lexer } from "./lexer_public.js";
import { augmentTokenTypes, nextTokenTypeIdx, tokenIdxToClass, tokenShortNameIdx, tokenStructuredMatcher } from "./tokens.js";
const own = (o, k) => o != null && Object.prototype.hasOwnProperty.call(o, k);
export function tokenLabel(tokType) {
  return hasTokenLabel(tokType) ? tokType.LABEL : tokType.name;
}
export function tokenName(tokType) {
  return tokType.name;
}
export function hasTokenLabel(obj) {
  return typeof obj.LABEL === "string" && obj.LABEL !== "";
}
// Called for every token type at start-up (some 500), in code not yet optimized: a property test
// \`in\` (an inline cache) before each own-property test (a builtin call), so that the tests for
// options a config does not have cost little; the same outcome as own() for any config. Written
// out at each option (a call per option and token type was a third of createToken's time).
const hasOwn = Object.hasOwn;
export function createToken(config) {
  const pattern = config.pattern;
  let tokenType;
  if ("parent" in config && hasOwn(config, "parent")) {
    throw ("The parent property is no longer supported.\\n" +
      "See: https://github.com/chevrotain/chevrotain/issues/564#issuecomment-349062346 for details.");
  }
  if ("categories" in config && hasOwn(config, "categories")) {
    tokenType = pattern === undefined ? { name: config.name } : { name: config.name, PATTERN: pattern };
    tokenType.CATEGORIES = config.categories;
    augmentTokenTypes([tokenType]);
  } else {
    // What augmentTokenTypes gives a token without categories, with the same properties in the
    // same order, as one literal.
    const tokenTypeIdx = tokenShortNameIdx;
    tokenType = pattern === undefined
      ? { name: config.name, tokenTypeIdx, CATEGORIES: [], categoryMatches: [], categoryMatchesMap: {}, isParent: false }
      : { name: config.name, PATTERN: pattern, tokenTypeIdx, CATEGORIES: [], categoryMatches: [], categoryMatchesMap: {}, isParent: false };
    tokenIdxToClass[tokenTypeIdx] = tokenType;
    nextTokenTypeIdx();
  }
  if ("label" in config && hasOwn(config, "label")) tokenType.LABEL = config.label;
  if ("group" in config && hasOwn(config, "group")) tokenType.GROUP = config.group;
  if ("pop_mode" in config && hasOwn(config, "pop_mode")) tokenType.POP_MODE = config.pop_mode;
  if ("push_mode" in config && hasOwn(config, "push_mode")) tokenType.PUSH_MODE = config.push_mode;
  if ("longer_alt" in config && hasOwn(config, "longer_alt")) tokenType.LONGER_ALT = config.longer_alt;
  if ("line_breaks" in config && hasOwn(config, "line_breaks")) tokenType.LINE_BREAKS = config.line_breaks;
  if ("start_chars_hint" in config && hasOwn(config, "start_chars_hint")) tokenType.START_CHARS_HINT = config.start_chars_hint;
  return tokenType;
}
export const EOF = createToken({ name: "EOF", pattern: Lexer.NA });
augmentTokenTypes([EOF]);
export function createTokenInstance(tokType, image, startOffset, endOffset, startLine, endLine, startColumn, endColumn) {
  return { image, startOffset, endOffset, startLine, endLine, startColumn, endColumn, tokenTypeIdx: tokType.tokenTypeIdx, tokenType: tokType };
}
export function tokenMatcher(token, tokType) {
  return tokenStructuredMatcher(token, tokType);
}
`;

/**
 * chevrotain/lib/src/parse/parser/utils/apply_mixins.js: copies some 250 methods onto
 * Parser.prototype. V8 copies a prototype's map and descriptors for every property added to it
 * (1.3 MB of garbage here, a young-generation collection); an object in dictionary mode takes
 * them without copying, and V8 makes a prototype fast again when it is first used. Deleting a
 * property other than the last added puts an object in dictionary mode.
 */
const APPLY_MIXINS = `
export function applyMixins(derivedCtor, baseCtors) {
  const proto = derivedCtor.prototype;
  const first = Symbol("first"), last = Symbol("last");
  proto[first] = proto[last] = undefined;
  delete proto[first];
  for (let i = 0; i < baseCtors.length; i++) {
    const baseProto = baseCtors[i].prototype;
    const names = Object.getOwnPropertyNames(baseProto);
    for (let j = 0; j < names.length; j++) {
      const propName = names[j];
      if (propName === "constructor") continue;
      const basePropDescriptor = Object.getOwnPropertyDescriptor(baseProto, propName);
      // Handle Accessors
      if (basePropDescriptor && (basePropDescriptor.get || basePropDescriptor.set)) Object.defineProperty(proto, propName, basePropDescriptor);
      else proto[propName] = baseProto[propName];
    }
  }
  delete proto[last];
}
`;

/**
 * Smaller changes, as exact replacements in chevrotain's own files (the build fails if a file no
 * longer holds the text replaced, e.g. after an upgrade).
 */
const PATCHES = [
  {
    // Every walk over the grammar (reference resolution, each rule's decisions, lookahead paths)
    // goes through accept: a loop instead of lodash's forEach and a closure per node.
    file: /@chevrotain[\\/]gast[\\/]lib[\\/]src[\\/]model\.js$/,
    from: `    accept(visitor) {
        visitor.visit(this);
        forEach(this.definition, (prod) => {
            prod.accept(visitor);
        });
    }`,
    to: `    accept(visitor) {
        visitor.visit(this);
        const definition = this.definition;
        if (!Array.isArray(definition)) return forEach(definition, (prod) => { prod.accept(visitor); });
        for (let i = 0, n = definition.length; i < n; i++) definition[i].accept(visitor);
    }`,
  },
  {
    // The parser's vocabulary by name: some 500 keys added one by one to an object that V8 keeps
    // in fast mode up to 128 keys, copying its layout at every key (0.4 MB of garbage). The same
    // object, put in dictionary mode first (deleting a property other than the last added does).
    // Only the grammar validations read it (and augmentTokenTypes below, for a vocabulary whose
    // categories are not complete): with validations skipped and the categories complete it is
    // not made (a dictionary of ~500 names, 50 KB of every cold start's allocation).
    file: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]parser[\\/]traits[\\/]recognizer_engine\.js$/,
    from: `            this.tokensMap = reduce(tokenVocabulary, (acc, tokType) => {
                acc[tokType.name] = tokType;
                return acc;
            }, {});`,
    to: `            if (config != null && config.skipValidations === true && tokenVocabulary[Symbol.for("leafguard.categoriesComplete")] === true) {
                this.tokensMap = {};
            } else {
                const byName = {};
                byName.first = byName.last = undefined;
                delete byName.first;
                delete byName.last;
                this.tokensMap = reduce(tokenVocabulary, (acc, tokType) => {
                    acc[tokType.name] = tokType;
                    return acc;
                }, byName);
            }`,
  },
  {
    // Each of some 300 rules gets its three properties set one by one, as Object.assign sets them
    // (same order, same [[Set]]), without an object literal made for each rule to copy them from.
    file: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]parser[\\/]traits[\\/]recognizer_engine\.js$/,
    from: `        const wrappedGrammarRule = Object.assign(rootRuleFunction, { ruleName, originalGrammarAction: impl, coreRule: coreRuleFunction });`,
    to: `        const wrappedGrammarRule = rootRuleFunction;
        wrappedGrammarRule.ruleName = ruleName;
        wrappedGrammarRule.originalGrammarAction = impl;
        wrappedGrammarRule.coreRule = coreRuleFunction;`,
  },
  {
    // A vocabulary marked as having its category maps complete (src/parser/tokens.ts computes
    // them directly, and test/cold holds them to this pass) is not augmented again: the pass over
    // ~500 token types was 1 ms and 400 KB of allocation of every cold start.
    file: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]parser[\\/]traits[\\/]recognizer_engine\.js$/,
    from: `        augmentTokenTypes(values(this.tokensMap));`,
    to: `        if (tokenVocabulary[Symbol.for("leafguard.categoriesComplete")] !== true) augmentTokenTypes(values(this.tokensMap));`,
  },
  {
    // The check for a rule defined twice: lodash's includes over the rules defined so far, for each
    // of some 300 rules, in code not yet optimized (1 ms); the array's own includes is the same test.
    file: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]parser[\\/]traits[\\/]recognizer_api\.js$/,
    from: 'if (includes(this.definedRulesNames, name)) {',
    to: 'if (this.definedRulesNames.includes(name)) {',
  },
];

/**
 * lodash's has(object, "key") for a key without dots or brackets is an own-property test, after
 * parsing the key as a property path (a regular expression compiled on first use, then tested at
 * each of the parser's ~300 rule definitions): the test alone, in the parser's set-up code.
 */
const OWN_PROPERTY_TESTS = {
  file: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]parser[\\/](parser|traits[\\/](error_handler|tree_builder|looksahead|recognizer_engine|perf_tracer))\.js$/,
  pattern: /\bhas\((\w+), ("\w+")\)/g,
  to: '__ownProperty($1, $2)',
  prelude: 'const __ownProperty = (object, key) => object != null && Object.prototype.hasOwnProperty.call(object, key);\n',
};

/**
 * The lodash functions chevrotain imports, for the values it passes them: arrays, plain objects
 * (its maps by name or index), null or undefined, and function iteratees (or a property name).
 * lodash-es itself, with the machinery its functions share for every other kind of value
 * (iteratee shorthands by deep equality, typed arrays, buffers, maps, …), was 24 KB of
 * dist/leafguard.min.js. Each function keeps lodash's semantics for those values, order of
 * iteration and early exit included; any other value throws instead of being treated otherwise
 * (test/cold/lean-chevrotain.test.ts holds each to lodash).
 */
export const LEAN_LODASH = `
const hasOwn = Object.prototype.hasOwnProperty;
function unsupported(what, value) {
  throw new Error("lean-chevrotain: lodash " + what + " of " + (value === null ? "null" : typeof value) + " is not supported");
}
// The elements of a collection (an array, or a plain object's own enumerable values) with their
// indices or keys, as lodash iterates them; null and undefined are empty.
function entries(what, collection) {
  if (collection == null) return [[], null];
  if (Array.isArray(collection)) return [collection, null];
  if (typeof collection !== "object") unsupported(what, collection);
  const ks = Object.keys(collection);
  const vs = new Array(ks.length);
  for (let i = 0; i < ks.length; i++) vs[i] = collection[ks[i]];
  return [vs, ks];
}
function iteratee(what, f) {
  if (typeof f === "function") return f;
  if (f == null) return identity;
  if (typeof f === "string" && !/[.[]/.test(f)) return (o) => (o == null ? undefined : o[f]);
  return unsupported(what + " with an iteratee", f);
}
function array(what, value) {
  if (value == null) return [];
  if (!Array.isArray(value)) unsupported(what, value);
  return value;
}
export function identity(value) {
  return value;
}
export function noop() {}
export const isArray = Array.isArray;
export function isObject(value) {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}
export function isFunction(value) {
  return typeof value === "function";
}
export function isUndefined(value) {
  return value === undefined;
}
export function isString(value) {
  return typeof value === "string" || (typeof value === "object" && value !== null && !Array.isArray(value) && Object.prototype.toString.call(value) === "[object String]");
}
export function isRegExp(value) {
  return typeof value === "object" && value !== null && Object.prototype.toString.call(value) === "[object RegExp]";
}
export function isEmpty(value) {
  if (value == null) return true;
  if (Array.isArray(value) || typeof value === "string") return value.length === 0;
  if (value instanceof Map || value instanceof Set) return value.size === 0;
  if (typeof value !== "object" && typeof value !== "function") return true;
  for (const key in value) if (hasOwn.call(value, key)) return false;
  return true;
}
export function has(object, key) {
  if (object == null) return false;
  if (typeof key === "string" ? /[.[]/.test(key) && !(key in Object(object)) : typeof key !== "number") unsupported("has with a path", key);
  if (hasOwn.call(object, key)) return true;
  // lodash: an index within an array is there, hole or not.
  return Array.isArray(object) && Number.isInteger(+key) && +key >= 0 && +key < object.length;
}
export function keys(object) {
  if (object == null) return [];
  if (Array.isArray(object)) return Array.from({ length: object.length }, (_, i) => String(i));
  if (typeof object !== "object") unsupported("keys", object);
  return Object.keys(object);
}
export function values(object) {
  const [vs] = entries("values", object);
  return vs === object ? vs.slice() : vs;
}
export function forEach(collection, f) {
  const [vs, ks] = entries("forEach", collection);
  if (typeof f !== "function") f = identity;
  for (let i = 0, n = vs.length; i < n; i++) if (f(vs[i], ks === null ? i : ks[i], collection) === false) break;
  return collection;
}
export function map(collection, f) {
  const [vs, ks] = entries("map", collection);
  f = iteratee("map", f);
  const out = new Array(vs.length);
  for (let i = 0, n = vs.length; i < n; i++) out[i] = f(vs[i], ks === null ? i : ks[i], collection);
  return out;
}
export function filter(collection, f) {
  const [vs, ks] = entries("filter", collection);
  f = iteratee("filter", f);
  const out = [];
  for (let i = 0, n = vs.length; i < n; i++) if (f(vs[i], ks === null ? i : ks[i], collection)) out.push(vs[i]);
  return out;
}
export function reject(collection, f) {
  f = iteratee("reject", f);
  return filter(collection, (v, k, c) => !f(v, k, c));
}
export function find(collection, f) {
  const [vs, ks] = entries("find", collection);
  f = iteratee("find", f);
  for (let i = 0, n = vs.length; i < n; i++) if (f(vs[i], ks === null ? i : ks[i], collection)) return vs[i];
  return undefined;
}
export function some(collection, f) {
  const [vs, ks] = entries("some", collection);
  f = iteratee("some", f);
  for (let i = 0, n = vs.length; i < n; i++) if (f(vs[i], ks === null ? i : ks[i], collection)) return true;
  return false;
}
export function every(collection, f) {
  const [vs, ks] = entries("every", collection);
  f = iteratee("every", f);
  for (let i = 0, n = vs.length; i < n; i++) if (!f(vs[i], ks === null ? i : ks[i], collection)) return false;
  return true;
}
export function reduce(collection, f, accumulator) {
  const [vs, ks] = entries("reduce", collection);
  f = iteratee("reduce", f);
  let i = 0;
  // Without an accumulator, the first element is one.
  if (arguments.length < 3) accumulator = vs.length > 0 ? vs[i++] : undefined;
  for (const n = vs.length; i < n; i++) accumulator = f(accumulator, vs[i], ks === null ? i : ks[i], collection);
  return accumulator;
}
export function groupBy(collection, f) {
  const [vs] = entries("groupBy", collection);
  f = iteratee("groupBy", f);
  const out = {};
  for (let i = 0; i < vs.length; i++) {
    const key = f(vs[i]);
    if (hasOwn.call(out, key)) out[key].push(vs[i]);
    else out[key] = [vs[i]];
  }
  return out;
}
export function pickBy(object, f) {
  const out = {};
  if (object == null) return out;
  if (typeof object !== "object" || Array.isArray(object)) unsupported("pickBy", object);
  f = iteratee("pickBy", f);
  // Own and inherited enumerable keys, as lodash's keysIn.
  for (const key in object) {
    if (key === "constructor" && !hasOwn.call(object, key)) continue;
    if (f(object[key], key)) out[key] = object[key];
  }
  return out;
}
export function assign(object, ...sources) {
  for (const source of sources) {
    if (source == null) continue;
    if (typeof source !== "object" || Array.isArray(source)) unsupported("assign", source);
    for (const key of Object.keys(source)) object[key] = source[key];
  }
  return object;
}
export function defaults(object, ...sources) {
  object = Object(object);
  for (const source of sources) {
    if (source == null) continue;
    if (typeof source !== "object" || Array.isArray(source)) unsupported("defaults", source);
    for (const key in source) {
      const value = object[key];
      if (value === undefined || (value === Object.prototype[key] && !hasOwn.call(object, key))) object[key] = source[key];
    }
  }
  return object;
}
export function flatten(value) {
  const out = [];
  for (const v of array("flatten", value)) {
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) out.push(v[i]);
    else out.push(v);
  }
  return out;
}
export function flatMap(collection, f) {
  return flatten(map(collection, f));
}
export function compact(value) {
  return array("compact", value).filter(Boolean);
}
export function uniq(value) {
  return Array.from(new Set(array("uniq", value)));
}
export function difference(value, ...others) {
  if (!Array.isArray(value)) return [];
  const exclude = new Set(flatten(others.filter(Array.isArray)));
  return value.filter((v) => !exclude.has(v));
}
export function includes(collection, value) {
  const [vs] = entries("includes", collection);
  return vs.includes(value);
}
export function indexOf(value, target) {
  const a = array("indexOf", value);
  for (let i = 0; i < a.length; i++) if (a[i] === target || (a[i] !== a[i] && target !== target)) return i;
  return -1;
}
export function first(value) {
  return value != null && value.length ? value[0] : undefined;
}
export const head = first;
export function last(value) {
  const n = value == null ? 0 : value.length;
  return n ? value[n - 1] : undefined;
}
export function drop(value, n) {
  const a = array("drop", value);
  n = n === undefined ? 1 : Math.trunc(n) || 0;
  return a.slice(Math.max(n, 0));
}
export function dropRight(value, n) {
  const a = array("dropRight", value);
  n = a.length - (n === undefined ? 1 : Math.trunc(n) || 0);
  return a.slice(0, Math.max(n, 0));
}
export function upperFirst(value) {
  const s = value == null ? "" : String(value);
  const c = s.codePointAt(0);
  if (c === undefined) return s;
  const ch = String.fromCodePoint(c);
  return ch.toUpperCase() + s.slice(ch.length);
}
// chevrotain's clone calls copy arrays and plain objects (token vocabularies, configuration,
// grammar paths and stacks): a shallow copy keeping the prototype, as lodash's.
export function clone(value) {
  if (Array.isArray(value)) return value.slice();
  if (value === null || typeof value !== "object") return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new Error("lean-chevrotain: clone of a " + (value.constructor && value.constructor.name) + " is not supported");
  return Object.assign(Object.create(proto), value);
}
`;

/**
 * chevrotain methods the bundles never call, taken out of its classes for room in
 * dist/leafguard.min.js, 8 KB with what they alone used (the build fails if one is no longer
 * there, e.g. after an upgrade; test/cold/lean-chevrotain.test.ts checks what is left):
 * - the DSL methods src/parser/dsl.ts does not declare (the grammar modules can call only those
 *   it declares), and the serialized grammar (the snapshot is made otherwise);
 * - the parse-time methods src/parser/parser.ts overrides (its own versions replace them; it
 *   falls back only to the ones it reaches through `engine`, which stay);
 * - the self-analysis of a parser without a grammar snapshot (recording, resolving and validating
 *   the grammar): every bundle embeds the snapshot, so its parser skips to the last steps
 *   (SparkSqlParser.performSelfAnalysis); what is left throws, as the recorder does.
 * `null` drops a method; a string is its new body.
 */
const NOT_BUNDLED = "throw new Error(\"chevrotain's grammar self-analysis is not bundled: dist/ parsers use the grammar snapshot\");";
const DSL_METHOD = /^ {2}([A-Z][A-Z_]*\d?)[:<(]/gm;
export async function uncalledMethods() {
  const dsl = await readFile(new URL('../src/parser/dsl.ts', import.meta.url), 'utf8');
  const declared = new Set([...dsl.matchAll(DSL_METHOD)].map((m) => m[1]));
  const numbered = ['CONSUME', 'SUBRULE', 'OPTION', 'OR', 'MANY', 'MANY_SEP', 'AT_LEAST_ONE', 'AT_LEAST_ONE_SEP'].flatMap((m) => [m, ...Array.from({ length: 9 }, (_, i) => `${m}${i + 1}`)]);
  const undeclared = [...numbered, 'OVERRIDE_RULE', 'BACKTRACK'].filter((m) => !declared.has(m));
  if (!declared.has('CONSUME') || !declared.has('RULE')) throw new Error('lean-chevrotain: src/parser/dsl.ts no longer declares the DSL methods as expected');
  return [
    { file: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]parser[\\/]traits[\\/]recognizer_api\.js$/, methods: Object.fromEntries([...undeclared, 'getSerializedGastProductions'].map((m) => [m, null])) },
    { file: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]parser[\\/]traits[\\/]recognizer_engine\.js$/, methods: { subruleInternal: null, orInternal: null, optionInternalLogic: null, manyInternalLogic: null, manySepFirstInternalLogic: null } },
    { file: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]parser[\\/]traits[\\/]looksahead\.js$/, methods: { getLaFuncFromCache: null, setLaFuncCache: null } },
    { file: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]parser[\\/]parser\.js$/, methods: { performSelfAnalysis: NOT_BUNDLED } },
  ];
}

/** `text` without the method `name` of a class (chevrotain's emitted JS: methods at four spaces). */
function withoutMethod(text, name, body, path) {
  const start = text.search(new RegExp(`^ {4}${name}\\([^)]*\\) \\{$`, 'm'));
  if (start < 0) throw new Error(`lean-chevrotain: ${path} no longer has the method ${name}`);
  const end = text.indexOf('\n    }\n', start);
  if (end < 0) throw new Error(`lean-chevrotain: the end of ${name} in ${path} not found`);
  const head = text.slice(start, text.indexOf('{', start) + 1);
  return text.slice(0, start) + (body === null ? '' : `${head} ${body} }\n`) + text.slice(end + '\n    }\n'.length);
}

/**
 * The plugin: chevrotain's start-up paths rewritten (`leanChevrotain`, the same classes and
 * token types as chevrotain's own), and for the bundles also without the methods they never call
 * (`leanChevrotainBundled`, see uncalledMethods).
 */
export const leanChevrotain = plugin('lean-chevrotain', false);
export const leanChevrotainBundled = plugin('lean-chevrotain-bundled', true);

function plugin(name, dropUncalled) {
  return { name, setup: (b) => setup(b, dropUncalled) };
}

function setup(b, dropUncalled) {
  b.onResolve({ filter: /^lodash-es$/ }, ({ importer }) => (/chevrotain[\\/]/.test(importer) ? { path: 'lodash-es', namespace: 'lean-lodash' } : undefined));
  b.onLoad({ filter: /.*/, namespace: 'lean-lodash' }, () => ({ contents: LEAN_LODASH }));
  b.onLoad({ filter: /chevrotain[\\/]lib[\\/]src[\\/]scan[\\/]tokens\.js$/ }, () => ({ contents: TOKENS }));
  b.onLoad({ filter: /chevrotain[\\/]lib[\\/]src[\\/]scan[\\/]tokens_public\.js$/ }, () => ({ contents: TOKENS_PUBLIC }));
  b.onLoad({ filter: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]parser[\\/]utils[\\/]apply_mixins\.js$/ }, () => ({ contents: APPLY_MIXINS }));
  // The files changed by replacements: each replacement must apply (checked at the end).
  const uncalled = dropUncalled ? uncalledMethods() : Promise.resolve([]);
  const patched = async (path) => PATCHES.some((p) => p.file.test(path)) || OWN_PROPERTY_TESTS.file.test(path) || (await uncalled).some((u) => u.file.test(path));
  const applied = new Set();
  b.onEnd((result) => {
    if (result.errors.length > 0) return;
    const missed = PATCHES.filter((p) => !applied.has(p));
    if (missed.length > 0) throw new Error(`lean-chevrotain: not applied (file not bundled or not matched): ${missed.map((p) => p.file).join(', ')}`);
  });
  b.onLoad({ filter: /chevrotain[\\/](gast[\\/])?lib[\\/]src[\\/].*\.js$/ }, async ({ path }) => {
    if (!(await patched(path))) return undefined;
    let text = await readFile(path, 'utf8');
    for (const patch of PATCHES.filter((p) => p.file.test(path))) {
      if (!text.includes(patch.from)) throw new Error(`lean-chevrotain: ${path} no longer holds the text to replace: ${patch.from.split('\n')[0]}`);
      text = text.replace(patch.from, patch.to);
      applied.add(patch);
    }
    for (const { methods } of (await uncalled).filter((u) => u.file.test(path))) {
      for (const [name, body] of Object.entries(methods)) text = withoutMethod(text, name, body, path);
    }
    if (OWN_PROPERTY_TESTS.file.test(path)) {
      const replaced = text.replace(OWN_PROPERTY_TESTS.pattern, OWN_PROPERTY_TESTS.to);
      if (replaced === text) throw new Error(`lean-chevrotain: ${path} no longer calls has(object, "key")`);
      text = OWN_PROPERTY_TESTS.prelude + replaced;
    }
    return { contents: text, resolveDir: dirname(path) };
  });
}
