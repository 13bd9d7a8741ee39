// `npm run bench`: measures <twitter-connect> against the 2012 technique it
// replaces (poll `popup.closed` every 1000 ms, then GET the check), side by
// side in one headless Chromium, against the reference backend; then the
// shipped file sizes, leaks over many flows, and the idle cost. Prints a
// table and exits 1 when a goal of issue 3 is missed.
//
// BENCH_FLOWS (default 30) sets the flows per latency row.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import Koa from 'koa';
import { createReferenceBackend } from '../test/server/reference-backend.mjs';
import { launchChromium } from './chromium.mjs';

const FLOWS = Number(process.env.BENCH_FLOWS) || 30;
const WARM_UP = 2;
const LEAK_CYCLES = 200;
const IDLE_MS = 2000;
const KB = 1024;
const TERMINAL = ['authed', 'pending', 'cancelled', 'failed', 'blocked'];

// Runs first in every bench page and popup: counts the page's timers and
// open BroadcastChannels, collects terminal events with a wall-clock time
// comparable across windows, and stamps when the close page starts.
function instrumentPage(terminal) {
  const now = () => performance.timeOrigin + performance.now();
  if (location.pathname === '/auth/twitter/callback') {
    localStorage.setItem('bench:closePageAt', String(now()));
  }
  const timers = { active: new Set(), started: 0 };
  const { setTimeout: st, setInterval: si, clearTimeout: ct } = window;
  window.setTimeout = (fn, ms, ...args) => {
    timers.started += 1;
    const id = st(() => {
      timers.active.delete(id);
      if (typeof fn === 'function') fn(...args);
    }, ms);
    timers.active.add(id);
    return id;
  };
  window.setInterval = (fn, ms, ...args) => {
    timers.started += 1;
    const id = si(fn, ms, ...args);
    timers.active.add(id);
    return id;
  };
  // Both share one id pool, so one native clear serves both.
  window.clearTimeout = window.clearInterval = (id) => {
    timers.active.delete(id);
    ct(id);
  };
  const channels = new Set();
  const NativeChannel = window.BroadcastChannel;
  window.BroadcastChannel = class extends NativeChannel {
    constructor(name) {
      super(name);
      channels.add(this);
    }
    close() {
      channels.delete(this);
      super.close();
    }
    postMessage(message) {
      // When the close page's script reports, to split the latency.
      if (location.pathname === '/auth/twitter/callback') {
        localStorage.setItem('bench:reportedAt', String(now()));
      }
      super.postMessage(message);
    }
  };
  // When the opener first hears the close page, on either channel.
  const heard = (event) => {
    if (event.data?.twitterConnect) window.bench.heardAt ??= now();
  };
  window.addEventListener('message', heard);
  new NativeChannel('twitter-connect').addEventListener('message', heard);
  const waiting = [];
  for (const type of terminal) {
    document.addEventListener(type, (event) => {
      const outcome = { type, at: now(), detail: event.detail ?? null };
      for (const resolve of waiting.splice(0)) resolve(outcome);
    });
  }
  window.bench = {
    timers,
    channels,
    heardAt: null,
    nextOutcome: () => new Promise((resolve) => waiting.push(resolve)),
  };
}

// The seed's page script, as the 2012 write-up has it.
const SEED_SCRIPT = `
document.getElementById('seed').addEventListener('click', (event) => {
  const button = event.currentTarget;
  document.cookie = 'twitter_oauth_popup=1; path=/';
  const popup = window.open('/auth/twitter?fault=bare-close', 'twitterWindow',
    'location=0,status=0,width=800,height=600');
  const timer = setInterval(() => {
    if (!popup.closed) return;
    clearInterval(timer);
    fetch('/auth/check/twitter').then((r) => r.json()).then((body) => {
      const type = !body.authed ? 'cancelled' : body.user ? 'authed' : 'pending';
      button.dispatchEvent(new CustomEvent(type, { bubbles: true }));
    });
  }, 1000);
});`;

const page = (title, body) =>
  `<!doctype html><html lang="en"><meta charset="utf-8"><title>${title}</title>${body}</html>`;

