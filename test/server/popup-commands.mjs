// Test-runner commands that drive the sign-in popup from outside the page,
// as a person would: the provider's pages are on another origin, so the
// test page itself cannot reach into them.
//
// In the browser: executeServerCommand('popup', { action, ... }).

/** The popup targets the test page opened, newest last. */
function popupTargets(page) {
  const opener = page.target();
  return page
    .browser()
    .targets()
    .filter((target) => target.type() === 'page' && target.opener() === opener);
}

async function waitForPopup(page, timeout = 5000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const targets = popupTargets(page);
    if (targets.length) return targets.at(-1).page();
    if (Date.now() > deadline) throw new Error('no popup opened');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function waitForUrl(popup, includes, timeout = 5000) {
  const deadline = Date.now() + timeout;
  while (!popup.url().includes(includes)) {
    if (Date.now() > deadline) {
      throw new Error(`popup is at ${popup.url()}, not at a URL with "${includes}"`);
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
      if (action === 'count') return popupTargets(page).length;
      if (action === 'close-all') {
        for (const target of popupTargets(page)) {
          const popupPage = await target.page();
          // It may close itself meanwhile; that is just as good.
          if (popupPage && !popupPage.isClosed()) await popupPage.close().catch(() => {});
        }
        return true;
      }
      if (action === 'open?') {
        const targets = popupTargets(page);
        return targets.length > 0 && !(await targets.at(-1).page()).isClosed();
      }
      const popup = await waitForPopup(page);
      if (urlIncludes) await waitForUrl(popup, urlIncludes);
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
