// Builds the JavaScript of dist/ (tsc emits only the declarations):
// - dist/index.js: the package entry, one ES module with chevrotain (and its lodash-es) inlined,
//   so `import 'leafguard'` loads one file instead of some 300 modules (most of a cold start).
// - dist/cli/main.js: the command line, likewise one file.
// - dist/leafguard.min.js: one minified file, no imports, defining globalThis.leafguard,
//   for GraalJS, QuickJS and other embedders.
// - dist/node/{index,parser}.js: the same two entries for Node (the `node` export condition): each
//   loads its bundle as one script, dist/node/<name>.script.js, with a V8 code cache made here
//   after a warm-up, dist/node/<name>.v8cache (src/node/load-bundle.ts, scripts/code-cache.mjs).
// Each embeds the grammar as chevrotain records it from these sources (src/parser/grammar-snapshot.ts),
// so that constructing the parser does not record it again.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { leanChevrotainBundled } from './lean-chevrotain.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** dist/leafguard.min.js must stay under this many bytes (500 KB). */
export const MIN_BUNDLE_BUDGET = 500_000;

/**
 * esbuild `define` that embeds the grammar snapshot of the current sources: packed (about half
 * the room in every bundle), or as is (`packed: false`) for the Node scripts, which have no size
 * budget and then need not unpack it (src/parser/parser.ts).
 */
