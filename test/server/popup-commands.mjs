// Test-runner commands that drive the sign-in popup from outside the page,
// as a person would: the provider's pages are on another origin, so the
// test page itself cannot reach into them.
//
// In the browser: executeServerCommand('popup', { action, ... }).

/** Popups of each test page, oldest first; filled by `trackPopups`. */
const popupsOf = new WeakMap();

/**
 * Records the popups `page` opens, from puppeteer's `popup` event, for
 * WebDriver BiDi (Firefox), where `target.opener()` is unsupported and the
 * event fires as soon as the popup exists. Use it as the launcher's
 * `createPage`, so the listener is in place before the first test clicks.
 */
export function trackPopups(page) {
  const popups = [];
  popupsOf.set(page, popups);
  page.on('popup', (popup) => {
    if (!popup) return;
    popups.push(popup);
    popup.once('close', () => popups.splice(popups.indexOf(popup), 1));
  });
  return page;
}

/** The open popups of the test page, newest last. */
async function openPopups(page) {
  if (page.browser().protocol === 'cdp') {
    // Over CDP the `popup` event waits for the popup's page to initialise,
    // which can take longer than a test's next step; targets exist at once.
    const opener = page.target();
    const targets = page
      .browser()
      .targets()
      .filter((target) => target.type() === 'page' && target.opener() === opener);
    const pages = await Promise.all(targets.map((target) => target.page().catch(() => null)));
    return pages.filter((popup) => popup && !popup.isClosed());
  }
  const popups = popupsOf.get(page);
  if (!popups) throw new Error('popup commands need pages made by trackPopups()');
  return popups.filter((popup) => !popup.isClosed());
}

/** The newest open popup, or with `includes`, the newest one at such a URL. */
async function waitForPopup(page, includes, timeout = 5000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const popups = await openPopups(page);
    const match = includes ? popups.filter((p) => p.url().includes(includes)) : popups;
    if (match.length) return match.at(-1);
    if (Date.now() > deadline) {
      const urls = popups.map((p) => p.url()).join(', ') || 'none';
      throw new Error(`no popup${includes ? ` at a URL with "${includes}"` : ''} (open: ${urls})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function popupCommands() {
  return {
    name: 'popup-commands',
    async executeCommand({ command, payload, session }) {
      if (command !== 'popup') return undefined;
      const page = session.browser.getPage(session.id);
      const { action, selector, urlIncludes } = payload;
      if (action === 'count') return (await openPopups(page)).length;
      if (action === 'close-all') {
        // A popup may close itself meanwhile; that is just as good.
        for (const popup of await openPopups(page)) await popup.close().catch(() => {});
        return true;
      }
      if (action === 'open?') return (await openPopups(page)).length > 0;
      const popup = await waitForPopup(page, urlIncludes);
      switch (action) {
        case 'url':
          return popup.url();
        case 'severed?':
          // What COOP does to a popup: no opener, no name.
          return popup.evaluate(() => window.opener === null && window.name === '');
        case 'click':
          await popup.waitForSelector(selector, { timeout: 5000 });
          await popup.click(selector);
          return true;
        case 'close':
          await popup.close({ runBeforeUnload: false });
          return true;
        default:
          throw new Error(`unknown popup action ${action}`);
      }
    },
  };
}
