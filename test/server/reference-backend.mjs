// A stand-in for the app's server, shaped like the Rails + OmniAuth app in
// CONTRACT.md, served by the test runner as Koa middleware. It also plays
// the OAuth provider on a second origin: pages are at http://localhost:PORT
// and the provider at http://127.0.0.1:PORT (or the other way round), so
// the popup really leaves the app's origin.
//
// Faults are switched per flow with `?fault=a,b` on the start URL, carried
// with the request token, so concurrent flows do not share switches:
//   coop        the consent page sends Cross-Origin-Opener-Policy
//   coop-login  the consent page links to a sign-in page that sends it
//   bare-close  the close page is the seed's bare `window.close()`
//   no-close    the callback forgets the close page (redirects to a page
//               that loads nothing of ours)
//   omniauth2   OmniAuth 2: GET is "passthru" 404, POST needs the token
//   no-popup    the callback ignores the popup cookie (plain redirect)
//   script-only Cancel leads to an app page that loads the package but has
//               no element
// The check endpoint and POST /users take their own `?fault=` (see there).
import { randomBytes } from 'node:crypto';
import { build } from 'esbuild';

const POPUP_COOKIE = 'twitter_oauth_popup';
const SESSION_COOKIE = '_reference_session';
const APP_HOME = '/app/home';

const newId = () => randomBytes(12).toString('hex');

/** Twitter profiles the fake provider can sign in as. */
const TWITTER_ACCOUNTS = {
  existing: { uid: '1001', info: { nickname: 'alice', name: 'Alice Example', image: '' } },
  new: { uid: '2002', info: { nickname: 'bob_builds', name: 'Bob Builder', image: '' } },
  rtl: { uid: '3003', info: { nickname: 'salma', name: 'سلمى العربية', image: '' } },
  markup: {
    uid: '4004',
    info: { nickname: '<b>nick</b>', name: '<img src=x onerror="window.__xss=1">', image: '' },
  },
};

function seedUsers() {
  return new Map([
    ['alice@example.com', { id: 1, email: 'alice@example.com', name: 'Alice Example', nickname: 'alice', uid: '1001' }],
  ]);
}

