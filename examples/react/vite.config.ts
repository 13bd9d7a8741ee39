// The React 19 example: JSX through Vite's own esbuild, no React plugin.
import { defineConfig, mergeConfig } from 'vite';
import { exampleConfig } from '../vite-shared.js';

export default defineConfig(
  mergeConfig(exampleConfig('react'), {
    esbuild: { jsx: 'automatic' },
    // Pre-bundled at start-up, so the first load does not reload the page.
    optimizeDeps: {
      include: [
        'react',
        'react-dom/client',
        'react/jsx-runtime',
        'react/jsx-dev-runtime',
      ],
    },
  }),
);
