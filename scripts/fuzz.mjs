// `npm run fuzz -- [--runs N] [--seed S]`: bundles test/oracle/fuzz.ts with esbuild (packages stay
// external: @duckdb/node-api is native) and runs it with the given arguments.
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';

// Inside the package (dist/ is git-ignored), so that the bundle resolves node_modules.
const out = 'dist/fuzz/fuzz.mjs';
await build({ entryPoints: ['test/oracle/fuzz.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: out, logLevel: 'warning' });
await import(pathToFileURL(out).href);
