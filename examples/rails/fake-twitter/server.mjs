// A stand-in for Twitter's OAuth 1.0a endpoints, for the Rails example and
// its browser tests. It answers exactly what the omniauth-twitter strategy
// asks, checks every request's HMAC-SHA1 signature like the real service,
// and runs on loopback only, so the strategy runs for real with no network.
//
//   POST /oauth/request_token             server to server
//   GET  /oauth/authenticate?oauth_token  the consent page, in the popup
//   GET  /oauth/decide?oauth_token&choice  where the consent page's links go
//   POST /oauth/access_token              server to server
//   GET  /1.1/account/verify_credentials.json  server to server

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

/** The Twitter account that db/seeds.rb links to existing@example.com. */
export const EXISTING_ACCOUNT = {
  id: 1001,
  screen_name: 'existing',
  name: 'Existing Person',
};

/**
 * Starts the fake provider.
 *
 * @param {object} options
 * @param {string} options.consumerKey the key the Rails app signs with
 * @param {string} options.consumerSecret its secret
 * @param {string} options.cancelUrl where "Cancel" sends the popup (the app)
 * @param {number} [options.port] 0 picks a free one
 * @param {string} [options.publicHost] host name the browser uses for the
 *   consent page; the Rails server calls 127.0.0.1
 * @param {boolean} [options.crossOriginOpenerPolicy] send COOP: same-origin
 *   on the consent page, as twitter.com does; the returned object's
 *   `crossOriginOpenerPolicy` changes it later
 * @param {(line: string) => void} [options.log]
 */
export async function startFakeTwitter({
  consumerKey,
  consumerSecret,
  cancelUrl,
  port = 0,
  publicHost = 'localhost',
  crossOriginOpenerPolicy = false,
  log = () => {},
}) {
  const settings = { crossOriginOpenerPolicy };
  // Request tokens from request_token until access_token uses them up.
  const requestTokens = new Map();
  const accessTokens = new Map();
  let newAccounts = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      log(`fake-twitter: ${error.stack}`);
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error\n');
    });
  });

  async function handle(req, res) {
    const url = new URL(req.url, `http://${req.headers.host}`);
    const body = await readBody(req);
    log(`fake-twitter: ${req.method} ${url.pathname}${url.search}`);

    const route = `${req.method} ${url.pathname}`;
    if (route === 'POST /oauth/request_token') {
      const oauth = verify(req, url, body, () => '');
      if (!oauth) return unauthorized(res);
      if (!oauth.oauth_callback || oauth.oauth_callback === 'oob') {
        return unauthorized(res, 'oauth_callback is required');
      }
      const token = randomToken();
      const secret = randomToken();
      requestTokens.set(token, { secret, callback: oauth.oauth_callback });
      return sendForm(res, {
        oauth_token: token,
        oauth_token_secret: secret,
        oauth_callback_confirmed: 'true',
      });
    }

    if (route === 'GET /oauth/authenticate') {
      const token = url.searchParams.get('oauth_token');
      if (!requestTokens.has(token)) {
        return send(res, 400, 'text/plain', 'unknown or used oauth_token\n');
      }
      const headers = settings.crossOriginOpenerPolicy
        ? { 'Cross-Origin-Opener-Policy': 'same-origin' }
        : {};
      return send(res, 200, 'text/html', consentPage(token), headers);
    }

    if (route === 'GET /oauth/decide') {
      const token = url.searchParams.get('oauth_token');
      const pending = requestTokens.get(token);
      if (!pending) {
        return send(res, 400, 'text/plain', 'unknown or used oauth_token\n');
      }
      const back = new URL(pending.callback);
      const choice = url.searchParams.get('choice');
      if (choice === 'deny') {
        // What Twitter does on "Cancel" in its own consent form: back to the
        // callback with denied=, and the token is worthless from then on.
        requestTokens.delete(token);
        back.searchParams.set('denied', token);
      } else {
        pending.account =
          choice === 'new' ? nextNewAccount() : { ...EXISTING_ACCOUNT };
        pending.verifier = randomToken();
        back.searchParams.set('oauth_token', token);
        back.searchParams.set('oauth_verifier', pending.verifier);
      }
      return redirect(res, back.href);
    }

    if (route === 'POST /oauth/access_token') {
      const oauth = verify(
        req,
        url,
        body,
        (token) => requestTokens.get(token)?.secret,
      );
      if (!oauth) return unauthorized(res);
      const pending = requestTokens.get(oauth.oauth_token);
      if (!pending.verifier || oauth.oauth_verifier !== pending.verifier) {
        return unauthorized(res, 'wrong or missing oauth_verifier');
      }
      requestTokens.delete(oauth.oauth_token);
      const token = randomToken();
      const secret = randomToken();
      accessTokens.set(token, { secret, account: pending.account });
      return sendForm(res, {
        oauth_token: token,
        oauth_token_secret: secret,
        user_id: String(pending.account.id),
        screen_name: pending.account.screen_name,
      });
    }

    if (route === 'GET /1.1/account/verify_credentials.json') {
      const oauth = verify(
        req,
        url,
        body,
        (token) => accessTokens.get(token)?.secret,
      );
      if (!oauth) return unauthorized(res);
      const { account } = accessTokens.get(oauth.oauth_token);
      return send(
        res,
        200,
        'application/json',
        JSON.stringify(profileJson(account)),
      );
    }

    const avatar = url.pathname.match(/^\/profile_images\/(\d+)\/\w+\.svg$/);
    if (req.method === 'GET' && avatar) {
      return send(res, 200, 'image/svg+xml', avatarSvg(avatar[1]));
    }

    return send(res, 404, 'text/plain', 'not found\n');
  }

  function nextNewAccount() {
    newAccounts += 1;
    return {
      id: 2000 + newAccounts,
      screen_name: `newcomer${newAccounts}`,
      name: `New Person ${newAccounts}`,
    };
  }

  function profileJson(account) {
    // The fields of Twitter's answer that the strategy reads. No email:
    // Twitter gives one only to apps with extra permission, which is why
    // the sign-up form asks for it.
    const origin = `http://${publicHost}:${boundPort}`;
    const image = `${origin}/profile_images/${account.id}/avatar_normal.svg`;
    return {
      id: account.id,
      id_str: String(account.id),
      screen_name: account.screen_name,
      name: account.name,
      location: 'Loopback',
      description: 'A made-up account on the fake provider.',
      url: null,
      profile_image_url: image,
      profile_image_url_https: image,
    };
  }

  /**
   * Checks the OAuth 1.0a signature (RFC 5849, section 3.4) and returns the
   * request's oauth_* parameters, or null when it does not verify.
   */
  function verify(req, url, body, tokenSecretFor) {
    const oauth = parseAuthorizationHeader(req.headers.authorization);
    if (!oauth || oauth.oauth_consumer_key !== consumerKey) return null;
    if (oauth.oauth_signature_method !== 'HMAC-SHA1') return null;
    let tokenSecret = '';
    if (oauth.oauth_token !== undefined) {
      tokenSecret = tokenSecretFor(oauth.oauth_token);
      if (tokenSecret === undefined) return null;
    }

    const params = [];
    for (const [key, value] of Object.entries(oauth)) {
      if (key !== 'oauth_signature' && key !== 'realm') {
        params.push([key, value]);
      }
    }
    for (const pair of url.searchParams) params.push(pair);
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('application/x-www-form-urlencoded')) {
      for (const pair of new URLSearchParams(body)) params.push(pair);
    }
    const normalized = params
      .map(([key, value]) => [percentEncode(key), percentEncode(value)])
      .sort(([k1, v1], [k2, v2]) =>
        k1 === k2 ? compare(v1, v2) : compare(k1, k2),
      )
      .map(([key, value]) => `${key}=${value}`)
      .join('&');
    const baseUrl = `http://${req.headers.host.toLowerCase()}${url.pathname}`;
    const baseString = [req.method, baseUrl, normalized]
      .map(percentEncode)
      .join('&');
    const key = [consumerSecret, tokenSecret].map(percentEncode).join('&');
    const expected = createHmac('sha1', key).update(baseString).digest();
    const given = Buffer.from(oauth.oauth_signature ?? '', 'base64');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      log(`fake-twitter: bad signature; base string was ${baseString}`);
      return null;
    }
    return oauth;
  }

  function consentPage(token) {
    const link = (choice) =>
      `/oauth/decide?oauth_token=${encodeURIComponent(token)}&choice=${choice}`;
    return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Authorize the example app (fake Twitter)</title>
    <link rel="icon" href="data:,">
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem; }
      a { display: block; margin: .5rem 0; }
    </style>
  </head>
  <body>
    <h1>Fake Twitter</h1>
    <p>Let the example app use your account?</p>
    <a id="authorize" href="${link('existing')}">Authorize app</a>
    <a id="authorize-new" href="${link('new')}">Authorize as new user</a>
    <a id="deny" href="${link('deny')}">Deny</a>
    <a id="cancel" href="${escapeHtml(cancelUrl)}">Cancel</a>
  </body>
