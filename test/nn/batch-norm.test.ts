// Batch statistics need more than one value per channel: with one, libtorch returns noise and the
// running variance turns NaN for good. PyTorch's F.batch_norm refuses it; so does torchts.
import { describe, expect, it } from 'vitest';
import { nn, torch } from '../../lib/index.js';
import { pythonEval } from '../helpers/python.js';

describe('batch norm with one value per channel', () => {
  it('is refused in training with the words PyTorch uses, and the running statistics stay intact', () => {
    const [py] = pythonEval(['torch.nn.BatchNorm1d(4)(torch.randn(1, 4))']);
    expect((py as { error: string }).error).toMatch(/Expected more than 1 value per channel when training, got input size torch.Size\(\[1, 4\]\)/);
    torch.tidy(() => {
      const bn = new nn.BatchNorm1d(4);
      expect(() => bn.forward(torch.randn([1, 4]))).toThrow(RangeError);
      expect(() => bn.forward(torch.randn([1, 4]))).toThrow('batchNorm(): expected more than 1 value per channel when training, got input size [1, 4]');
      expect(() => new nn.BatchNorm2d(3).forward(torch.randn([1, 3, 1, 1]))).toThrow(/got input size \[1, 3, 1, 1\]/);
      expect(() => nn.functional.batchNorm(torch.randn([1, 4]), null, null, { training: true })).toThrow(RangeError);
      expect(bn.runningVar!.toArray()).toEqual([1, 1, 1, 1]);
      // One sample with several values per channel is fine, and so is eval mode.
      bn.forward(torch.randn([2, 4]));
      new nn.BatchNorm2d(3).forward(torch.randn([1, 3, 2, 2]));
      bn.eval();
      expect(bn.forward(torch.randn([1, 4])).shape).toEqual([1, 4]);
      expect(bn.runningVar!.isnan().any().item()).toBe(false);
    });
  });
});
