/**
 * One report of the checks a practitioner runs before a long training run: one step in the chosen
 * precision (amp.checkStep), the Trainer's practitioner warnings, an overfit check and a short
 * learning-rate range test.
 * @module
 */
import { checkStep, type StepReport } from '../amp/checks.js';
import { PRECISION_MODES, Precision, type PrecisionMode } from '../amp/precision.js';
import { checkTrainerArg } from './batch.js';
import { checkOptions, invalidArg } from '../errors.js';
import { tidy } from '../tensor/scope.js';
import { formatNumber } from './chart.js';
import { runLrFind, takeBatches, type LrFindOptions, type LrFindResult } from './lr-find.js';
import { runOverfit, type OverfitOptions, type OverfitResult } from './overfit.js';
import type { Trainer } from './trainer.js';
import type { Loader } from './types.js';

/** Options of {@link diagnose}. */
export interface DiagnoseOptions {
  /**
   * The precision mode to check in. Default: the Trainer's. It must keep the model's parameter dtype
   * (float32 for '32-true', '16-mixed' and 'bf16-mixed'), since the checks run on the Trainer's model.
   */
  precision?: PrecisionMode;
  /** Options of the overfit check. Default `{ batches: accumulateGradBatches, batchSize: 4, steps: 100 }`. */
  overfit?: OverfitOptions;
  /** Options of the range test. Default `{ steps: 50 }`. */
  lrFind?: LrFindOptions;
  /** Also print the report with console.log. Default false. */
  print?: boolean;
  /** Aborting ends the overfit check and the range test after their current step. */
  signal?: AbortSignal;
}

/** One part of a {@link DiagnoseReport}. */
export interface DiagnoseSection {
  /** Which check this is. */
  name: 'checkStep' | 'practitioner' | 'overfit' | 'lrFind';
  /** Whether nothing here needs attention. */
  ok: boolean;
  /** Plain sentences. */
  lines: string[];
}

/** What {@link diagnose} returns. */
export interface DiagnoseReport {
  /** Whether every section is ok. */
  ok: boolean;
  /** The sections in order: `checkStep`, `practitioner`, `overfit`, `lrFind`. */
  sections: DiagnoseSection[];
  /** The {@link amp.checkStep} report behind the `checkStep` section, if it ran. */
  step?: StepReport;
  /** The {@link overfitBatch} result behind the `overfit` section, if it ran. */
  overfit?: OverfitResult;
  /** The {@link lrFind} result behind the `lrFind` section, if it ran. */
  lrFind?: LrFindResult;
  /** The report as text: a summary line, then each section with its sentences. */
  toString(): string;
}

/** Builds a report from its sections: ok only when every section is. */
function makeReport(sections: DiagnoseSection[], results: Pick<DiagnoseReport, 'step' | 'overfit' | 'lrFind'> = {}): DiagnoseReport {
  const bad = sections.filter((s) => !s.ok);
  return {
    ok: bad.length === 0, sections, ...results,
    toString() {
      const head = bad.length === 0 ? `diagnose: all ${sections.length} checks passed`
        : `diagnose: ${bad.length} of ${sections.length} checks need attention (${bad.map((s) => s.name).join(', ')})`;
      return [head, ...sections.flatMap((s) => [`${s.ok ? '[ok]  ' : '[FAIL]'} ${s.name}`, ...s.lines.map((l) => `       ${l}`)])].join('\n');
    },
  };
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Runs the checks of a careful first run and returns one report:
 *
 * 1. `checkStep`: amp.checkStep on the first batch, with the Trainer's loss, in the precision mode:
 *    dtype mismatches, inf/NaN in activations, loss or gradients, float16 overflow risk.
 * 2. `practitioner`: the Trainer's practitioner warnings for this loader (BatchNorm with accumulation,
 *    accumulate × batch against the dataset, a learning rate not rescaled for a new batch size), as
 *    `fit` gives them during the range test.
 * 3. `overfit`: {@link overfitBatch}, short (100 steps on the first 4 samples of as many batches as
 *    one optimizer step accumulates).
 * 4. `lrFind`: a quick {@link lrFind} (50 steps) with its suggestion and reasoning.
 *
 * A section that throws is reported as failed with the error's message; the others still run. The
 * model, optimizer and generator are restored after every check, so `diagnose` can run before `fit`.
 * The loader is iterated several times, so it must be re-iterable (a DataLoader or an array, not a
 * one-shot generator).
 *
 * @throws TypeError for a bad option or a precision mode that would change the model's dtype.
 * @example
 * ```ts
 * const report = await trainer.diagnose(trainLoader, { precision: 'bf16-mixed' });
 * console.log(String(report));
 * if (report.ok) await trainer.fit(trainLoader, { epochs: 10 });
 * ```
 */
