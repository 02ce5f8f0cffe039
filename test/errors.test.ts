// lib/errors.ts itself: the suggestion for a misspelt option (nearestName). The bad-input tests of
// each feature sit beside that feature's tests and follow the rules in docs/architecture.md, "Testing".
import { describe, expect, it } from 'vitest';
import { torch } from '../lib/index.js';
import { nearestName } from '../lib/errors.js';
import { any, expectTypeError } from './helpers/errors.js';

describe('the suggestion for a misspelt option', () => {
  it('is the allowed name nearest once underscores, dashes and case are left out', () => {
    expect(nearestName('accumulate_grad_batches', ['precision', 'accumulateGradBatches', 'gradientClipVal'])).toBe('accumulateGradBatches');
    expect(nearestName('T_max', ['TMax', 'etaMin'])).toBe('TMax');
    expect(nearestName('max-lr', ['maxLr', 'minLr'])).toBe('maxLr');
    // The closest wins, not the first within reach.
    expect(nearestName('stepss', ['step', 'steps'])).toBe('steps');
    // Nothing when nothing is close, and no name suggested for a key that shares nothing with it.
    expect(nearestName('foo', ['bias', 'dtype', 'device'])).toBeUndefined();
    expect(nearestName('x', ['lr'])).toBeUndefined();
    // A very long key is compared by length first, not with a key.length × name.length table.
    expect(nearestName('a'.repeat(10_000_000), ['dtype'])).toBeUndefined();
  });

  it('lists the accepted options when there is no near name', () => {
    expectTypeError(() => torch.zeros([1], any({ colour: 'red' })), "zeros(): unknown option 'colour'. Accepted options: dtype, device, requiresGrad.");
  });
});