const PAGES = {
  '/bench/ours': page(
    'ours',
    '<script type="module" src="/dist/twitter-connect.bundled.js"></script>' +
      '<twitter-connect></twitter-connect>',
  ),
  '/bench/seed': page('seed', `<button id="seed">Sign in</button><script>${SEED_SCRIPT}</script>`),
  '/bench/leaks': page(
    'leaks',
    '<script type="module" src="/dist/twitter-connect.bundled.js"></script>' +
      '<twitter-connect id="idle"></twitter-connect>',
  ),
};

/** The bench pages and the shipped bundle; everything else is the backend. */
function benchPages() {
  return async (ctx, next) => {
    if (PAGES[ctx.path]) {
      ctx.type = 'text/html';
      ctx.body = PAGES[ctx.path];
    } else if (ctx.path === '/dist/twitter-connect.bundled.js') {
      ctx.type = 'text/javascript';
      ctx.body = readFileSync('dist/twitter-connect.bundled.js');
    } else {
      await next();
    }
  };
}

async function startServer() {
  const app = new Koa();
  app.use(benchPages());
  app.use(createReferenceBackend());
  const server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const median = (values) => quantile(values, 0.5);
const p95 = (values) => quantile(values, 0.95);

/** Resolves with the next popup `tab` opens, instrumented. */
function nextPopup(tab) {
  return new Promise((resolve) =>
    tab.once('popup', async (popup) => {
      await popup.evaluateOnNewDocument(instrumentPage, TERMINAL).catch(() => {});
      resolve(popup);
    }),
  );
}

/**
 * How long the user stays on the consent page: uniform over one seed poll
 * period, as real users are, so the seed's 1000 ms poll is met at a random
 * phase rather than at the one a scripted click would always hit.
 */
const dwell = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 1000));

/** Clicks the sign-in button of `tab` and returns the popup at consent. */
async function openConsent(tab, selector) {
  // A tab behind another renders no frames, and a click waits for one.
  await tab.bringToFront();
  const popup = nextPopup(tab);
  await tab.click(selector);
  const consent = await popup;
  await consent.waitForSelector('#authorize');
  return consent;
}

async function checksLogged(tab) {
  return tab.evaluate(async () => {
    const log = await (await fetch('/__backend/log')).json();
    return log.filter((entry) => entry.path === '/auth/check/twitter').length;
  });
}

/** One sign-in to the end: close page loaded → terminal event, in ms. */
async function completionFlow(tab, selector) {
  await tab.evaluate(() => {
    window.bench.heardAt = null;
    localStorage.removeItem('bench:closePageAt');
    localStorage.removeItem('bench:reportedAt');
  });
  const checksBefore = await checksLogged(tab);
  const consent = await openConsent(tab, selector);
  await dwell();
  const outcome = tab.evaluate(() => window.bench.nextOutcome());
  // The popup closes itself mid-call; that rejection is expected.
  await consent.evaluate(() => document.getElementById('authorize').click()).catch(() => {});
  const { type, at } = await outcome;
  const [closePageAt, reportedAt, heardAt, check] = await tab.evaluate(() => {
    const checks = performance
      .getEntriesByType('resource')
      .filter((entry) => entry.name.includes('/auth/check/'));
    const last = checks.at(-1);
    performance.clearResourceTimings();
    return [
      ...['bench:closePageAt', 'bench:reportedAt'].map((key) => Number(localStorage.getItem(key))),
      window.bench.heardAt,
      last && {
        start: performance.timeOrigin + last.startTime,
        end: performance.timeOrigin + last.responseEnd,
      },
    ];
  });
  if (type !== 'authed' || !closePageAt) throw new Error(`completion flow ended as ${type}`);
  return {
    ms: at - closePageAt,
    // The seed's bare `window.close()` page reports nothing.
    toReport: reportedAt ? reportedAt - closePageAt : null,
    toHeard: heardAt ? heardAt - closePageAt : null,
    toCheckStart: check ? check.start - closePageAt : null,
    toCheckEnd: check ? check.end - closePageAt : null,
    checks: (await checksLogged(tab)) - checksBefore,
  };
}

