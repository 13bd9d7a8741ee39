import { test } from 'node:test';
import { checkExample } from '../run-example.mjs';

test('Vue 3 sets every property and hears the events', (t) =>
  checkExample(t, 'vue'));
