/**
 * Shared test helpers: real clicks, the popup driven from outside, focus
 * emulation, an event recorder and a tracker of timers, listeners and
 * channels, so every flow test can assert that nothing is left behind.
 */
import { executeServerCommand, sendMouse } from '@web/test-runner-commands';
import { expect } from '@open-wc/testing';

export const TERMINAL_EVENTS = ['authed', 'pending', 'cancelled', 'failed', 'blocked'] as const;
const ALL_EVENTS = [...TERMINAL_EVENTS, 'signup-complete', 'signup-failed'] as const;

export interface Recorded {
  type: string;
  detail: any;
  target: EventTarget | null;
}

/** Records our events as they reach `document`. Call `stop()` after. */
export function recordEvents() {
  const events: Recorded[] = [];
  const listener = (event: Event) =>
    events.push({ type: event.type, detail: (event as CustomEvent).detail, target: event.target });
  for (const type of ALL_EVENTS) document.addEventListener(type, listener);
  return {
    events,
    terminal: () => events.filter((e) => (TERMINAL_EVENTS as readonly string[]).includes(e.type)),
    stop: () => ALL_EVENTS.forEach((type) => document.removeEventListener(type, listener)),
  };
}

/** Timers of the tests themselves, invisible to `trackResources`. */
const nativeSetTimeout = window.setTimeout.bind(window);
export const sleep = (ms: number) =>
  new Promise<void>((resolve) => nativeSetTimeout(resolve, ms));

