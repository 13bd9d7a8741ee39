// Builds dist/: the unbundled ES modules with their types (tsc, Lit kept
// external), the one-file bundle with Lit inlined, the close page's
// classic script, and the custom elements manifest.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
run('npx', ['tsc', '-p', 'tsconfig.build.json']);

const common = {
  bundle: true,
  minify: true,
  sourcemap: true,
  target: 'es2021',
  legalComments: 'none',
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: ['src/define.ts'],
  outfile: 'dist/twitter-connect.bundled.js',
  format: 'esm',
});
await build({
  ...common,
  entryPoints: ['src/callback.ts'],
  outfile: 'dist/callback.js',
  format: 'iife',
});
