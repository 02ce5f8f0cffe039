/**
 * The learning-rate range test, then training at the rate it found: an MLP on Fashion-MNIST, whose
 * loss is recorded while the learning rate rises from 1e-6 to 1; the curve goes to
 * build/lr-range-test.svg and to the terminal, and each rule's suggestion (valley, steepest,
 * minimum/10) becomes OneCycleLR's peak for one epoch of training from the same start, to compare.
 *
 *   npm run build:ts && node dist/examples/lr-range-test.js
 *   node dist/lib/cli.js lr-find dist/examples/lr-range-test.js --svg lr.svg   # the test alone, via the CLI
 *
 * The module's default export is what `torchts lr-find` expects: a function returning
 * `{ trainer, loader, options }`. Run directly, it does the whole practice.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Trainer, accuracy, data, nn, optim, torch } from '../lib/index.js';

/** The model, optimizer, Trainer and loader that the range test and the training share. */
export default function setup() {
  torch.manualSeed(0);
  const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
  const optimizer = new optim.AdamW(model.parameters(), { lr: 1e-3, weightDecay: 1e-2 });
  const trainer = new Trainer({ model, optimizer, loss: nn.functional.crossEntropy, metrics: { accuracy } });
  const loader = new data.DataLoader(new data.FashionMNIST({ train: true }), { batchSize: 128, shuffle: true, seed: 0 });
  return { trainer, loader, model, optimizer, options: { minLr: 1e-6, maxLr: 1, steps: 100 } };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { trainer, loader, options } = setup();
  const found = await trainer.lrFind(loader, options);
  console.log(found.plot(), '\n');
  console.log(found.reasoning.join('\n'));
  mkdirSync('build', { recursive: true });
  writeFileSync('build/lr-range-test.svg', found.svg());
  console.log(`\nsuggested learning rate ${found.suggestion.toExponential(2)}; chart in build/lr-range-test.svg`);

  // Each rule's rate, one epoch of OneCycleLR from the same start (setup() seeds the same weights):
  // the curve suggests; training decides.
  const test = new data.DataLoader(new data.FashionMNIST({ train: false }), { batchSize: 1000 });
  for (const [rule, lr] of Object.entries(found.suggestions)) {
    const run = setup();
    const scheduler = new optim.lr.OneCycleLR(run.optimizer, { maxLr: lr, totalSteps: run.loader.length });
    const trainer = new Trainer({ model: run.model, optimizer: run.optimizer, scheduler, loss: nn.functional.crossEntropy,
      metrics: { accuracy } });
    const history = await trainer.fit(run.loader, { epochs: 1, valLoader: test });
    console.log(`${rule.padEnd(12)} OneCycleLR(maxLr=${lr.toExponential(2)}), one epoch: test accuracy ${(history.get('valAccuracy')[0] * 100).toFixed(2)}%`);
  }
}
