// Builds dist/leafguard.min.js: one minified file, no imports, defining globalThis.leafguard,
// for GraalJS, QuickJS and other embedders.
import { build } from 'esbuild';
import { statSync } from 'node:fs';

await build({
  entryPoints: ['src/index.ts'],
  bundle: true,
  minify: true,
  format: 'iife',
  globalName: 'leafguard',
  target: 'es2022',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  outfile: 'dist/leafguard.min.js',
  footer: { js: 'globalThis.leafguard = leafguard;' },
  logLevel: 'warning',
});
const kb = statSync('dist/leafguard.min.js').size / 1024;
console.log(`dist/leafguard.min.js ${kb.toFixed(0)} KB`);
if (kb > 500) {
  console.error('dist/leafguard.min.js is over the 500 KB budget');
  process.exit(1);
}
