// Builds the JavaScript of dist/ (tsc emits only the declarations):
// - dist/index.js: the package entry, one ES module with chevrotain (and its lodash-es) inlined,
//   so `import 'leafguard'` loads one file instead of some 300 modules (most of a cold start).
// - dist/cli/main.js: the command line, likewise one file.
// - dist/leafguard.min.js: one minified file, no imports, defining globalThis.leafguard,
//   for GraalJS, QuickJS and other embedders.
// Each embeds the grammar as chevrotain records it from these sources (src/parser/grammar-snapshot.ts),
// so that constructing the parser does not record it again.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** esbuild `define` that embeds the grammar snapshot of the current sources. */
export async function grammarDefine() {
  const dir = mkdtempSync(join(tmpdir(), 'leafguard-grammar-'));
  try {
    const outfile = join(dir, 'snapshot.mjs');
    await build({ stdin: { contents: "export { grammarSnapshot } from './src/parser/parser.ts'; export { packText } from './src/parser/snapshot-codec.ts';", resolveDir: ROOT }, bundle: true, format: 'esm', platform: 'node', outfile, logLevel: 'warning' });
    const { grammarSnapshot, packText } = await import(pathToFileURL(outfile).href);
    // Packed (src/parser/snapshot-codec.ts): about half the room in every bundle.
    return { __LEAFGUARD_GRAMMAR__: JSON.stringify(packText(grammarSnapshot())) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Leaves chevrotain's Lexer out: src/parser/lexer.ts lexes instead, and chevrotain's Lexer with
 * the regular-expression analysis it needs is some 30 KB of dist/leafguard.min.js. Token
 * definitions (ours and chevrotain's EOF) only read its two markers.
 */
const withoutChevrotainLexer = {
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
const withoutGrammarRecording = {
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
    // Likewise CST visitors (the parser builds plans with embedded actions, not a CST) and
    // content assist (never asked for).
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

async function main() {
  const define = await grammarDefine();
  const common = { bundle: true, target: 'es2022', mainFields: ['module', 'main'], legalComments: 'none', define, logLevel: 'warning', plugins: [withoutChevrotainLexer, withoutGrammarRecording] };
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
      for (const [file, { bytesInOutput }] of inputs.slice(0, 60)) console.log(`${(bytesInOutput / 1024).toFixed(1).padStart(6)} KB  ${file}`);
    }),
  ]);
  // The policy document's published JSON Schema, from the zod schema (its source of truth).
  const z = await import('zod/mini');
  const { PolicyDocumentSchema } = await import(pathToFileURL(at('dist/index.js')).href);
  const schema = { ...z.toJSONSchema(PolicyDocumentSchema, { io: 'input', unrepresentable: 'any' }), title: 'leafguard policy document' };
  writeFileSync(at('dist/policy.schema.json'), JSON.stringify(schema, null, 2) + '\n');
  const kb = (p) => statSync(at(p)).size / 1024;
  console.log(`dist/index.js ${kb('dist/index.js').toFixed(0)} KB, dist/leafguard.min.js ${kb('dist/leafguard.min.js').toFixed(0)} KB (grammar snapshot ${(define.__LEAFGUARD_GRAMMAR__.length / 1024).toFixed(0)} KB packed)`);
  if (kb('dist/leafguard.min.js') > 500) {
    console.error('dist/leafguard.min.js is over the 500 KB budget');
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