/** The user closes the popup on the consent page: closed → `cancelled`. */
async function handCloseFlow(tab, selector) {
  const checksBefore = await checksLogged(tab);
  const consent = await openConsent(tab, selector);
  await dwell();
  const outcome = tab.evaluate(() => window.bench.nextOutcome());
  const closedAt = Date.now();
  await consent.close();
  const { type, at } = await outcome;
  if (type !== 'cancelled') throw new Error(`hand-close flow ended as ${type}`);
  return { ms: at - closedAt, checks: (await checksLogged(tab)) - checksBefore };
}

/** Runs `flow` on ours and on the seed in turn, so both see the same noise. */
async function sideBySide(flow, ours, seed) {
  const results = { ours: [], seed: [] };
  for (let i = 0; i < WARM_UP + FLOWS; i += 1) {
    const a = await flow(ours, 'twitter-connect');
    const b = await flow(seed, '#seed');
    if (i < WARM_UP) continue;
    results.ours.push(a);
    results.seed.push(b);
  }
  return results;
}

/** The check endpoint's round trip from the page, as the element sends it. */
async function checkRoundTrip(tab) {
  const times = await tab.evaluate(async (count) => {
    const result = [];
    for (let i = 0; i < count; i += 1) {
      const start = performance.now();
      const response = await fetch('/auth/check/twitter', {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
        cache: 'no-store',
      });
      await response.json();
      result.push(performance.now() - start);
    }
    return result;
  }, 30);
  return median(times);
}

const gzip = (code) => gzipSync(code, { level: 9 }).length;

/** Shipped sizes, and where the bundle's bytes go (esbuild's metafile). */
async function bundleSizes() {
  const common = {
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    target: 'es2022',
    format: 'esm',
    legalComments: 'none',
    logLevel: 'silent',
  };
  const external = ['lit', 'lit/*', '@lit/*'];
  const own = await build({ ...common, entryPoints: ['src/define.ts'], external });
  const bundled = await build({ ...common, entryPoints: ['src/define.ts'] });
  const perElement = {};
  for (const entry of ['src/twitter-connect.ts', 'src/twitter-complete-signup.ts']) {
    const result = await build({ ...common, entryPoints: [entry], external });
    perElement[entry] = gzip(result.outputFiles[0].contents);
  }
  const ownCode = own.outputFiles[0].text;
  const output = Object.values(bundled.metafile.outputs)[0];
  const byInput = Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return {
    bundled: gzip(readFileSync('dist/twitter-connect.bundled.js')),
    bundledMin: readFileSync('dist/twitter-connect.bundled.js').length,
    own: gzip(own.outputFiles[0].contents),
    ownMin: own.outputFiles[0].contents.length,
    callback: gzip(readFileSync('dist/callback.js')),
    callbackMin: readFileSync('dist/callback.js').length,
    byInput,
    perElement,
    byKind: ownByKind(ownCode),
  };
}

/**
 * What our minified code is made of, each part gzipped on its own (gzip
 * does not add up, so these are a guide): the styles, the markup and the
 * English texts are template literals and strings the output keeps as
 * written; "the rest" is the code with every string and template emptied.
 */
function ownByKind(code) {
  const templates = code.match(/`[^`]*`/g) ?? [];
  const styles = templates.filter((t) => /:host|\[part/.test(t)).join('');
  const markup = templates.filter((t) => /<[a-z]+[\s>]/.test(t)).join('');
  const texts = (code.match(/"(?:text|label)-[a-z-]+":"[^"]*"/g) ?? []).join(',');
  const rest = code.replace(/`[^`]*`/g, '``').replace(/"[^"]*"/g, '""');
  return { styles: gzip(styles), markup: gzip(markup), texts: gzip(texts), rest: gzip(rest) };
}

/** Window and document listeners, as DevTools lists them. */
async function listenerCount(tab) {
  const cdp = await tab.createCDPSession();
  let total = 0;
  for (const expression of ['window', 'document']) {
    const { result } = await cdp.send('Runtime.evaluate', { expression });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', {
      objectId: result.objectId,
    });
    total += listeners.length;
  }
  await cdp.detach();
  return total;
}

