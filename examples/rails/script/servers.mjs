// Starts the example's two servers on free loopback ports: the fake Twitter
// provider (in this Node process) and the Rails app (a Puma child process,
// on a fresh SQLite database). Used by `npm run example:rails` and by the
// browser tests.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startFakeTwitter } from '../fake-twitter/server.mjs';

export const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST_DIR = resolve(APP_DIR, '../../dist');
const BUNDLE_FILES = ['twitter-connect.bundled.js', 'callback.js'];

const CONSUMER_KEY = 'example-consumer-key';
const CONSUMER_SECRET = 'example-consumer-secret';

const INSTALL_HINT =
  'Install the Debian packages: apt-get install --no-install-recommends ' +
  'ruby-rails ruby-devise ruby-omniauth ruby-omniauth-twitter ' +
  'ruby-omniauth-oauth ruby-oauth ruby-omniauth-rails-csrf-protection ' +
  'ruby-sqlite3 ruby-webrick puma';

/**
 * @param {object} [options]
 * @param {'development' | 'test'} [options.railsEnv]
 * @param {boolean} [options.crossOriginOpenerPolicy] see fake-twitter
 * @param {(line: string) => void} [options.log] receives both servers' logs
 */
export async function startServers({
  railsEnv = 'development',
  crossOriginOpenerPolicy = false,
  log = () => {},
} = {}) {
  const missing = BUNDLE_FILES.filter((f) => !existsSync(join(DIST_DIR, f)));
  if (missing.length > 0) {
    throw new Error(
      `dist/ has no ${missing.join(' or ')}: run \`npm run build\` first.`,
    );
  }

  // Resolve the Gemfile against the installed gems only; the gem registry is
  // never asked (--local).
  run('bundle', ['install', '--local', '--quiet'], {}, INSTALL_HINT);

  // Hold the app's port until the fake provider has its own, so that the
  // two cannot get the same one.
  const appPort = await reservePort();
  const appUrl = `http://127.0.0.1:${appPort.port}`;
  const twitter = await startFakeTwitter({
    consumerKey: CONSUMER_KEY,
    consumerSecret: CONSUMER_SECRET,
    cancelUrl: `${appUrl}/`,
    crossOriginOpenerPolicy,
    log,
  }).finally(() => appPort.release());

  const dbDir = mkdtempSync(join(tmpdir(), 'twitter-connect-rails-'));
  const env = {
    ...process.env,
    RAILS_ENV: railsEnv,
    RACK_ENV: railsEnv,
    DATABASE_URL: `sqlite3:${join(dbDir, 'db.sqlite3')}`,
    TWITTER_SITE: twitter.apiUrl,
    TWITTER_AUTHORIZE_URL: twitter.authorizeUrl,
    TWITTER_API_KEY: CONSUMER_KEY,
    TWITTER_API_SECRET: CONSUMER_SECRET,
    TWITTER_CONNECT_DIST: DIST_DIR,
    RAILS_LOG_TO_STDOUT: '1',
    BUNDLE_GEMFILE: join(APP_DIR, 'Gemfile'),
  };
  // omniauth-twitter sends its server calls through $http_proxy when set;
  // they must go straight to the fake provider on loopback.
  for (const name of [
    'http_proxy',
    'HTTP_PROXY',
    'https_proxy',
    'HTTPS_PROXY',
  ]) {
    delete env[name];
  }

  let puma;
  const stop = async () => {
    if (puma && puma.exitCode === null && puma.signalCode === null) {
      const exited = new Promise((done) => puma.once('exit', done));
      puma.kill('SIGTERM');
      const timer = setTimeout(() => puma.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await twitter.close();
    rmSync(dbDir, { recursive: true, force: true });
  };

  try {
    run('bundle', ['exec', 'rails', 'db:schema:load', 'db:seed'], env);
    puma = spawn(
      'bundle',
      [
        'exec',
        'puma',
        '--bind',
        `tcp://127.0.0.1:${appPort.port}`,
        '--environment',
        railsEnv,
        '--threads',
        '1:5',
        'config.ru',
      ],
      { cwd: APP_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    for (const stream of [puma.stdout, puma.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (text) => {
        for (const line of text.trimEnd().split('\n')) log(`rails: ${line}`);
      });
    }
    await waitForHttp(`${appUrl}/`, puma);
  } catch (error) {
    await stop();
    throw error;
  }

  /** Runs `bin/rails <args>` with the app's environment; resolves stdout. */
  const rails = (args) =>
    new Promise((done, fail) => {
      const child = spawn('bundle', ['exec', 'rails', ...args], {
        cwd: APP_DIR,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.once('error', fail);
      child.once('exit', (code) =>
        code === 0
          ? done(output)
          : fail(new Error(`rails ${args[0]} exited with ${code}: ${output}`)),
      );
    });

  return { appUrl, twitter, rails, stop };
}

function run(command, args, env = {}, hint = '') {
  const result = spawnSync(command, args, {
    cwd: APP_DIR,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (result.error || result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new Error(
      `\`${command} ${args.join(' ')}\` failed` +
        `${result.error ? `: ${result.error.message}` : ''}\n${output}` +
        `${hint ? `\n${hint}` : ''}`,
    );
  }
}

/** A free loopback port, kept bound until `release()`. */
function reservePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      const release = () => new Promise((closed) => probe.close(closed));
      done({ port, release });
    });
  });
}

async function waitForHttp(url, child, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `Rails exited with code ${child.exitCode} while starting`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`Rails did not answer ${url} within ${timeoutMs / 1000} s`);
}
