import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { driftedFiles } from '../src/composition.js';

describe('the committed schema files', () => {
  it('compose, and match what the code produces (run `npm run compose` after a schema change)', async () => {
    assert.deepEqual(await driftedFiles(), []);
  });
});
