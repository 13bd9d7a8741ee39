// A test-runner command that plays a second tab the user opened: a page of
// its own in the test page's browser context (same cookies), but in
// another browsing context group, as a tab a person opens is.
//
// In the browser: executeServerCommand('tab-flow', { url, href }) runs one
// sign-in there and answers with its outcome.

export function tabCommands() {
  return {
    name: 'tab-commands',
    async executeCommand({ command, payload, session }) {
      if (command !== 'tab-flow') return undefined;
      const testPage = session.browser.getPage(session.id);
      const tab = await testPage.browserContext().newPage();
      try {
        await tab.goto(new URL(payload.url, testPage.url()).href);
        return await tab.evaluate(async (href) => {
          await customElements.whenDefined('twitter-connect');
          const el = document.querySelector('twitter-connect');
          el.setAttribute('href', href);
          return el.connect();
        }, payload.href);
      } finally {
        await tab.close();
      }
    },
  };
}
