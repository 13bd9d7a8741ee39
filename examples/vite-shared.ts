/**
 * What the React and Vue examples' Vite configs share: `twitter-connect`
 * resolved to this repository's sources (as an installed package would be
 * to dist/), and a mock of the app's server for the two endpoints.
 */
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin, UserConfig } from 'vite';

const repo = (path: string) =>
  fileURLToPath(new URL(`../${path}`, import.meta.url));

/** A user as the app's server would answer for them. */
const ADA = { nickname: 'ada', name: 'Ada Lovelace' };

export interface LoggedRequest {
  method: string;
  url: string;
  csrf: string | null;
  body: unknown;
}

/**
 * The app's server, reduced to the contract: a first sign-in is a new
 * user (`pending`), the registration signs them up, and every later check
 * says `authed`. `GET /__requests` lists what it was asked.
 */
function mockBackend(): Plugin {
  let registered = false;
  const log: LoggedRequest[] = [];
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Cache-Control', 'no-store');
    res.end(JSON.stringify(body));
  };
  const readJson = async (req: IncomingMessage) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    return raw ? (JSON.parse(raw) as unknown) : null;
  };
  return {
    name: 'twitter-connect-example:mock-backend',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0];
        if (path === '/__requests') return json(res, 200, log);
        if (!path.startsWith('/api/')) return next();
        void readJson(req).then((body) => {
          const csrf = req.headers['x-csrf-token'];
          log.push({
            method: req.method ?? '',
            url: req.url ?? '',
            csrf: typeof csrf === 'string' ? csrf : null,
            body,
          });
          if (req.method === 'GET' && path === '/api/check') {
            if (!registered) {
              return json(res, 200, { authed: true, omniauth: { info: ADA } });
            }
            return json(res, 200, {
              authed: true,
              authentication: { provider: 'twitter', uid: '1815' },
              user: { id: 1, ...ADA },
            });
          }
          if (req.method === 'POST' && path === '/api/users') {
            registered = true;
            const user = (body as { user?: object } | null)?.user ?? {};
            return json(res, 201, { user: { id: 1, ...user } });
          }
          json(res, 404, { error: 'not found' });
        }, next);
      });
    },
  };
}

/** The config both examples start from; `name` is the folder. */
export function exampleConfig(name: 'react' | 'vue'): UserConfig {
  return {
    root: repo(`examples/${name}`),
    // Its own cache, so the examples never race the demo's pre-bundling.
    cacheDir: repo(`node_modules/.vite-example-${name}`),
    clearScreen: false,
    resolve: {
      alias: [
        { find: /^twitter-connect$/, replacement: repo('src/index.ts') },
        {
          find: /^twitter-connect\/define$/,
          replacement: repo('src/define.ts'),
        },
        {
          find: /^twitter-connect\/callback\.js$/,
          replacement: repo('src/callback.ts'),
        },
      ],
    },
    server: { fs: { allow: [repo('')] } },
    build: {
      rollupOptions: {
        input: {
          main: repo(`examples/${name}/index.html`),
          close: repo(`examples/${name}/close.html`),
        },
      },
    },
    plugins: [mockBackend()],
  };
}
