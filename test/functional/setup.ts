import { afterAll, afterEach, expect } from 'vitest';
import { violations, formatViolations, succeeded } from './support/contract.js';
import { writeCoverage, writeBoundsCoverage } from '../operation-coverage.js';
import { boundsTried } from './support/bounds.js';

// Every response a test received must match the spec at its microversion.
afterEach(() => {
  const found = violations.splice(0);
  expect(found, `responses that do not match the spec:\n${formatViolations(found)}`).toEqual([]);
});

afterAll(() => {
  writeCoverage('functional', succeeded);
  writeBoundsCoverage(boundsTried);
});