export function createReferenceBackend() {
  // Each browser has its own cookie jar, so a session per browser keeps
  // test runs in Chromium and Firefox, which run at once, apart: each
  // session has its own users and request log.
  const state = {
    sessions: new Map(),
    tokens: new Map(),
  };
  const freshSession = () => ({ csrf: newId(), users: seedUsers(), log: [] });
  let callbackScript;
  let bundledScript;

  const session = (ctx) => {
    let sid = ctx.cookies.get(SESSION_COOKIE);
    if (!sid || !state.sessions.has(sid)) {
      sid = newId();
      state.sessions.set(sid, freshSession());
      ctx.cookies.set(SESSION_COOKIE, sid, { httpOnly: true, sameSite: 'lax', overwrite: true });
    }
    return state.sessions.get(sid);
  };

  const readBody = async (ctx) => {
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  };

  const html = (ctx, body, status = 200) => {
    ctx.status = status;
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = `<!doctype html><html lang="en"><meta charset="utf-8">${body}</html>`;
  };

  const json = (ctx, body, status = 200) => {
    ctx.status = status;
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(body);
  };

  /** The other origin of this same server: the provider for the app. */
  const providerOrigin = (ctx) => {
    const [host, port] = ctx.host.split(':');
    return `http://${host === 'localhost' ? '127.0.0.1' : 'localhost'}:${port}`;
  };

  const popupCookie = (ctx) => ctx.cookies.get(POPUP_COOKIE);

  /** What the 2012 technique's callback does with the popup cookie. */
  const closePageOr = (ctx, token, redirectTo) => {
    const faults = token?.faults ?? [];
    // Rails' `if cookies[:twitter_oauth_popup]`: an empty value is "set" in
    // Ruby but the element never sends one, so a real value is required.
    if (popupCookie(ctx) && !faults.includes('no-popup') && !faults.includes('no-close')) {
      // The seed "clears" it with `cookies[:name] = nil`: an empty value.
      ctx.set('Set-Cookie', `${POPUP_COOKIE}=; path=/`);
      const script = faults.includes('bare-close')
        ? '<script>window.close()</script>'
        : '<script src="/callback.js"></script>';
      return html(ctx, `<title>Signed in</title><p>Close this window to continue.</p>${script}`);
    }
    ctx.redirect(faults.includes('no-close') ? '/app/plain' : redirectTo);
  };

  const checkAnswer = (s) => {
    if (s.userId) {
      const user = [...s.users.values()].find((u) => u.id === s.userId);
      return {
        authed: true,
        authentication: { provider: 'twitter', uid: user.uid },
        user: { id: user.id, email: user.email, name: user.name, nickname: user.nickname },
      };
    }
    if (s.omniauth) return { authed: true, omniauth: s.omniauth };
    return { authed: false };
  };

  const routes = {
    'GET /__backend/session': (ctx) => {
      const s = session(ctx);
      json(ctx, { csrfToken: s.csrf, csrfParam: 'authenticity_token' });
    },
    'POST /__backend/reset': (ctx) => {
      const s = session(ctx);
      for (const key of Object.keys(s)) delete s[key];
      Object.assign(s, freshSession());
      json(ctx, { csrfToken: s.csrf, csrfParam: 'authenticity_token' });
    },
    'GET /__backend/log': (ctx) => json(ctx, session(ctx).log),

    'GET /auth/twitter': (ctx) => startAuth(ctx, 'GET'),
    'POST /auth/twitter': (ctx) => startAuth(ctx, 'POST'),

    'GET /auth/twitter/callback': (ctx) => {
      const s = session(ctx);
      const { oauth_token: tokenId, denied } = ctx.query;
      const token = state.tokens.get(denied ?? tokenId);
      if (denied !== undefined || !token?.account) {
        // OmniAuth sends a denied consent to the failure endpoint.
        return closePageOr(ctx, token, '/auth/failure?message=access_denied');
      }
      state.tokens.delete(tokenId);
      const account = TWITTER_ACCOUNTS[token.account];
      const user = [...s.users.values()].find((u) => u.uid === account.uid);
      if (user) {
        s.userId = user.id;
        delete s.omniauth;
      } else {
        s.omniauth = { provider: 'twitter', uid: account.uid, info: account.info };
      }
      closePageOr(ctx, token, APP_HOME);
    },
    'GET /auth/failure': (ctx) => closePageOr(ctx, null, APP_HOME),

    'GET /auth/check/twitter': (ctx) => {
      const fault = ctx.query.fault;
      if (fault === '500') return json(ctx, { error: 'boom' }, 500);
      if (fault === '401') return json(ctx, { error: 'You need to sign in' }, 401);
      if (fault === 'html') return html(ctx, '<title>Log in</title><form>Log in</form>');
      if (fault === 'bad-json') return json(ctx, '{"authed": tr', 200);
      if (fault === 'shape') return json(ctx, { ok: true });
      if (fault === 'hang') return new Promise(() => {}); // Never answers.
      json(ctx, checkAnswer(session(ctx)));
    },

    'POST /users': async (ctx) => {
      const s = session(ctx);
      const raw = await readBody(ctx);
      // Faults of the registration endpoint, switched by `?fault=`.
      const fault = ctx.query.fault;
      if (fault === '403') return json(ctx, { error: 'Forbidden' }, 403);
      if (fault === '500') return html(ctx, '<h1>Internal Server Error</h1>', 500);
      if (fault === 'login') return ctx.redirect('/app/plain');
      if (fault === 'hash') {
        return json(ctx, { errors: { email: ['is invalid'], nickname: ['<b>is taken</b>'] } }, 422);
      }
      if (fault === 'hang') return new Promise(() => {}); // Never answers.
      if (ctx.get('X-CSRF-Token') !== s.csrf) {
        // Rails' own answer to InvalidAuthenticityToken for a JSON request.
        return json(ctx, { status: 422, error: 'Unprocessable Entity' }, 422);
      }
      let email = '';
      let params = {};
      try {
        ctx.state.body = JSON.parse(raw);
        params = ctx.state.body.user ?? {};
        email = String(params.email ?? '').trim();
      } catch {
        return json(ctx, { errors: ['Request body is not JSON'] }, 400);
      }
      if (!email) return json(ctx, { errors: ["Email can't be blank"] }, 422);
      if (s.users.has(email.toLowerCase())) {
        return json(ctx, { errors: ['Email has already been taken'] }, 422);
      }
      if (!s.omniauth) return json(ctx, { errors: ['No Twitter sign-in to attach'] }, 422);
      const user = {
        id: s.users.size + 1,
        email,
        name: String(params.name ?? ''),
        nickname: String(params.nickname ?? ''),
        uid: s.omniauth.uid,
      };
      s.users.set(email.toLowerCase(), user);
      s.userId = user.id;
      delete s.omniauth;
      json(ctx, { user: { id: user.id, email, name: user.name, nickname: user.nickname } }, 201);
    },

    [`GET ${APP_HOME}`]: (ctx) =>
      html(
        ctx,
        `<title>App home</title><h1>App home</h1>
        <script type="module" src="/src/define.ts"></script>
        <twitter-connect></twitter-connect>`,
      ),
    'GET /app/plain': (ctx) => html(ctx, '<title>Signed in</title><p>Welcome back.</p>'),
    'GET /app/script-only': (ctx) =>
      html(
        ctx,
        `<title>App page</title><p>No element here.</p>
        <script type="module" src="/src/define.ts"></script>`,
      ),
    // A page under a strict policy: no inline style or script at all, so
    // the elements must style themselves through constructable sheets.
    'GET /app/strict-csp': (ctx) => {
      ctx.set(
        'Content-Security-Policy',
        "default-src 'self'; style-src 'self'; script-src 'self'",
      );
      html(
        ctx,
        `<title>Strict CSP</title>
        <script src="/test/fixtures/csp-probe.js"></script>
        <script type="module" src="/src/define.ts"></script>
        <twitter-connect></twitter-connect>
        <twitter-complete-signup></twitter-complete-signup>`,
      );
    },

    'GET /callback.js': async (ctx) => {
      callbackScript ??= build({
        entryPoints: ['src/callback.ts'],
        bundle: true,
        write: false,
        format: 'iife',
        target: 'es2022',
      }).then((result) => result.outputFiles[0].text);
      ctx.type = 'text/javascript';
      ctx.body = await callbackScript;
    },

    // What `npm run build` writes as dist/twitter-connect.bundled.js, built
    // here so that tests need no dist/ (`npm test` builds it after them).
    'GET /__backend/twitter-connect.bundled.js': async (ctx) => {
      bundledScript ??= build({
        entryPoints: ['src/define.ts'],
        bundle: true,
        minify: true,
        write: false,
        format: 'esm',
        target: 'es2022',
      }).then((result) => result.outputFiles[0].text);
      ctx.type = 'text/javascript';
      ctx.body = await bundledScript;
    },

    // The provider's pages, on the other origin.
    'GET /provider/authenticate': (ctx) => consentPage(ctx, 'coop'),
    'GET /provider/login': (ctx) => consentPage(ctx, 'coop-login'),
    'GET /provider/authorize': (ctx) => {
      const token = state.tokens.get(ctx.query.oauth_token);
      if (!token) return html(ctx, '<p>Unknown request token.</p>', 400);
      token.account = TWITTER_ACCOUNTS[ctx.query.as] ? ctx.query.as : 'existing';
      const verifier = newId();
      ctx.redirect(
        `${token.app}/auth/twitter/callback?oauth_token=${token.id}&oauth_verifier=${verifier}`,
      );
    },
  };

  async function startAuth(ctx, method) {
    const faults = String(ctx.query.fault ?? '').split(',').filter(Boolean);
    if (faults.includes('omniauth2')) {
      if (method === 'GET') {
        ctx.status = 404;
        ctx.type = 'text/plain';
        ctx.body = 'Not found. Authentication passthru.';
        return;
      }
      const form = new URLSearchParams(await readBody(ctx));
      ctx.state.body = Object.fromEntries(form);
      if (form.get('authenticity_token') !== session(ctx).csrf) {
        ctx.status = 422;
        ctx.type = 'text/plain';
        ctx.body = 'ActionController::InvalidAuthenticityToken';
        return;
      }
    }
    const id = newId();
    state.tokens.set(id, { id, faults, app: ctx.origin });
    ctx.redirect(`${providerOrigin(ctx)}/provider/authenticate?oauth_token=${id}`);
  }

  function consentPage(ctx, coopFault) {
    const token = state.tokens.get(ctx.query.oauth_token);
    if (!token) return html(ctx, '<p>Unknown request token.</p>', 400);
    if (token.faults.includes(coopFault)) ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    const t = `oauth_token=${token.id}`;
    // `script-only`: Cancel leads to an app page that loads the package
    // but shows no element.
    const cancelTo = token.faults.includes('script-only') ? '/app/script-only' : APP_HOME;
    const login =
      token.faults.includes('coop-login') && coopFault === 'coop'
        ? `<a id="login" href="/provider/login?${t}">Sign in to Twitter first</a>`
        : '';
    html(
      ctx,
      `<title>Authorize app</title><h1>Authorize the app?</h1>${login}
      <a id="authorize" href="/provider/authorize?${t}&as=existing">Authorize app</a>
      <a id="authorize-new" href="/provider/authorize?${t}&as=new">Authorize as a new user</a>
      <a id="authorize-rtl" href="/provider/authorize?${t}&as=rtl">Authorize as سلمى</a>
      <a id="authorize-markup" href="/provider/authorize?${t}&as=markup">Authorize (markup)</a>
      <a id="deny" href="${token.app}/auth/twitter/callback?denied=${token.id}">Deny</a>
      <a id="cancel" href="${token.app}${cancelTo}">Cancel</a>`,
    );
  }

  /** Koa middleware for the test runner's `middleware` option. */
  return async function referenceBackend(ctx, next) {
    const handler = routes[`${ctx.method} ${ctx.path}`];
    if (!handler) return next();
    if (!ctx.path.startsWith('/auth/') && ctx.path !== '/users') return handler(ctx);
    // Logged before it is handled, so a request that never gets an answer
    // still counts; the status and parsed body are filled in after.
    const entry = {
      method: ctx.method,
      path: ctx.path,
      query: ctx.querystring,
      contentType: ctx.get('Content-Type'),
      accept: ctx.get('Accept'),
      csrfHeader: ctx.get('X-CSRF-Token'),
      body: null,
      popupCookie: ctx.cookies.get(POPUP_COOKIE) ?? null,
      status: null,
    };
    session(ctx).log.push(entry);
    await handler(ctx);
    entry.body = ctx.state.body ?? null;
    entry.status = ctx.status;
  };
}