export async function grammarDefine({ packed = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'leafguard-grammar-'));
  try {
    const outfile = join(dir, 'snapshot.mjs');
    await build({ stdin: { contents: "export { grammarSnapshot } from './src/parser/parser.ts'; export { packText } from './src/parser/snapshot-codec.ts';", resolveDir: ROOT }, bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'warning' });
    const { grammarSnapshot, packText } = await import(pathToFileURL(outfile).href);
    const text = grammarSnapshot();
    return packed ? { __LEAFGUARD_GRAMMAR__: JSON.stringify(packText(text)) } : { __LEAFGUARD_GRAMMAR_TEXT__: JSON.stringify(text) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Leaves chevrotain's Lexer out: src/parser/lexer.ts lexes instead, and chevrotain's Lexer with
 * the regular-expression analysis it needs is some 30 KB of dist/leafguard.min.js. Token
 * definitions (ours and chevrotain's EOF) only read its two markers.
 */
export const withoutChevrotainLexer = {
  name: 'without-chevrotain-lexer',
  setup(b) {
    b.onLoad({ filter: /chevrotain[\\/]lib[\\/]src[\\/]scan[\\/]lexer_public\.js$/ }, () => ({
      contents: `export const LexerDefinitionErrorType = {};
export class Lexer { constructor() { throw new Error("chevrotain's Lexer is not bundled"); } }
Lexer.SKIPPED = "This marks a skipped Token pattern";
Lexer.NA = /NOT_APPLICABLE/;`,
    }));
  },
};

/**
 * Leaves out what only a parser without a grammar snapshot runs: chevrotain's grammar recorder
 * (the snapshot replaces the recording phase) and its grammar validations (dist/ parsers skip
 * them; the tests validate the grammar from the sources). About 10 KB of each bundle; calling
 * either throws, which no dist/ code path does.
 */
export const withoutGrammarRecording = {
  name: 'without-grammar-recording',
  setup(b) {
    const unbundled = (what) => `function unbundled() { throw new Error("chevrotain's ${what} is not bundled: dist/ parsers use the grammar snapshot"); }`;
    b.onLoad({ filter: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]parser[\\/]traits[\\/]gast_recorder\.js$/ }, () => ({
      contents: `${unbundled('grammar recorder')}
export class GastRecorder {
  initGastRecorder() { this.recordingProdStack = []; this.RECORDING_PHASE = false; }
  enableRecording() { unbundled(); }
  disableRecording() { unbundled(); }
  topLevelRuleRecord() { unbundled(); }
}`,
    }));
    b.onLoad({ filter: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]grammar[\\/]checks\.js$/ }, () => ({
      contents: `${unbundled('grammar validation')}
export const validateLookahead = unbundled, validateGrammar = unbundled, validateRuleIsOverridden = unbundled,
  validateNoLeftRecursion = unbundled, validateEmptyOrAlternative = unbundled,
  validateAmbiguousAlternationAlternatives = unbundled, validateSomeNonEmptyLookaheadPath = unbundled;`,
    }));
    // chevrotain's default messages: the parser passes its own errorMessageProvider
    // (src/parser/parser.ts), and only grammar resolution and validations, which these parsers
    // skip, build the others; all but the duplicate rule's, which RULE builds as rules are defined.
    b.onLoad({ filter: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]errors_public\.js$/ }, () => ({
      contents: `${unbundled('default error messages')}
import { Rule } from "@chevrotain/gast";
const unbundledAll = (names) => Object.fromEntries(names.map((name) => [name, unbundled]));
export const defaultParserErrorProvider = unbundledAll(["buildMismatchTokenMessage", "buildNotAllInputParsedMessage", "buildNoViableAltMessage", "buildEarlyExitMessage"]);
export const defaultGrammarResolverErrorProvider = unbundledAll(["buildRuleNotFoundError"]);
export const defaultGrammarValidatorErrorProvider = {
  ...unbundledAll(["buildDuplicateFoundError", "buildNamespaceConflictError", "buildAlternationPrefixAmbiguityError", "buildAlternationAmbiguityError", "buildEmptyRepetitionError", "buildTokenNameError", "buildEmptyAlternationError", "buildTooManyAlternativesError", "buildLeftRecursionError", "buildInvalidRuleNameError"]),
  buildDuplicateRuleNameError(options) {
    const ruleName = options.topLevelRule instanceof Rule ? options.topLevelRule.name : options.topLevelRule;
    return \`Duplicate definition, rule: ->\${ruleName}<- is already defined in the grammar: ->\${options.grammarName}<-\`;
  },
};`,
    }));
    // Error recovery: the parser is built with recoveryEnabled: false, so chevrotain never calls
    // more of it than its initialiser, the no-op repetition hook and the rule stack of errors.
    b.onLoad({ filter: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]parser[\\/]traits[\\/]recoverable\.js$/ }, () => ({
      contents: `${unbundled('error recovery')}
export const EOF_FOLLOW_KEY = {};
export const IN_RULE_RECOVERY_EXCEPTION = "InRuleRecoveryException";
export class InRuleRecoveryException extends Error {}
export class Recoverable {
  initRecoverable(config) {
    this.firstAfterRepMap = {};
    this.resyncFollows = {};
    this.recoveryEnabled = false;
    if (config && config.recoveryEnabled) unbundled();
  }
  attemptInRepetitionRecovery() {}
  getHumanReadableRuleStack() {
    const len = this.RULE_STACK_IDX + 1, result = new Array(len);
    for (let i = 0; i < len; i++) result[i] = this.shortRuleNameToFullName(this.RULE_STACK[i]);
    return result;
  }
}`,
    }));
    b.onLoad({ filter: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]grammar[\\/]follow\.js$/ }, () => ({
      contents: `${unbundled('error recovery')}
export const computeAllProdsFollows = unbundled;`,
    }));
    // Likewise CST building and visitors (the parser builds plans with embedded actions, not a
    // CST: chevrotain's CST hooks are no-ops then) and content assist (never asked for).
    b.onLoad({ filter: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]parser[\\/]traits[\\/]tree_builder\.js$/ }, () => ({
      contents: `${unbundled('CST builder')}
import { DEFAULT_PARSER_CONFIG } from "../parser.js";
function noop() {}
export class TreeBuilder {
  initTreeBuilder(config) {
    this.CST_STACK = [];
    this.outputCst = config.outputCst;
    this.nodeLocationTracking = Object.prototype.hasOwnProperty.call(config, "nodeLocationTracking") ? config.nodeLocationTracking : DEFAULT_PARSER_CONFIG.nodeLocationTracking;
    if (this.outputCst) unbundled();
    this.cstInvocationStateUpdate = noop;
    this.cstFinallyStateUpdate = noop;
    this.cstPostTerminal = noop;
    this.cstPostNonTerminal = noop;
    this.cstPostRule = noop;
  }
  getBaseCstVisitorConstructor() { unbundled(); }
  getBaseCstVisitorConstructorWithDefaults() { unbundled(); }
  getPreviousExplicitRuleShortName() { return this.RULE_STACK[this.RULE_STACK_IDX - 1]; }
  getLastExplicitRuleOccurrenceIndex() { return this.RULE_OCCURRENCE_STACK[this.RULE_OCCURRENCE_STACK_IDX]; }
}`,
    }));
    b.onLoad({ filter: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]cst[\\/]cst_visitor\.js$/ }, () => ({
      contents: `${unbundled('CST visitor')}
export const createBaseSemanticVisitorConstructor = unbundled, createBaseVisitorConstructorWithDefaults = unbundled;`,
    }));
    b.onLoad({ filter: /chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]parser[\\/]traits[\\/]context_assist\.js$/ }, () => ({
      contents: `${unbundled('content assist')}
export class ContentAssist { initContentAssist() {} computeContentAssist() { unbundled(); } getNextPossibleTokenTypes() { unbundled(); } }`,
    }));
  },
};

