/**
 * Mixed precision by hand, as in PyTorch's AMP recipe: autocast around the forward pass, a GradScaler
 * around backward and step, gradient accumulation over several micro-batches, and clipping of the
 * unscaled gradients. An MLP on Fashion-MNIST; float16 with a GradScaler by default (on CPU too, where
 * libtorch's autocast supports it), or bfloat16, which needs no scaler.
 *
 *   npm run build:ts && node dist/examples/amp-accumulation.js
 *   node dist/examples/amp-accumulation.js --device cuda --micro-batch 64 --accumulate 4
 *   node dist/examples/amp-accumulation.js --dtype bfloat16
 *
 * The effective batch is micro-batch × accumulate: each micro-batch's loss is divided by `accumulate`
 * so that the summed gradients are the mean over the whole window, and the scale stays constant
 * within a window (unscale, step and update happen once, at its end).
 */
import { parseArgs } from 'node:util';
import { type Tensor, amp, nn, optim, torch } from '../lib/index.js';
import { loadFashionMnist } from './shared/fashion-mnist.js';

const { values: args } = parseArgs({
  options: {
    device: { type: 'string', default: 'cpu' },
    dtype: { type: 'string', default: 'float16' },
    'micro-batch': { type: 'string', default: '32' },
    accumulate: { type: 'string', default: '4' },
    steps: { type: 'string', default: '300' },
    lr: { type: 'string', default: '2e-3' },
  },
});
const device = args.device === 'cuda' ? 'cuda' : 'cpu';
const dtype = args.dtype === 'bfloat16' ? 'bfloat16' : 'float16';
const microBatch = Number(args['micro-batch']);
const accumulate = Number(args.accumulate);
const steps = Number(args.steps);

torch.manualSeed(0);
const train = loadFashionMnist('train');
const test = loadFashionMnist('test');
const model = new nn.Sequential(
  new nn.Flatten(), new nn.Linear(784, 512), new nn.ReLU(), new nn.Linear(512, 256), new nn.ReLU(), new nn.Linear(256, 10),
).to(device);
const optimizer = new optim.AdamW(model.parameters(), { lr: Number(args.lr) });
// bfloat16 has float32's exponent range: its gradients do not underflow, so it needs no scaler.
const scaler = new amp.GradScaler({ device, enabled: dtype === 'float16' });
console.log(`${dtype} autocast on ${device}, ${scaler.isEnabled() ? 'with' : 'without'} GradScaler; ` +
  `effective batch ${microBatch} × ${accumulate} = ${microBatch * accumulate}, ${steps} optimizer steps`);

const n = train.x.shape[0];
const order = torch.randperm(n);
let cursor = 0;
let skipped = 0;
const started = Date.now();
for (let step = 1; step <= steps; step++) {
  const loss = torch.tidy(() => {
    let windowLoss = 0;
    for (let micro = 0; micro < accumulate; micro++) {
      if (cursor + microBatch > n) cursor = 0;
      const idx = order.narrow(0, cursor, microBatch).to(device);
      cursor += microBatch;
      const x = train.x.to(device).indexSelect(0, idx);
      const y = train.y.to(device).indexSelect(0, idx);
      // Only the forward pass and the loss run under autocast; backward follows the same dtypes.
      const l = amp.autocast({ device, dtype }, () => nn.functional.crossEntropy(model.forward(x) as Tensor, y));
      scaler.scale(l.div(accumulate)).backward();
      windowLoss += l.item() / accumulate;
    }
    scaler.unscale_(optimizer); // so that clipping sees the true gradients
    nn.utils.clipGradNorm(model.parameters(), 1.0);
    if (!scaler.step(optimizer)) skipped++; // skipped when a gradient is inf/NaN; the scale then backs off
    scaler.update();
    optimizer.zeroGrad();
    return windowLoss;
  });
  if (step % 50 === 0) {
    console.log(`step ${step}: loss ${loss.toFixed(4)}` + (scaler.isEnabled() ? `, scale ${scaler.getScale()}, skipped ${skipped}` : ''));
  }
}

model.eval();
const correct = torch.tidy(() => torch.noGrad(() => amp.autocast({ device, dtype }, () => {
  const ys = test.y.split(1000);
  return test.x.split(1000).reduce((hits, xb, i) =>
    hits + ((model.forward(xb.to(device)) as Tensor).argmax(1).eq(ys[i].to(device)).sum().item() as number), 0);
})));
console.log(`test accuracy ${(100 * correct / test.x.shape[0]).toFixed(2)}% after ${steps} steps ` +
  `(${((Date.now() - started) / 1000).toFixed(1)} s, ${skipped} skipped)`);