</html>
`;
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const boundPort = server.address().port;

  return {
    get crossOriginOpenerPolicy() {
      return settings.crossOriginOpenerPolicy;
    },
    set crossOriginOpenerPolicy(on) {
      settings.crossOriginOpenerPolicy = Boolean(on);
    },
    port: boundPort,
    /** What the Rails server calls (TWITTER_SITE). */
    apiUrl: `http://127.0.0.1:${boundPort}`,
    /** The consent page the popup opens (TWITTER_AUTHORIZE_URL). */
    authorizeUrl: `http://${publicHost}:${boundPort}/oauth/authenticate`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseAuthorizationHeader(header) {
  if (!header || !header.startsWith('OAuth ')) return null;
  const params = {};
  for (const part of header.slice(6).split(',')) {
    const match = part.trim().match(/^([\w-]+)="(.*)"$/);
    if (!match) return null;
    params[decodeURIComponent(match[1])] = decodeURIComponent(match[2]);
  }
  return params;
}

// RFC 3986 unreserved characters stay, everything else is %XX, which is
// what OAuth 1.0a signs (encodeURIComponent leaves !'()* alone).
function percentEncode(value) {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function randomToken() {
  return randomBytes(18).toString('base64url');
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, {
    'Content-Type': `${type}; charset=utf-8`,
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

function sendForm(res, fields) {
  send(
    res,
    200,
    'application/x-www-form-urlencoded',
    new URLSearchParams(fields).toString(),
  );
}

function redirect(res, location) {
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store' });
  res.end();
}

function unauthorized(res, reason = 'could not authenticate you') {
  send(res, 401, 'text/plain', `${reason}\n`);
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function avatarSvg(id) {
  const hue = (Number(id) * 47) % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48">
  <circle cx="24" cy="24" r="24" fill="hsl(${hue} 60% 55%)"/>
</svg>
`;
}