export async function diagnose(trainer: Trainer, loader: Loader, options: DiagnoseOptions = {}): Promise<DiagnoseReport> {
  const op = 'diagnose';
  checkTrainerArg(op, trainer);
  checkOptions(op, options, ['precision', 'overfit', 'lrFind', 'print', 'signal']);
  const mode = options.precision ?? trainer.precision.mode;
  if (!PRECISION_MODES.includes(mode)) invalidArg(op, 'precision', PRECISION_MODES.map((m) => `'${m}'`).join(', '), mode);
  const precision = mode === trainer.precision.mode ? trainer.precision : new Precision(mode, { device: trainer.device });
  if (precision.paramDtype !== trainer.precision.paramDtype) {
    invalidArg(op, 'precision', `a mode that keeps the model's ${trainer.precision.paramDtype} parameters ` +
      `(precision '${mode}' would cast them to ${precision.paramDtype}: diagnose a Trainer created with that precision instead)`, mode);
  }
  const sections: DiagnoseSection[] = [];
  const results: Pick<DiagnoseReport, 'step' | 'overfit' | 'lrFind'> = {};

  try {
    const [[input, target]] = await takeBatches(loader, 1, op);
    try {
      const step = tidy(() => {
        const move = (t: typeof input) => (t.device === trainer.device ? t : t.to(trainer.device));
        return checkStep({ model: trainer.model, input: move(input), target: move(target), loss: trainer.options.loss, precision });
      });
      results.step = step;
      sections.push({ name: 'checkStep', ok: step.ok, lines: step.ok
        ? [`One forward and backward step in ${mode} found no problems (loss ${formatNumber(step.loss ?? NaN)}).`]
        : step.issues.map((i) => i.message) });
    } finally {
      tidy(() => [input.dispose(), target.dispose()]);
    }
  } catch (e) {
    sections.push({ name: 'checkStep', ok: false, lines: [`Could not run: ${message(e)}`] });
  }

  let practitioner: DiagnoseSection = { name: 'practitioner', ok: false, lines: ['Not checked: the range test, which gives these warnings, failed.'] };
  try {
    const overfit = await runOverfit(trainer, loader,
      { batches: trainer.accumulateGradBatches, batchSize: 4, steps: 100, signal: options.signal, ...options.overfit }, mode);
    results.overfit = overfit;
    sections.push({ name: 'overfit', ok: overfit.passed, lines: [overfit.message] });
  } catch (e) {
    sections.push({ name: 'overfit', ok: false, lines: [`Could not run: ${message(e)}`] });
  }
  try {
    const found = await runLrFind(trainer, loader, { steps: 50, signal: options.signal, ...options.lrFind }, mode);
    results.lrFind = found;
    const ok = Number.isFinite(found.suggestion);
    sections.push({ name: 'lrFind', ok, lines: [ok ? `Suggested learning rate: ${found.suggestion.toExponential(1)}.` : 'No learning rate could be suggested.',
      ...found.reasoning] });
    practitioner = { name: 'practitioner', ok: found.warnings.length === 0,
      lines: found.warnings.length ? found.warnings : ['No warnings: accumulation, batch size, dataset size and learning rate fit together.'] };
  } catch (e) {
    sections.push({ name: 'lrFind', ok: false, lines: [`Could not run: ${message(e)}`] });
  }
  sections.splice(1, 0, practitioner);
  const report = makeReport(sections, results);
  if (options.print) console.log(String(report));
  return report;
}
