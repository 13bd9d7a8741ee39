/**
 * The set-up every integration test shares: a fresh backend session, an
 * event recorder, the resource tracker and focus emulation, and the checks
 * every flow must pass when it ends.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { TwitterConnect } from '../../src/index.js';
import {
  buttonOf,
  cookieValue,
  emulateFocus,
  popup,
  realClick,
  recordEvents,
  trackResources,
  waitFor,
} from '../helpers.js';
import { backendLog, resetBackend } from './backend.js';

export function useFlowHarness() {
  const h = {} as {
    recorder: ReturnType<typeof recordEvents>;
    resources: ReturnType<typeof trackResources>;
    focus: ReturnType<typeof emulateFocus>;
  };
  beforeEach(async () => {
    await resetBackend();
    h.recorder = recordEvents();
    h.resources = trackResources();
    h.focus = emulateFocus();
  });
  afterEach(async () => {
    h.focus.restore();
    h.resources.restore();
    h.recorder.stop();
    await popup('close-all');
    document.cookie = 'twitter_oauth_popup=; path=/; max-age=0';
  });

  /** `attributes`: space-separated `name=value` pairs (values without spaces). */
  async function mount(attributes = '') {
    const el = await fixture<TwitterConnect>(html`<twitter-connect></twitter-connect>`);
    for (const pair of attributes.split(' ').filter(Boolean)) {
      const eq = pair.indexOf('=');
      el.setAttribute(pair.slice(0, eq), pair.slice(eq + 1));
    }
    await el.updateComplete;
    return el;
  }

  /** A real click; the window manager moves the focus to the popup. */
  async function start(el: TwitterConnect) {
    h.focus.focusNextPopup();
    await realClick(buttonOf(el));
    await popup('url', { urlIncludes: '/provider/' });
  }

  /**
   * One terminal event, the button usable, the cookie gone, nothing left
   * running, one check request, the popup closed. `others`: listeners
   * that other elements on the page rightly keep.
   */
  async function expectCleanEnd(el: TwitterConnect, type: string, others: string[] = []) {
    await el.updateComplete;
    expect(h.recorder.terminal().map((e) => e.type)).to.deep.equal([type]);
    expect(buttonOf(el).disabled).to.equal(false);
    expect(buttonOf(el).getAttribute('aria-busy')).to.equal('false');
    expect(cookieValue()).to.equal(null);
    expect(h.resources.live()).to.deep.equal({
      intervals: 0,
      timeouts: 0,
      channels: 0,
      listeners: others,
    });
    expect(await backendLog('/auth/check/twitter')).to.have.length(1);
    await waitFor(async () => !(await popup('open?')), 'the popup to close');
  }

  return Object.assign(h, { mount, start, expectCleanEnd });
}
