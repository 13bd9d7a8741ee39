import { test } from 'node:test';
import { checkExample } from '../run-example.mjs';

test('React 19 sets every property and hears the events', (t) =>
  checkExample(t, 'react'));
