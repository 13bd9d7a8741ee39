// A test-runner command that types through an input method, as a person
// writing Japanese or Chinese does: the text stays "composing" until the
// Enter that confirms it. Chromium only (CDP's Input.imeSetComposition);
// WebDriver BiDi has no input-method emulation yet.
//
// In the browser: executeServerCommand('ime', { action, text }).

export function imeCommands() {
  return {
    name: 'ime-commands',
    async executeCommand({ command, payload, session }) {
      if (command !== 'ime') return undefined;
      const page = session.browser.getPage(session.id);
      if (page.browser().protocol !== 'cdp') {
        throw new Error('the ime command needs Chromium (CDP)');
      }
      const cdp = await page.createCDPSession();
      try {
        const { action, text = '' } = payload;
        if (action === 'compose') {
          // Underlined, uncommitted text in the focused field.
          await cdp.send('Input.imeSetComposition', {
            text,
            selectionStart: text.length,
            selectionEnd: text.length,
          });
        } else if (action === 'commit') {
          await cdp.send('Input.insertText', { text });
        } else if (action === 'enter') {
          // The same key events as puppeteer's keyboard.press('Enter').
          const key = {
            key: 'Enter',
            code: 'Enter',
            windowsVirtualKeyCode: 13,
          };
          await cdp.send('Input.dispatchKeyEvent', {
            type: 'keyDown',
            text: '\r',
            unmodifiedText: '\r',
            ...key,
          });
          await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
        } else {
          throw new Error(`unknown ime action ${action}`);
        }
        return true;
      } finally {
        await cdp.detach();
      }
    },
  };
}
