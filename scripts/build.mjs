// Builds dist/: the unbundled ES modules with their types (tsc, Lit kept
// external), the one-file bundle with Lit inlined, the close page's
// classic script, and the custom elements manifest.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
run('npx', ['tsc', '-p', 'tsconfig.build.json']);

const common = {
  bundle: true,
  minify: true,
  sourcemap: true,
  target: 'es2022',
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

// `exports` gives every entry its `types`: the close page script exports
// nothing, and the bundle has define's API with Lit inlined.
writeFileSync(
  'dist/callback.d.ts',
  '// A classic script with no exports; see callback.js.\nexport {};\n',
);
writeFileSync(
  'dist/twitter-connect.bundled.d.ts',
  "// Registers both tags; the same API as ./define.\nexport * from './define.js';\n",
);

// Reads custom-elements-manifest.config.mjs; writes dist/custom-elements.json.
run('npx', ['cem', 'analyze', '--quiet']);
