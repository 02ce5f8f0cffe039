/**
 * Trains a two-layer MLP on Fashion-MNIST with torchts tensors and autograd only, written out by hand:
 * parameters, forward pass, cross entropy, backward, and SGD with momentum. Prints the loss as it
 * trains and the test accuracy at the end.
 *
 *   npm run build:ts && node dist/examples/fashion-mnist-mlp.js --epochs 3
 *
 * Data: Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist), or any folder with the
 * four IDX files given by FASHION_MNIST_DIR.
 */
import { parseArgs } from 'node:util';
import { type Tensor, nn, torch } from '../lib/index.js';
import { FASHION_MNIST_DIR, loadFashionMnist } from './shared/fashion-mnist.js';

const F = nn.functional;
const { values: args } = parseArgs({
  options: { epochs: { type: 'string', default: '5' }, batch: { type: 'string', default: '128' }, lr: { type: 'string', default: '0.05' } },
});
const epochs = Number(args.epochs);
const batchSize = Number(args.batch);
const lr = Number(args.lr);

torch.manualSeed(0);
const train = loadFashionMnist('train');
const test = loadFashionMnist('test');
const n = train.x.shape[0];
console.log(`Fashion-MNIST: ${n} training and ${test.x.shape[0]} test images (${FASHION_MNIST_DIR})`);

// Kaiming-uniform weights, as torch.nn.Linear initialises them.
function linear(inF: number, outF: number): { w: Tensor; b: Tensor } {
  const bound = 1 / Math.sqrt(inF);
  const w = torch.empty([outF, inF]).uniform_(-bound, bound).requiresGrad_();
  const b = torch.empty([outF]).uniform_(-bound, bound).requiresGrad_();
  return { w, b };
}
const l1 = linear(784, 256);
const l2 = linear(256, 10);
const params = [l1.w, l1.b, l2.w, l2.b];
const velocity = params.map((p) => torch.zerosLike(p));

const forward = (x: Tensor) => F.linear(F.linear(x.flatten(1), l1.w, l1.b).relu(), l2.w, l2.b);

const started = Date.now();
let step = 0;
for (let epoch = 1; epoch <= epochs; epoch++) {
  const order = torch.randperm(n);
  let running = 0;
  let count = 0;
  for (let start = 0; start + batchSize <= n; start += batchSize) {
    const loss = torch.tidy(() => {
      const idx = order.narrow(0, start, batchSize);
      const loss = F.crossEntropy(forward(train.x.indexSelect(0, idx)), train.y.indexSelect(0, idx));
      loss.backward();
      // SGD with momentum 0.9, as torch.optim.SGD: v = 0.9 v + g; p -= lr v.
      torch.noGrad(() => {
        params.forEach((p, i) => {
          const g = p.grad!;
          velocity[i].mul_(0.9).add_(g);
          p.sub_(velocity[i], lr);
          p.grad = null;
        });
      });
      return loss.item();
    });
    running += loss;
    count++;
    step++;
    if (step % 100 === 0) {
      console.log(`epoch ${epoch} step ${step}: loss ${(running / count).toFixed(4)}`);
      running = 0;
      count = 0;
    }
  }
  order.dispose();
  const accuracy = torch.tidy(() => torch.noGrad(() => forward(test.x).argmax(1).eq(test.y).float().mean().item()));
  console.log(`epoch ${epoch}: test accuracy ${(accuracy * 100).toFixed(2)}% (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
