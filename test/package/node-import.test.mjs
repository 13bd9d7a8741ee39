/**
 * Server-side rendering setups import the package in Node, where there is
 * no DOM: the side-effect-free entry must load there. Run after the build.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';

it('should import dist/index.js in Node without a DOM', async () => {
  assert.equal(typeof globalThis.document, 'undefined');
  const entry = await import(new URL('../../dist/index.js', import.meta.url).href);
  assert.equal(typeof entry.TwitterConnect, 'function');
  assert.equal(typeof entry.TwitterCompleteSignup, 'function');
  // No side effects: importing registers nothing, even where Lit's Node
  // build provides a `customElements` shim.
  assert.equal(globalThis.customElements?.get('twitter-connect'), undefined);
  assert.equal(globalThis.customElements?.get('twitter-complete-signup'), undefined);
});
