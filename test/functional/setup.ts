import { afterEach, expect } from 'vitest';
import { violations, formatViolations } from './support/contract.js';

// Every response a test received must match the spec at its microversion.
afterEach(() => {
  const found = violations.splice(0);
  expect(found, `responses that do not match the spec:\n${formatViolations(found)}`).toEqual([]);
});