async function heapUsed(tab) {
  const cdp = await tab.createCDPSession();
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

/**
 * Idle cost first (the page's own element, never clicked), then
 * LEAK_CYCLES of: add an element, sign in through the close page, remove
 * it. The session is already signed in, so each check answers `authed`.
 */
async function leaksAndIdle(tab) {
  await tab.waitForFunction(() => document.getElementById('idle')?.shadowRoot);
  const idleStart = await tab.evaluate(() => window.bench.timers.started);
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const idle = await tab.evaluate(
    (start) => ({
      started: window.bench.timers.started - start,
      active: window.bench.timers.active.size,
    }),
    idleStart,
  );

  const cycle = () =>
    tab.evaluate(async () => {
      const el = document.createElement('twitter-connect');
      // Straight to the close page: the consent screen is not under test.
      el.href = '/auth/twitter/callback?denied=bench';
      document.body.append(el);
      const { type } = await el.connect();
      el.remove();
      await new Promise((resolve) => setTimeout(resolve));
      return type;
    });
  // Warm up what a first flow allocates once (Lit's template cache).
  for (let i = 0; i < 5; i += 1) await cycle();
  const listenersBefore = await listenerCount(tab);
  const heapBefore = await heapUsed(tab);
  const timersBefore = await tab.evaluate(() => window.bench.timers.started);
  const outcomes = {};
  for (let i = 0; i < LEAK_CYCLES; i += 1) {
    const type = await cycle();
    outcomes[type] = (outcomes[type] ?? 0) + 1;
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  const heapAfter = await heapUsed(tab);
  const left = await tab.evaluate((before) => ({
    // Proves the counting works: every flow starts its poll timer.
    timersStarted: window.bench.timers.started - before,
    timers: window.bench.timers.active.size,
    channels: window.bench.channels.size,
    cookie: document.cookie.includes('twitter_oauth_popup='),
  }), timersBefore);
  return {
    idle,
    outcomes,
    ...left,
    listeners: (await listenerCount(tab)) - listenersBefore,
    heapGrowth: heapAfter - heapBefore,
  };
}

const ms = (value) => `${value.toFixed(1)} ms`;
const bytes = (value) => `${(value / KB).toFixed(2)} KB`;

async function main() {
  const { server, origin } = await startServer();
  const browser = await launchChromium();
  const open = async (path) => {
    const tab = await browser.newPage();
    tab.setDefaultTimeout(15_000);
    await tab.evaluateOnNewDocument(instrumentPage, TERMINAL);
    await tab.goto(`${origin}${path}`);
    return tab;
  };
  try {
    const ours = await open('/bench/ours');
    const seed = await open('/bench/seed');
    await ours.waitForFunction(() => document.querySelector('twitter-connect')?.shadowRoot);
    await ours.evaluate(() => fetch('/__backend/reset', { method: 'POST' }));
    const rtt = await checkRoundTrip(ours);
    // Not signed in yet, so a hand close reads `{"authed": false}`.
    const handClose = await sideBySide(handCloseFlow, ours, seed);
    const completion = await sideBySide(completionFlow, ours, seed);
    const leaks = await leaksAndIdle(await open('/bench/leaks'));
    const sizes = await bundleSizes();
    return report({ rtt, completion, handClose, leaks, sizes });
  } finally {
    await browser.close();
    server.close();
  }
}

function report({ rtt, completion, handClose, leaks, sizes }) {
  const rows = [];
  const row = (measure, ours, seed, goal, met) =>
    rows.push({ measure, ours, seed, goal, met: met ? 'yes' : 'MISSED' });
  const times = (runs) => runs.map((run) => run.ms);

  const c = { ours: times(completion.ours), seed: times(completion.seed) };
  row(
    'completion, median',
    ms(median(c.ours)),
    ms(median(c.seed)),
    `≤ seed/10 and ≤ 50 ms + check (${ms(rtt)})`,
    median(c.ours) * 10 <= median(c.seed) && median(c.ours) <= 50 + rtt,
  );
  row('completion, p95', ms(p95(c.ours)), ms(p95(c.seed)), '-', true);
  // Where ours spends it: each step's median, from the close page's start.
  for (const [key, label] of [
    ['toReport', 'callback.js reports'],
    ['toHeard', 'opener hears it'],
    ['toCheckStart', 'check request starts'],
    ['toCheckEnd', 'check answer received'],
  ]) {
    const values = completion.ours.map((run) => run[key] ?? Infinity);
    const seedValues = completion.seed.map((run) => run[key] ?? Infinity);
    const seedText = key.startsWith('toCheck') ? ms(median(seedValues)) : '-';
    row(`  … ${label}, median`, ms(median(values)), seedText, '-', true);
  }
  const h = { ours: times(handClose.ours), seed: times(handClose.seed) };
  row('hand close, median', ms(median(h.ours)), ms(median(h.seed)), '-', true);
  row(
    'hand close, p95',
    ms(p95(h.ours)),
    ms(p95(h.seed)),
    `≤ 300 ms + check (${ms(rtt)})`,
    p95(h.ours) <= 300 + rtt,
  );
  const checks = (runs) => runs.flatMap((r) => r.checks);
  const ourChecks = [...checks(completion.ours), ...checks(handClose.ours)];
  const seedChecks = [...checks(completion.seed), ...checks(handClose.seed)];
  const spread = (values) => `${Math.min(...values)}-${Math.max(...values)}`;
  row(
    'check requests per flow',
    spread(ourChecks),
    spread(seedChecks),
    'exactly 1',
    ourChecks.every((n) => n === 1),
  );
  row(
    'bundled (with Lit), min+gzip',
    `${bytes(sizes.bundled)} (${bytes(sizes.bundledMin)} min)`,
    '-',
    '≤ 9 KB',
    sizes.bundled <= 9 * KB,
  );
  row(
    'own code (Lit external), min+gzip',
    `${bytes(sizes.own)} (${bytes(sizes.ownMin)} min)`,
    '-',
    '≤ 3.5 KB',
    sizes.own <= 3.5 * KB,
  );
  row(
    'callback.js, min+gzip',
    `${sizes.callback} B (${sizes.callbackMin} B min)`,
    '-',
    '≤ 600 B',
    sizes.callback <= 600,
  );
  const cycles = Object.entries(leaks.outcomes).map(([t, n]) => `${n} ${t}`).join(', ');
  row(
    `left after ${LEAK_CYCLES} cycles (${cycles})`,
    `${leaks.timers} timers (of ${leaks.timersStarted}), ${leaks.listeners} listeners, ` +
      `${leaks.channels} channels`,
    '-',
    'none',
    leaks.timers === 0 &&
      leaks.listeners === 0 &&
      leaks.channels === 0 &&
      leaks.timersStarted >= LEAK_CYCLES,
  );
  row(
    `heap growth over ${LEAK_CYCLES} cycles`,
    `${(leaks.heapGrowth / KB).toFixed(1)} KB`,
    '-',
    '< 1 MB',
    leaks.heapGrowth < KB * KB,
  );
  row(
    `timers started by an idle element (${IDLE_MS / 1000} s)`,
    String(leaks.idle.started),
    '-',
    '0',
    leaks.idle.started === 0 && leaks.idle.active === 0,
  );
  row('flow cookie left', leaks.cookie ? 'yes' : 'no', '-', 'no', !leaks.cookie);

  console.log(`\n${FLOWS} flows per latency row (after ${WARM_UP} warm-up), Chromium headless`);
  console.table(rows);
  console.log('\nWhere the bundle goes (minified bytes before gzip, esbuild metafile):');
  for (const { path, bytes: size } of sizes.byInput) {
    if (size) console.log(`  ${String(size).padStart(6)}  ${path.replace(/^node_modules\//, '')}`);
  }
  console.log('Own code per element, Lit external, min+gzip:');
  for (const [entry, size] of Object.entries(sizes.perElement)) {
    console.log(`  ${bytes(size).padStart(9)}  ${entry} and what it imports`);
  }
  console.log(`Lit's share of the bundle: about ${bytes(sizes.bundled - sizes.own)} gzip.`);
  const { styles, markup, texts, rest } = sizes.byKind;
  console.log(
    'Own code by kind, each gzipped alone: ' +
      `styles ${bytes(styles)}, markup ${bytes(markup)}, English texts ${bytes(texts)}, ` +
      `the rest (logic, warnings, names) ${bytes(rest)}.`,
  );
  const missed = rows.filter((r) => r.met !== 'yes').length;
  console.log(missed ? `\n${missed} goal(s) missed.` : '\nEvery goal met.');
  return missed ? 1 : 0;
}

process.exitCode = await main();
