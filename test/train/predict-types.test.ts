// Type-level checks of Trainer.predict, compiled by `tsc -p tsconfig.json` (part of `npm test`):
// `trainer.predict(new data.DataLoader(...))` written inline used to fail with TS2345 (the
// DataLoader's batch type was inferred from a union of iterables it matched none of). The
// expectTypeOf lines are checked by the compiler only; the test runs the same calls.
import { expect, expectTypeOf, it } from 'vitest';
import { type Tensor, Trainer, data, nn, optim, torch } from '../../lib/index.js';

it('predict accepts an inline DataLoader of [input, target] or [input] batches and types its result', async () => {
  const model = new nn.Linear(3, 2);
  const trainer = new Trainer({ model, optimizer: new optim.SGD(model.parameters()), loss: nn.functional.mseLoss });
  const x = torch.randn([6, 3]);
  const y = torch.randn([6, 2]);

  const pairs = () => trainer.predict(new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 4 }));
  const inputs = () => trainer.predict(new data.DataLoader(new data.TensorDataset(x), { batchSize: 4 }));
  expectTypeOf(pairs).returns.toEqualTypeOf<Promise<Tensor>>();
  expectTypeOf(inputs).returns.toEqualTypeOf<Promise<Tensor>>();
  expectTypeOf(trainer.predict<{ logits: Tensor; aux: Tensor[] }>([x])).resolves.toEqualTypeOf<{ logits: Tensor; aux: Tensor[] }>();
  // @ts-expect-error: a prediction is made of tensors only
  void (() => trainer.predict<{ label: string }>([x]));
  // @ts-expect-error: a loader of numbers is not a loader of batches
  void (() => trainer.predict([1, 2, 3]));

  const a = await pairs();
  const b = await inputs();
  expect(a.shape).toEqual([6, 2]);
  expect(b.equal(a)).toBe(true);
  for (const t of [a, b, x, y]) t.dispose();
});
