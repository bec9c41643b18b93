// Builds the JavaScript of dist/ (tsc emits only the declarations):
// - dist/index.js: the package entry, one ES module with chevrotain (and its lodash-es) inlined,
//   so `import 'leafguard'` loads one file instead of some 300 modules (most of a cold start).
// - dist/cli/main.js: the command line, likewise one file.
// - dist/leafguard.min.js: one minified file, no imports, defining globalThis.leafguard,
//   for GraalJS, QuickJS and other embedders.
import { build } from 'esbuild';
import { statSync } from 'node:fs';

const common = {
  bundle: true,
  target: 'es2022',
  mainFields: ['module', 'main'],
  // The library's code stays readable in stack traces; only whitespace of the dependencies matters little.
  legalComments: 'none',
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['src/index.ts'], format: 'esm', platform: 'neutral', outfile: 'dist/index.js' }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], format: 'esm', platform: 'node', outfile: 'dist/cli/main.js' }),
  build({
    ...common,
    entryPoints: ['src/index.ts'],
    minify: true,
    format: 'iife',
    globalName: 'leafguard',
    platform: 'neutral',
    outfile: 'dist/leafguard.min.js',
    footer: { js: 'globalThis.leafguard = leafguard;' },
  }),
]);

const kb = statSync('dist/leafguard.min.js').size / 1024;
console.log(`dist/index.js ${(statSync('dist/index.js').size / 1024).toFixed(0)} KB, dist/leafguard.min.js ${kb.toFixed(0)} KB`);
if (kb > 500) {
  console.error('dist/leafguard.min.js is over the 500 KB budget');
  process.exit(1);
}
