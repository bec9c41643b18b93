// esbuild plugin for scripts/bundle.mjs: chevrotain's start-up code paths, rewritten with plain
// loops instead of lodash helpers, for the cold start of every bundle: token types and their
// categories, the parser's mixins, its vocabulary map and configuration reads, the walks over the
// grammar, the check for rules defined twice. Each replacement keeps the module's exports and
// gives the same values in the same order (token type indices, category maps and lists, the
// prototype's properties); test/cold checks that, and that the bundles parse like the sources.
//
// Why: the parser's vocabulary is some 500 token types, nearly all in categories (`AnyToken`,
// `Ident`, `Keyword`, …). chevrotain's `createToken` runs `augmentTokenTypes` for every one at
// import, and the parser's constructor runs it again over the whole vocabulary; through lodash
// (`has` parses a property path on every call, `includes`, `difference`, `flatten` allocate)
// that was about a fifth of a cold start.

import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

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
export function assignTokenDefaultProps(tokenTypes) {
  for (let i = 0; i < tokenTypes.length; i++) {
    const currTokType = tokenTypes[i];
    if (!own(currTokType, "tokenTypeIdx")) {
      tokenIdxToClass[tokenShortNameIdx] = currTokType;
      currTokType.tokenTypeIdx = nextTokenTypeIdx();
    }
    if (own(currTokType, "CATEGORIES") && !Array.isArray(currTokType.CATEGORIES)) currTokType.CATEGORIES = [currTokType.CATEGORIES];
    if (!own(currTokType, "CATEGORIES")) currTokType.CATEGORIES = [];
    if (!own(currTokType, "categoryMatches")) currTokType.categoryMatches = [];
    if (!own(currTokType, "categoryMatchesMap")) currTokType.categoryMatchesMap = {};
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
export function createToken(config) {
  const pattern = config.pattern;
  const tokenType = {};
  tokenType.name = config.name;
  if (pattern !== undefined) tokenType.PATTERN = pattern;
  if (own(config, "parent")) {
    throw ("The parent property is no longer supported.\\n" +
      "See: https://github.com/chevrotain/chevrotain/issues/564#issuecomment-349062346 for details.");
  }
  if (own(config, "categories")) {
    tokenType.CATEGORIES = config.categories;
    augmentTokenTypes([tokenType]);
  } else {
    // What augmentTokenTypes gives a token without categories, in the same property order.
    tokenIdxToClass[tokenShortNameIdx] = tokenType;
    tokenType.tokenTypeIdx = nextTokenTypeIdx();
    tokenType.CATEGORIES = [];
    tokenType.categoryMatches = [];
    tokenType.categoryMatchesMap = {};
    tokenType.isParent = false;
  }
  if (own(config, "label")) tokenType.LABEL = config.label;
  if (own(config, "group")) tokenType.GROUP = config.group;
  if (own(config, "pop_mode")) tokenType.POP_MODE = config.pop_mode;
  if (own(config, "push_mode")) tokenType.PUSH_MODE = config.push_mode;
  if (own(config, "longer_alt")) tokenType.LONGER_ALT = config.longer_alt;
  if (own(config, "line_breaks")) tokenType.LINE_BREAKS = config.line_breaks;
  if (own(config, "start_chars_hint")) tokenType.START_CHARS_HINT = config.start_chars_hint;
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
    file: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]parser[\\/]traits[\\/]recognizer_engine\.js$/,
    from: `            this.tokensMap = reduce(tokenVocabulary, (acc, tokType) => {
                acc[tokType.name] = tokType;
                return acc;
            }, {});`,
    to: `            const byName = {};
            byName.first = byName.last = undefined;
            delete byName.first;
            delete byName.last;
            this.tokensMap = reduce(tokenVocabulary, (acc, tokType) => {
                acc[tokType.name] = tokType;
                return acc;
            }, byName);`,
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
 * chevrotain's `clone` calls copy arrays and plain objects (token vocabularies, configuration,
 * grammar paths and stacks), for which lodash's `clone` is a shallow copy keeping the prototype;
 * its machinery for every other kind of value (buffers, typed arrays, maps, …) is some KB of the
 * min bundle. The rest of lodash-es is chevrotain's as it is.
 */
const LODASH = (lodash) => `
export * from ${JSON.stringify(lodash)};
export function clone(value) {
  if (Array.isArray(value)) return value.slice();
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new Error('lean-chevrotain: clone of a ' + (value.constructor && value.constructor.name) + ' is not supported');
  return Object.assign(Object.create(proto), value);
}
`;

export const leanChevrotain = {
  name: 'lean-chevrotain',
  setup(b) {
    b.onResolve({ filter: /^lodash-es$/ }, ({ importer }) => (/chevrotain[\\/]/.test(importer) ? { path: 'lodash-es', namespace: 'lean-lodash' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lean-lodash' }, async () => {
      const lodash = (await b.resolve('lodash-es', { kind: 'import-statement', resolveDir: dirname(fileURLToPath(import.meta.url)) })).path;
      return { contents: LODASH(lodash), resolveDir: dirname(lodash) };
    });
    b.onLoad({ filter: /chevrotain[\\/]lib[\\/]src[\\/]scan[\\/]tokens\.js$/ }, () => ({ contents: TOKENS }));
    b.onLoad({ filter: /chevrotain[\\/]lib[\\/]src[\\/]scan[\\/]tokens_public\.js$/ }, () => ({ contents: TOKENS_PUBLIC }));
    b.onLoad({ filter: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]parser[\\/]utils[\\/]apply_mixins\.js$/ }, () => ({ contents: APPLY_MIXINS }));
    // The files changed by replacements: each replacement must apply (checked at the end).
    const patched = (path) => PATCHES.some((p) => p.file.test(path)) || OWN_PROPERTY_TESTS.file.test(path);
    const applied = new Set();
    b.onEnd((result) => {
      if (result.errors.length > 0) return;
      const missed = PATCHES.filter((p) => !applied.has(p));
      if (missed.length > 0) throw new Error(`lean-chevrotain: not applied (file not bundled or not matched): ${missed.map((p) => p.file).join(', ')}`);
    });
    b.onLoad({ filter: /chevrotain[\\/](gast[\\/])?lib[\\/]src[\\/].*\.js$/ }, async ({ path }) => {
      if (!patched(path)) return undefined;
      let text = await readFile(path, 'utf8');
      for (const patch of PATCHES.filter((p) => p.file.test(path))) {
        if (!text.includes(patch.from)) throw new Error(`lean-chevrotain: ${path} no longer holds the text to replace: ${patch.from.split('\n')[0]}`);
        text = text.replace(patch.from, patch.to);
        applied.add(patch);
      }
      if (OWN_PROPERTY_TESTS.file.test(path)) {
        const replaced = text.replace(OWN_PROPERTY_TESTS.pattern, OWN_PROPERTY_TESTS.to);
        if (replaced === text) throw new Error(`lean-chevrotain: ${path} no longer calls has(object, "key")`);
        text = OWN_PROPERTY_TESTS.prelude + replaced;
      }
      return { contents: text, resolveDir: dirname(path) };
    });
  },
};