export async function waitFor(
  condition: () => unknown,
  message: string,
  timeout = 5000,
): Promise<void> {
  const deadline = performance.now() + timeout;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${message}`);
    await sleep(10);
  }
}

/** A real mouse click in the middle of `node` (a user gesture). */
export async function realClick(node: Element): Promise<void> {
  const box = node.getBoundingClientRect();
  await sendMouse({
    type: 'click',
    position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)],
  });
}

/**
 * Runs `body` with `console.warn` recording the text of each warning
 * (its first argument), then puts `console.warn` back. Resolves with the
 * warnings, which `body` also receives to check them as they come.
 */
export async function withWarnings(
  body: (warnings: string[]) => unknown,
): Promise<string[]> {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(String(args[0]));
  try {
    await body(warnings);
  } finally {
    console.warn = warn;
  }
  return warnings;
}

export function buttonOf(el: HTMLElement): HTMLButtonElement {
  return el.shadowRoot!.querySelector('button')!;
}

type PopupAction = 'url' | 'click' | 'close' | 'close-all' | 'count' | 'open?' | 'severed?';
/** Drives the flow's popup through the browser's automation protocol. */
export function popup<T = unknown>(
  action: PopupAction,
  options: { selector?: string; urlIncludes?: string } = {},
): Promise<T> {
  return executeServerCommand('popup', { action, ...options });
}

/**
 * Headless browsers report every window as focused; a real window manager
 * takes the focus to the popup and gives it back when the popup closes.
 * `focusPopup()` emulates the first, `focusOpener()` the second;
 * `focusNextPopup()` does the first as the next `window.open` returns.
 */
export function emulateFocus() {
  const original = Object.getOwnPropertyDescriptor(Document.prototype, 'hasFocus')!;
  const open = window.open;
  let focused = true;
  Object.defineProperty(document, 'hasFocus', { configurable: true, value: () => focused });
  const focusPopup = () => {
    focused = false;
    window.dispatchEvent(new FocusEvent('blur'));
  };
  return {
    focusPopup,
    focusOpener() {
      focused = true;
      window.dispatchEvent(new FocusEvent('focus'));
    },
    /**
     * Blurs this window inside `window.open`, as a real browser does. After
     * the click is too late when the popup is cut off by COOP: `closed` then
     * reads true at once, and Firefox's (BiDi) clicks return only after
     * 200-700 ms, so the element would see a closed popup and a focused page.
     */
    focusNextPopup() {
      window.open = (...args: Parameters<typeof window.open>) => {
        window.open = open;
        const popup = open.apply(window, args);
        if (popup) focusPopup();
        return popup;
      };
    },
    restore() {
      window.open = open;
      delete (document as { hasFocus?: unknown }).hasFocus;
      expect(Document.prototype.hasFocus).to.equal(original.value);
    },
  };
}

export function cookieValue(name = 'twitter_oauth_popup'): string | null {
  const pair = document.cookie.split('; ').find((p) => p.startsWith(`${name}=`));
  return pair ? pair.slice(name.length + 1) : null;
}

/** True when the caller's caller is the package's own code. */
const fromPackage = () => /\/src\/[\w-]+\.ts/.test(new Error().stack ?? '');

/**
 * Counts the live intervals, timeouts, window/document listeners and
 * BroadcastChannels that the package's code (`src/`) created while it is
 * installed; the test runner's own are not counted.
 */
export function trackResources() {
  const intervals = new Set<number>();
  const timeouts = new Set<number>();
  const channels = new Set<BroadcastChannel>();
  const listeners = new Set<string>();
  // Typed loosely: Node's timer types leak into the browser ones here.
  type TimerFn = (handler: TimerHandler, ms?: number, ...rest: unknown[]) => number;
  type ClearFn = (id?: number) => void;
  const timers = window as unknown as {
    setInterval: TimerFn;
    clearInterval: ClearFn;
    setTimeout: TimerFn;
    clearTimeout: ClearFn;
  };
  const saved = {
    setInterval: timers.setInterval,
    clearInterval: timers.clearInterval,
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
    BroadcastChannel: window.BroadcastChannel,
    add: EventTarget.prototype.addEventListener,
    remove: EventTarget.prototype.removeEventListener,
  };
  let ids = 0;
  const listenerIds = new WeakMap<object, number>();
  const keyOf = (target: EventTarget, type: string, listener: unknown) => {
    const fn = listener as object;
    if (!listenerIds.has(fn)) listenerIds.set(fn, ++ids);
    const where = target === window ? 'window' : target === document ? 'document' : null;
    return where ? `${where}:${type}:${listenerIds.get(fn)}` : null;
  };
  timers.setInterval = (handler, ms, ...rest) => {
    const id = saved.setInterval.call(window, handler, ms, ...rest);
    if (fromPackage()) intervals.add(id);
    return id;
  };
  timers.clearInterval = (id) => {
    if (id !== undefined) intervals.delete(id);
    saved.clearInterval.call(window, id);
  };
  timers.setTimeout = (handler, ms, ...rest) => {
    const run = (...args: unknown[]) => {
      timeouts.delete(id);
      if (typeof handler === 'function') handler(...args);
    };
    const id = saved.setTimeout.call(window, run, ms, ...rest);
    if (fromPackage()) timeouts.add(id);
    return id;
  };
  timers.clearTimeout = (id) => {
    if (id !== undefined) timeouts.delete(id);
    saved.clearTimeout.call(window, id);
  };
  window.BroadcastChannel = class extends saved.BroadcastChannel {
    constructor(name: string) {
      super(name);
      if (fromPackage()) channels.add(this);
    }
    override close() {
      channels.delete(this);
      super.close();
    }
  };
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    const key = fromPackage() ? keyOf(this, type, listener) : null;
    if (key && listener) {
      listeners.add(key);
      const signal = typeof options === 'object' ? options?.signal : undefined;
      signal?.addEventListener('abort', () => listeners.delete(key));
    }
    return saved.add.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    const key = keyOf(this, type, listener);
    if (key) listeners.delete(key);
    return saved.remove.call(this, type, listener, options);
  };
  return {
    live: () => ({
      intervals: intervals.size,
      timeouts: timeouts.size,
      channels: channels.size,
      listeners: [...listeners],
    }),
    restore() {
      Object.assign(window, {
        setInterval: saved.setInterval,
        clearInterval: saved.clearInterval,
        setTimeout: saved.setTimeout,
        clearTimeout: saved.clearTimeout,
        BroadcastChannel: saved.BroadcastChannel,
      });
      EventTarget.prototype.addEventListener = saved.add;
      EventTarget.prototype.removeEventListener = saved.remove;
    },
  };
}
