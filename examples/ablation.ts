/**
 * An ablation study run the way docs/architecture.md describes: a baseline, then one change at a time
 * (augmentation on, multi-scale on, SGD instead of Adam, another learning rate), each trained with
 * the same seed on the same Fashion-MNIST subset, and a table of the results. Augmentation is added
 * early; multi-scale training is tried last, on top of augmentation.
 *
 *   npm run build:ts && node dist/examples/ablation.js               # 10k training images, 2 epochs each
 *   node dist/examples/ablation.js --train 60000 --epochs 5          # the full set
 */
import { parseArgs } from 'node:util';
import { type Tensor, Trainer, accuracy, data, nn, optim, torch } from '../lib/index.js';

const { values: args } = parseArgs({ options: { train: { type: 'string', default: '10000' }, epochs: { type: 'string', default: '2' } } });
const epochs = Number(args.epochs);

const full = new data.FashionMNIST({ train: true });
const subset = new data.Subset(full, Array.from({ length: Math.min(Number(args.train), full.length) }, (_, i) => i));
const test = new data.DataLoader(new data.FashionMNIST({ train: false }), { batchSize: 1000 });
const normalize = data.normalize([0.286], [0.353]);

/** One arm of the study. */
interface Arm { name: string; optimizer: 'adam' | 'sgd'; lr: number; augment: boolean; multiScale: boolean }
const baseline: Arm = { name: 'baseline (Adam, lr 1e-3)', optimizer: 'adam', lr: 1e-3, augment: false, multiScale: false };
const arms: Arm[] = [
  baseline,
  { ...baseline, name: '+ augmentation (flip, crop)', augment: true },
  { ...baseline, name: '+ augmentation + multi-scale', augment: true, multiScale: true },
  { ...baseline, name: 'SGD momentum 0.9, lr 0.05', optimizer: 'sgd', lr: 0.05 },
  { ...baseline, name: 'Adam, lr 3e-3', lr: 3e-3 },
];

// A CNN that accepts any input size (global average pooling), so multi-scale batches fit.
class Net extends nn.Module {
  features = new nn.Sequential(new nn.Conv2d(1, 32, 3, { padding: 1 }), new nn.BatchNorm2d(32), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(32, 64, 3, { padding: 1 }), new nn.BatchNorm2d(64), new nn.ReLU(), new nn.AdaptiveAvgPool2d(1));
  head = new nn.Linear(64, 10);
  forward(x: Tensor): Tensor {
    return this.head.forward((this.features.forward(this.training ? x : normalize(x)) as Tensor).flatten(1));
  }
}

const rows: string[][] = [];
for (const arm of arms) {
  torch.manualSeed(0);
  const model = new Net();
  const optimizer = arm.optimizer === 'adam' ? new optim.Adam(model.parameters(), { lr: arm.lr }) : new optim.SGD(model.parameters(), { lr: arm.lr, momentum: 0.9 });
  const augment = data.compose([data.randomHorizontalFlip(0.5, { seed: 1 }), data.randomCrop(28, { padding: 2, seed: 2 })]);
  const scale = data.multiScale({ sizes: [24, 28, 32] }, { seed: 3, enabled: arm.multiScale });
  const trainer = new Trainer({ model, optimizer, loss: nn.functional.crossEntropy, metrics: { accuracy },
    batchTransform: ({ input, target }) => ({ input: scale(arm.augment ? normalize(augment(input)) : normalize(input)), target }) });
  const loader = new data.DataLoader(subset, { batchSize: 64, shuffle: true, seed: 0 });
  const h = await trainer.fit(loader, { epochs, valLoader: test });
  const last = h.epochs.at(-1)!;
  rows.push([arm.name, (last.trainLoss as number).toFixed(4), (last.valLoss as number).toFixed(4), `${((last.valAccuracy as number) * 100).toFixed(2)}%`, `${h.time.toFixed(0)} s`]);
  console.log(`${arm.name}: test accuracy ${rows.at(-1)![3]}`);
}
console.log(`\nablation on ${subset.length} training images, ${epochs} epoch(s) each, seed 0:\n`);
const header = ['arm', 'train loss', 'test loss', 'test accuracy', 'time'];
const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const r of [header, ...rows]) console.log(r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  '));