/**
 * The Node entry `name` (`index` or `parser`) of `entry`: its bundle as a script, the code cache
 * of that script, and the ES module that loads them and exports `names`.
 */
async function nodeEntry(common, entry, name, names, loader) {
  const at = (p) => join(ROOT, p);
  common = { ...common, define: await grammarDefine({ packed: false }) };
  // Whitespace and comments out (a smaller file to read; names stay, for stack traces).
  const { outputFiles } = await build({ ...common, entryPoints: [at(entry)], format: 'cjs', platform: 'neutral', minifyWhitespace: true, write: false });
  // A function of (module, exports), strict like the ES module it replaces; the first line names
  // the build, which the loader checks against its own and which keys the caches.
  const body = `(function (module, exports) {\n"use strict";\n${outputFiles[0].text}})`;
  const buildId = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const script = `/* leafguard ${buildId} */\n${body}`;
  // The loader reads the script as latin1, which is exact only for ASCII (esbuild escapes the rest).
  if (!/^[\x00-\x7f]*$/.test(script)) throw new Error(`dist/node/${name}.script.js is not ASCII`);
  mkdirSync(at('dist/node'), { recursive: true });
  writeFileSync(at(`dist/node/${name}.script.js`), script);
  await build({
    stdin: {
      contents: `import { loadBundle } from './src/node/load-bundle.ts';
// Without the script (e.g. this file bundled elsewhere), the plain ES module bundle.
const api = loadBundle(import.meta.url, ${JSON.stringify(name)}, ${JSON.stringify(buildId)}) ?? (await import('../${name}.js'));
export const { ${names.join(', ')} } = api;
`,
      resolveDir: ROOT,
      sourcefile: `node-entry-${name}.js`,
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    external: [`../${name}.js`],
    legalComments: 'none',
    logLevel: 'warning',
    outfile: at(`dist/node/${name}.js`),
  });
  const cacheArgs = [loader, at(`dist/node/${name}.script.js`), buildId, at(`dist/node/${name}.v8cache`), name];
  runChecked([at('scripts/code-cache.mjs'), ...cacheArgs], `scripts/code-cache.mjs failed for dist/node/${name}.script.js`);
  // A cache V8 refuses is only a slower start, which no test would see: check it in a fresh
  // process, and make it again with Sparkplug left on if it was refused (scripts/code-cache.mjs).
  const accepted = `const { readCache } = await import(${JSON.stringify(pathToFileURL(loader).href)});
const { Script } = await import('node:vm');
const { readFileSync } = await import('node:fs');
const [, script, build, cache] = ${JSON.stringify(cacheArgs)};
const data = readCache(cache, build);
process.exitCode = data && new Script(readFileSync(script, 'latin1'), { filename: script, cachedData: data }).cachedDataRejected === false ? 0 : 3;`;
  if (spawnSync(process.execPath, ['--input-type=module', '-e', accepted], { cwd: ROOT }).status === 0) return;
  runChecked([at('scripts/code-cache.mjs'), ...cacheArgs, 'keep-sparkplug'], `scripts/code-cache.mjs failed for dist/node/${name}.script.js`);
  if (spawnSync(process.execPath, ['--input-type=module', '-e', accepted], { cwd: ROOT }).status !== 0) throw new Error(`V8 refuses the code cache made for dist/node/${name}.script.js`);
}

function runChecked(args, what) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    // Node quotes the failing line of the script, which is most of the script: left out.
    const why = r.stderr.split('\n').filter((l) => l.length < 300).join('\n');
    throw new Error(`${what}:\n${why}`);
  }
}

