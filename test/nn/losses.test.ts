// Loss modules and the checks losses make before libtorch sees their inputs. Values are compared
// with PyTorch exactly (same kernels); sigmoidFocalLoss against torchvision's formula written out
// in Python torch (torchvision is not a dependency), exact as it is the same sequence of ops.
import { describe, expect, it } from 'vitest';
import { nn, torch } from '../../lib/index.js';
import { type DiffCase, input, runDiff } from '../helpers/reference.js';

const logits = input([6, 4], { seed: 1, requiresGrad: true });
const classes = input([6], { dtype: 'int64', lo: 0, hi: 4, seed: 2 });
const pred = input([6, 3], { seed: 3, requiresGrad: true });
const target = input([6, 3], { seed: 4 });
const binary = input([6, 3], { seed: 5, lo: 0, hi: 2, dtype: 'int64' });
const binaryF = { ...binary, dtype: 'float32' as const };

const FOCAL_PY = `
def focal(inputs, targets, alpha=0.25, gamma=2.0, reduction='none'):
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction='none')
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    return loss.mean() if reduction == 'mean' else loss.sum() if reduction == 'sum' else loss
`;

const cases: DiffCase[] = [
  { name: 'CrossEntropyLoss module with label smoothing', expr: 'torch.nn.CrossEntropyLoss(label_smoothing=0.1)(l, c)', inputs: { l: logits, c: classes }, grad: true,
    js: ({ l, c }) => new nn.CrossEntropyLoss({ labelSmoothing: 0.1 }).forward(l, c) },
  { name: 'MSELoss sum', expr: 'torch.nn.MSELoss(reduction="sum")(p, t)', inputs: { p: pred, t: target }, grad: true,
    js: ({ p, t }) => new nn.MSELoss({ reduction: 'sum' }).forward(p, t) },
  { name: 'HuberLoss', expr: 'torch.nn.HuberLoss(delta=0.5)(p, t)', inputs: { p: pred, t: target }, grad: true, js: ({ p, t }) => new nn.HuberLoss({ delta: 0.5 }).forward(p, t) },
  { name: 'BCEWithLogitsLoss posWeight', expr: 'torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor([1.0, 2.0, 3.0]))(p, b)', inputs: { p: pred, b: binaryF }, grad: true,
    js: ({ p, b }) => new nn.BCEWithLogitsLoss({ posWeight: torch.tensor([1.0, 2.0, 3.0]) }).forward(p, b) },
  { name: 'sigmoidFocalLoss none', setup: FOCAL_PY, expr: 'focal(p, b)', inputs: { p: pred, b: binaryF }, grad: true, js: ({ p, b }) => nn.functional.sigmoidFocalLoss(p, b) },
  { name: 'sigmoidFocalLoss mean alpha gamma', setup: FOCAL_PY, expr: 'focal(p, b, alpha=0.6, gamma=1.5, reduction="mean")', inputs: { p: pred, b: binaryF }, grad: true,
    js: ({ p, b }) => new nn.SigmoidFocalLoss({ alpha: 0.6, gamma: 1.5, reduction: 'mean' }).forward(p, b) },
  { name: 'sigmoidFocalLoss alpha off', setup: FOCAL_PY, expr: 'focal(p, b, alpha=-1, reduction="sum")', inputs: { p: pred, b: binaryF }, grad: true,
    js: ({ p, b }) => nn.functional.sigmoidFocalLoss(p, b, { alpha: -1, reduction: 'sum' }) },
];

describe('loss modules match PyTorch', () => {
  for (const [name, body] of runDiff(cases)) it(name, body);
});

describe('losses explain mismatched inputs', () => {
  const F = nn.functional;
  it('shape mismatch in an elementwise loss says both shapes and how to fix it', () => {
    torch.tidy(() => {
      expect(() => F.mseLoss(torch.zeros([32, 1]), torch.zeros([32]))).toThrow(
        'mseLoss(): input has shape [32, 1] but target has shape [32]; they must be equal (broadcasting them is almost always a bug). Reshape one, e.g. target.view([32, 1])');
      expect(() => F.l1Loss(torch.zeros([4, 2]), torch.zeros([4, 3]))).toThrow(/, or check the model output$/);
    });
  });

  it('float16 meeting float32 says how to fix it', () => {
    torch.tidy(() => {
      expect(() => F.mseLoss(torch.zeros([3], { dtype: 'float16' }), torch.zeros([3]))).toThrow(
        'mseLoss(): input is float16, target is float32: compute the loss under autocast, or cast the target with target.half() (or the input with input.float() to compute the loss in float32)');
      expect(() => F.binaryCrossEntropyWithLogits(torch.zeros([3]), torch.zeros([3], { dtype: 'float64' }))).toThrow(/target\.float\(\)/);
    });
  });

  it('class targets must be int64, probability targets must match the input', () => {
    torch.tidy(() => {
      expect(() => F.crossEntropy(torch.zeros([4, 3]), torch.zeros([4], { dtype: 'int32' }))).toThrow(
        'crossEntropy(): target holds class indices as int32; they must be int64: use target.long()');
      expect(() => F.crossEntropy(torch.zeros([4, 3]), torch.zeros([4]))).toThrow(/must have the input's shape \[4, 3\], but it has \[4\]/);
      expect(() => F.nllLoss(torch.zeros([4, 3]), torch.zeros([4, 3]))).toThrow(/target holds class indices as float32/);
      expect(F.crossEntropy(torch.zeros([4, 3]), torch.full([4, 3], 1 / 3)).item()).toBeCloseTo(Math.log(3), 6);
    });
  });

  it('device mismatch and bad options are named', () => {
    torch.tidy(() => {
      expect(() => F.crossEntropy(torch.zeros([4, 3]), torch.zeros([4], { dtype: 'int64' }), { labelSmoothing: 2 })).toThrow(RangeError);
      expect(() => F.mseLoss(torch.zeros([3]), torch.zeros([3]), { reduction: 'avg' as never })).toThrow(
        "mseLoss(): expected reduction to be 'mean', 'sum' or 'none', but received 'avg' of type string");
      expect(() => new nn.MSELoss({ reduce: 'sum' } as never)).toThrow(/unknown option 'reduce'/);
      expect(() => F.mseLoss(torch.zeros([3]), 3 as never)).toThrow("mseLoss(): expected target to be a Tensor, but received 3 of type number");
    });
  });
});
