/**
 * The demo's dev server (`npm start`): serves `demo/` and imports the
 * elements from `src/` as source, so an edit shows up on reload.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * Serves msw's service worker at `/mockServiceWorker.js` straight from
 * node_modules, so the file always matches the installed msw (it checks
 * the version at start) and no copy of it lives in the repository.
 */
function mockServiceWorker(): Plugin {
  const file = createRequire(import.meta.url).resolve(
    'msw/mockServiceWorker.js',
  );
  return {
    name: 'twitter-connect-demo:mock-service-worker',
    configureServer(server) {
      server.middlewares.use('/mockServiceWorker.js', (_req, res, next) => {
        readFile(file).then((script) => {
          res.setHeader('Content-Type', 'text/javascript');
          res.setHeader('Cache-Control', 'no-store');
          res.end(script);
        }, next);
      });
    },
  };
}

/**
 * Sends `Cross-Origin-Opener-Policy: same-origin` with the COOP consent
 * page, as some providers do; msw cannot set headers on a page load. The
 * demo opens it from the other loopback origin (`127.0.0.1` for a page at
 * `localhost`, and back), so it is cross-origin like a real provider.
 */
function coopProvider(): Plugin {
  return {
    name: 'twitter-connect-demo:coop-provider',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0];
        if (path === '/auth/coop' || path === '/auth/coop.html') {
          res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
        }
        next();
      });
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./demo', import.meta.url)),
  // One HTML file per URL (`/auth/twitter` is `auth/twitter.html`); an
  // unknown URL is a 404, not the demo page in disguise.
  appType: 'mpa',
  server: { host: 'localhost' },
  plugins: [mockServiceWorker(), coopProvider()],
});
