// libtorch's errors as a torchts user reads them: torchts' dtype names rather than C++ type names,
// no source locations of failed checks, torchts' option names rather than Python's keywords; and the
// operations that refuse wrong shapes, indices, dims and dtypes with libtorch's message.
// Bad input follows the rules in docs/architecture.md, "Testing".
import { describe, expect, it } from 'vitest';
import { TorchError, nn, torch } from '../../lib/index.js';
import { expectRangeError, expectRejected, expectTorchError } from '../helpers/errors.js';

const F = nn.functional;

function messageOf(fn: () => unknown): string {
  try {
    torch.tidy(fn);
  } catch (e) {
    expect(e).toBeInstanceOf(TorchError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('native error messages', () => {
  it('name dtypes as torchts does', () => {
    const mixed = messageOf(() => torch.ones([2, 3]).matmul(torch.ones([3, 2], { dtype: 'float16' })));
    expect(mixed).toBe('matmul: expected m1 and m2 to have the same dtype, but got: float32 != float16');
    const scalarType = messageOf(() => nn.functional.linear(torch.ones([2, 3], { dtype: 'bfloat16' }), torch.ones([4, 3], { dtype: 'float64' })));
    expect(scalarType).not.toMatch(/c10::|\b(Float|Double|Half|BFloat16)\b/);
    expect(scalarType).toMatch(/bfloat16|float64/);
  });

  it('drop the source location and condition of a failed check', () => {
    const oom = messageOf(() => torch.empty([1e12, 1e6]));
    expect(oom).toMatch(/^empty: DefaultCPUAllocator: can't allocate memory: you tried to allocate \d+ bytes/);
    expect(oom).not.toMatch(/enforce fail|alloc_cpu\.cpp/);
  });

  it("name { retainGraph: true }, not Python's retain_graph=True", () => {
    const x = torch.ones([3], { requiresGrad: true });
    const y = x.exp().sum();
    y.backward();
    const again = messageOf(() => y.backward());
    expect(again).toMatch(/^backward: Trying to backward through the graph a second time/);
    expect(again).toContain('Specify { retainGraph: true } if you need to backward through the graph a second time');
    expect(again).not.toContain('retain_graph');
  });
});

describe('operations refuse wrong shapes with libtorch\'s message', () => {
  const a23 = () => torch.ones([2, 3]);

  it('broadcasting and matmul shape mismatches', () => {
    expectTorchError(() => a23().add(torch.ones([4])), 'add: The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1');
    expectTorchError(() => a23().mul(torch.ones([4])), 'mul: The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1');
    expectTorchError(() => a23().sub_(torch.ones([2, 3, 2])), /^sub_: .*(size|shape)/);
    expectTorchError(() => a23().matmul(torch.ones([4, 5])), 'matmul: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)');
    expectTorchError(() => a23().mm(torch.ones([2, 3])), 'mm: mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)');
    expectTorchError(() => torch.ones([3]).dot(torch.ones([4])), /^dot: inconsistent tensor size, expected tensor \[3\] and src \[4\] to have the same number of elements/);
    expectTorchError(() => torch.ones([2, 2, 3]).bmm(torch.ones([2, 4, 2])), /^bmm: Expected size for first two dimensions of batch2 tensor to be: \[2, 3\] but got: \[2, 4\]/);
    expectTorchError(() => F.linear(a23(), torch.ones([4, 5])), 'linear: mat1 and mat2 shapes cannot be multiplied (2x3 and 5x4)');
  });

  it('joining, reshaping and viewing', () => {
    expectTorchError(() => torch.cat([a23(), torch.ones([2, 4])]),
      'cat: Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list.');
    expectTorchError(() => torch.cat([]), 'cat: torch.cat(): expected a non-empty list of Tensors');
    expectTorchError(() => torch.stack([torch.ones([2]), torch.ones([3])]), 'stack: stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1');
    expectTorchError(() => torch.ones([6]).reshape(4, 2), "reshape: shape '[4, 2]' is invalid for input of size 6");
    expectTorchError(() => torch.ones([4]).reshape(-1, -1), 'reshape: only one dimension can be inferred');
    expectTorchError(() => a23().t().view(6), /^view: view size is not compatible with input tensor's size and stride/);
    expectTorchError(() => a23().expand(4, 3), /^expand: The expanded size of the tensor \(4\) must match the existing size \(2\) at non-singleton dimension 0/);
    expectTorchError(() => a23().permute(0, 0), 'permute: permute(): duplicate dims are not allowed.');
    expectTorchError(() => torch.ones([3]).split([1, 1]), /^split: split_with_sizes expects split_sizes to sum exactly to 3/);
    expectTorchError(() => torch.ones([3]).chunk(0), 'chunk: chunk expects `chunks` to be greater than 0, got: 0');
  });

  it('indices out of range', () => {
    expectTorchError(() => a23().select(0, 5), 'select: select(): index 5 out of range for tensor of size [2, 3] at dimension 0');
    expectTorchError(() => a23().index(5), 'select: select(): index 5 out of range for tensor of size [2, 3] at dimension 0');
    expectTorchError(() => a23().narrow(0, 1, 5), 'narrow: start (1) + length (5) exceeds dimension size (2).');
    expectTorchError(() => a23().index(torch.tensor([7])), 'index: index 7 is out of bounds for dimension 0 with size 2');
    expectTorchError(() => a23().gather(1, torch.tensor([[5]])), 'gather: index 5 is out of bounds for dimension 1 with size 3');
    expectTorchError(() => a23().indexSelect(0, torch.tensor([5])), 'indexSelect: index out of range in self');
    expectTorchError(() => a23().take(torch.tensor([50])), 'take: out of range: tried to access index 50 on a tensor of 6 elements.');
    expectTorchError(() => a23().indexPut_([torch.tensor([9])], 1), 'indexPut_: index 9 is out of bounds for dimension 0 with size 2');
    expectTorchError(() => F.embedding(torch.tensor([9]), torch.ones([3, 2])), 'embedding: index out of range in self');
    expectTorchError(() => F.crossEntropy(a23(), torch.tensor([0, 7])), 'crossEntropy: Target 7 is out of bounds.');
    expectTorchError(() => F.nllLoss(a23(), torch.tensor([0, -3])), 'nllLoss: Target -3 is out of bounds.');
    expectTorchError(() => F.oneHot(torch.tensor([-1])), 'oneHot: Class values must be non-negative.');
  });

  it('dim out of range', () => {
    const msg = (op: string, got: number, lo = -2, hi = 1) => `${op}: Dimension out of range (expected to be in range of [${lo}, ${hi}], but got ${got})`;
    expectTorchError(() => a23().sum(5), msg('sum', 5));
    expectTorchError(() => a23().mean(-3), msg('mean', -3));
    expectTorchError(() => a23().softmax(2), msg('softmax', 2));
    expectTorchError(() => a23().logSoftmax(-3), msg('logSoftmax', -3));
    expectTorchError(() => a23().transpose(0, 5), msg('transpose', 5));
    expectTorchError(() => a23().squeeze(5), msg('squeeze', 5));
    expectTorchError(() => a23().unsqueeze(4), msg('unsqueeze', 4, -3, 2));
    expectTorchError(() => a23().cumsum(2), msg('cumsum', 2));
    expectTorchError(() => a23().argmax(2), msg('argmax', 2));
    expectTorchError(() => a23().max(2), msg('max', 2));
    expectTorchError(() => a23().sort(2), msg('sort', 2));
    expectTorchError(() => torch.cat([a23(), a23()], 2), msg('cat', 2));
    expectTorchError(() => torch.ones([3]).logsumexp(3), msg('logsumexp', 3, -1, 0));
    expectRangeError(() => a23().size(2), 'size(): expected dim to be in [-2, 1], but received 2 of type number');
    expectRangeError(() => a23().size(-3), 'size(): expected dim to be in [-2, 1], but received -3 of type number');
  });

  it('dtype rules', () => {
    const h = torch.ones([2, 2]).half();
    expectTorchError(() => h.matmul(torch.ones([2, 2])), 'matmul: expected m1 and m2 to have the same dtype, but got: float16 != float32');
    expectTorchError(() => torch.ones([2, 2]).mm(h), 'mm: expected m1 and m2 to have the same dtype, but got: float32 != float16');
    expectTorchError(() => torch.ones([2, 2], { dtype: 'int64' }).matmul(torch.ones([2, 2])), /^matmul: expected m1 and m2 to have the same dtype, but got: int64 != float32$/);
    expectRejected(() => F.crossEntropy(torch.ones([2, 3]), torch.tensor([0.5, 1.5])), /^crossEntropy(?:\(\))?: .*(Long|int64|shape)/);
    expectTorchError(() => torch.tensor([4]).sqrt_(), "sqrt_: result type float32 can't be cast to the desired output type int64");
    expectTorchError(() => torch.ones([3], { dtype: 'int64' }).mean(), /^mean: mean\(\): could not infer output dtype\. Input dtype must be either a floating point or complex dtype\. Got: int64$/);
    expectTorchError(() => torch.where(torch.ones([2]), torch.ones([2]), torch.ones([2])), 'where: where expected condition to be a boolean tensor, but got a tensor with dtype float32');
    expectTorchError(() => torch.ones([2]).maskedFill(torch.ones([2]), 1), 'maskedFill: masked_fill_ only supports boolean masks, but got mask with dtype float32');
    expectTorchError(() => torch.tensor([true]).neg(), /^neg: Negation, the `-` operator, on a bool tensor is not supported\./);
  });

  it('integer division by zero raises, as in PyTorch; float division gives inf', () => {
    expectTorchError(() => torch.tensor([1]).divMode(torch.tensor([0]), 'floor'), 'div: ZeroDivisionError');
    expectTorchError(() => torch.tensor([5]).divMode(0, 'trunc'), 'div: ZeroDivisionError');
    expectTorchError(() => torch.tensor([1]).remainder(0), 'remainder: ZeroDivisionError');
    expectTorchError(() => torch.tensor([5]).fmod(torch.tensor([0])), 'fmod: ZeroDivisionError');
    expect(torch.tensor([1, -1, 0]).div(0).toArray()).toEqual([Infinity, -Infinity, NaN]);
  });

  it('item() of a tensor that is not one element', () => {
    // libtorch's rule about the tensor, not a JS type error: a TorchError, as PyTorch's RuntimeError.
    expectTorchError(() => torch.ones([2, 3]).item(), 'item: a Tensor with 6 elements cannot be converted to a number');
    expectTorchError(() => torch.ones([0]).item(), 'item: a Tensor with 0 elements cannot be converted to a number');
  });

  it('reductions of empty tensors without a dim', () => {
    expectTorchError(() => torch.ones([0]).max(), /^max: max\(\): Expected reduction dim to be specified for input\.numel\(\) == 0\./);
    expectTorchError(() => torch.ones([0]).argmax(), /^argmax: argmax\(\): Expected reduction dim to be specified for input\.numel\(\) == 0\./);
    expect(torch.ones([0]).sum().item()).toBe(0);
    expect(torch.ones([0]).mean().item()).toBeNaN();
  });

  it('nn.functional shape and parameter rules', () => {
    const img = torch.ones([1, 3, 4, 4]);
    expectTorchError(() => F.conv2d(img, torch.ones([2, 2, 3, 3])),
      'conv2d: Given groups=1, weight of size [2, 2, 3, 3], expected input[1, 3, 4, 4] to have 2 channels, but got 3 channels instead');
    expectTorchError(() => F.conv2d(img, torch.ones([2, 3, 3, 3]), null, { stride: 0 }), 'conv2d: non-positive stride is not supported');
    expectTorchError(() => F.conv2d(img, torch.ones([2, 3, 3, 3]), null, { padding: -1 }), 'conv2d: negative padding is not supported');
    expectTorchError(() => F.maxPool2d(img, 2, { padding: 3 }), 'maxPool2d: pad should be at most half of effective kernel size, but got pad=3, kernel_size=2 and dilation=1');
    expectTorchError(() => F.groupNorm(torch.ones([2, 3, 4]), 2), /^groupNorm: Expected number of channels in input to be divisible by num_groups/);
    expectTorchError(() => F.layerNorm(torch.ones([2, 3]), [4]), 'layerNorm: Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[2, 3]');
    expectRejected(() => F.mseLoss(torch.ones([2, 3]), torch.ones([4])), /^mseLoss(?:\(\))?: .*\b3\b.*\b4\b/);
    expectRejected(() => F.crossEntropy(torch.ones([2, 3]), torch.tensor([0, 1]), { labelSmoothing: 5 }), /^crossEntropy(?:\(\))?: .*label_?[sS]moothing.*\b5\b/);
    expectTorchError(() => F.pad(torch.ones([1, 2, 3]), [5, 5], 'reflect'), /^pad: Argument #4: Padding size should be less than the corresponding input dimension/);
    expectTorchError(() => F.pixelShuffle(torch.ones([1, 4, 2, 2]), 0), 'pixelShuffle: pixel_shuffle expects a positive upscale_factor, but got 0');
    expectRangeError(() => F.dropout(torch.ones([2]), 1.5), 'dropout(): expected p to be a probability in [0, 1], but received 1.5 of type number');
    expectRangeError(() => F.dropout(torch.ones([2]), NaN), 'dropout(): expected p to be a probability in [0, 1], but received NaN of type number');
  });
});