async function main() {
  const define = await grammarDefine();
  const common = { bundle: true, target: 'es2022', mainFields: ['module', 'main'], legalComments: 'none', define, logLevel: 'warning', plugins: [withoutChevrotainLexer, withoutGrammarRecording, leanChevrotainBundled] };
  const at = (p) => join(ROOT, p);
  await Promise.all([
    build({ ...common, entryPoints: [at('src/index.ts')], format: 'esm', platform: 'neutral', outfile: at('dist/index.js') }),
    build({ ...common, entryPoints: [at('src/parser-entry.ts')], format: 'esm', platform: 'neutral', outfile: at('dist/parser.js') }),
    // yaml's Node build is CommonJS (it requires 'process'), which an ES module bundle cannot
    // inline: the CLI imports the installed package instead.
    build({ ...common, entryPoints: [at('src/cli/main.ts')], format: 'esm', platform: 'node', outfile: at('dist/cli/main.js'), external: ['yaml', '@duckdb/node-api'] }),
    build({
      ...common,
      entryPoints: [at('src/embed.ts')],
      minify: true,
      format: 'iife',
      globalName: 'leafguard',
      platform: 'neutral',
      outfile: at('dist/leafguard.min.js'),
      footer: { js: 'globalThis.leafguard = leafguard;' },
      // LEAFGUARD_BUNDLE_REPORT=1: what takes the room in the min bundle, largest first.
      metafile: process.env['LEAFGUARD_BUNDLE_REPORT'] === '1',
    }).then((r) => {
      if (r.metafile === undefined) return;
      const inputs = Object.entries(Object.values(r.metafile.outputs)[0].inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput);
      for (const [file, { bytesInOutput }] of inputs.slice(0, Number(process.env.LEAFGUARD_BUNDLE_REPORT_TOP ?? 60))) console.log(`${(bytesInOutput / 1024).toFixed(1).padStart(6)} KB  ${file}`);
    }),
  ]);
  // The Node entries export what the ES module bundles export, name for name.
  const index = await import(pathToFileURL(at('dist/index.js')).href);
  const parser = await import(pathToFileURL(at('dist/parser.js')).href);
  const tmp = mkdtempSync(join(tmpdir(), 'leafguard-build-'));
  try {
    const loader = join(tmp, 'load-bundle.mjs');
    await build({ stdin: { contents: "export { encodeCache, readCache, runScript } from './src/node/load-bundle.ts';", resolveDir: ROOT }, bundle: true, format: 'esm', platform: 'node', outfile: loader, logLevel: 'warning' });
    await nodeEntry(common, 'src/index.ts', 'index', Object.keys(index), loader);
    await nodeEntry(common, 'src/parser-entry.ts', 'parser', Object.keys(parser), loader);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  // The policy document's published JSON Schema, from the zod schema (its source of truth).
  const z = await import('zod/mini');
  const { PolicyDocumentSchema } = index;
  const schema = { ...z.toJSONSchema(PolicyDocumentSchema, { io: 'input', unrepresentable: 'any' }), title: 'leafguard policy document' };
  writeFileSync(at('dist/policy.schema.json'), JSON.stringify(schema, null, 2) + '\n');
  const kb = (p) => statSync(at(p)).size / 1024;
  const minBytes = statSync(at('dist/leafguard.min.js')).size;
  console.log(`dist/index.js ${kb('dist/index.js').toFixed(0)} KiB, dist/leafguard.min.js ${minBytes.toLocaleString('en')} bytes (grammar snapshot ${(define.__LEAFGUARD_GRAMMAR__.length / 1024).toFixed(0)} KiB packed), code caches ${kb('dist/node/index.v8cache').toFixed(0)} + ${kb('dist/node/parser.v8cache').toFixed(0)} KiB`);
  // The budget is 500 KB in decimal bytes (issue 3: "under 500 KB"), the stricter reading.
  if (minBytes >= MIN_BUNDLE_BUDGET) {
    console.error(`dist/leafguard.min.js is ${minBytes.toLocaleString('en')} bytes, over its budget of ${MIN_BUNDLE_BUDGET.toLocaleString('en')}`);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
