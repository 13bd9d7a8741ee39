// `npm run example:rails`: starts the Rails example and the fake Twitter
// provider, prints the address to open, and stops both on Ctrl-C.
//
//   COOP=1 npm run example:rails   sends Cross-Origin-Opener-Policy on the
//                                  consent page, as twitter.com does
//   VERBOSE=1 npm run example:rails  prints both servers' logs

import { startServers } from './servers.mjs';

const verbose = Boolean(process.env.VERBOSE);
let servers;
try {
  servers = await startServers({
    railsEnv: 'development',
    crossOriginOpenerPolicy: Boolean(process.env.COOP),
    log: verbose ? (line) => console.log(line) : () => {},
  });
} catch (error) {
  console.error(`example:rails: ${error.message}`);
  process.exit(1);
}

console.log(`
Rails example:  ${servers.appUrl}/
Fake Twitter:   ${servers.twitter.apiUrl}

"Authorize app" signs in existing@example.com; "Authorize as new user"
shows the sign-up form. The database is new on every start.
Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await servers.stop();
    process.exit(0);
  });
}
