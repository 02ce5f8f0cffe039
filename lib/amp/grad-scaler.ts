/**
 * `amp.GradScaler`: loss scaling for float16 training, with PyTorch's per-optimizer state machine,
 * messages and kernels (`_amp_foreach_non_finite_check_and_unscale_`, `_amp_update_scale_`).
 * @module
 */
import { TorchError, checkOptions, invalidArg } from '../errors.js';
import { cudaDeviceCount, native } from '../native.js';
import type { Optimizer } from '../optim/optimizer.js';
import { full } from '../tensor/create.js';
import { persist, tidy } from '../tensor/scope.js';
import { Tensor } from '../tensor/tensor.js';

/** Options of {@link GradScaler}; defaults are PyTorch's. */
export interface GradScalerOptions {
  /** `'cuda'` (default, as PyTorch) or `'cpu'`. */
  device?: 'cuda' | 'cpu';
  /** Initial scale. Default 2^16. */
  initScale?: number;
  /** Multiplies the scale after `growthInterval` steps without inf/NaN. Default 2. */
  growthFactor?: number;
  /** Multiplies the scale after a step with inf/NaN. Default 0.5. */
  backoffFactor?: number;
  /** Consecutive steps without inf/NaN gradients after which the scale grows. Default 2000. */
  growthInterval?: number;
  /** false makes every method a no-op and `step` a plain `optimizer.step()`. Default true. */
  enabled?: boolean;
}

/** The serialisable state of a GradScaler. */
export interface GradScalerState {
  /** The current loss scale. */
  scale: number;
  /** See {@link GradScalerOptions.growthFactor}. */
  growthFactor: number;
  /** See {@link GradScalerOptions.backoffFactor}. */
  backoffFactor: number;
  /** See {@link GradScalerOptions.growthInterval}. */
  growthInterval: number;
  /** Consecutive steps without inf/NaN so far, counting towards the next growth (PyTorch `_growth_tracker`). */
  growthTracker: number;
}

type Stage = 'ready' | 'unscaled' | 'stepped';

interface OptimizerState {
  stage: Stage;
  foundInfPerDevice: Map<string, Tensor>;
}

const FIX = 'This may indicate your script did not use scaler.scale(loss or outputs) earlier in the iteration.';

/**
 * Scales the loss so that float16 gradients do not underflow, unscales them before the optimizer
 * uses them, skips steps whose gradients hold inf/NaN, and adapts the scale.
 *
 * @example
 * ```ts
 * const scaler = new amp.GradScaler({ device: 'cuda' });
 * const loss = amp.autocast({ device: 'cuda', dtype: 'float16' }, () => F.crossEntropy(model.forward(x), y));
 * scaler.scale(loss).backward();
 * scaler.unscale_(opt);                       // only needed before clipping
 * nn.utils.clipGradNorm(model.parameters(), 1.0);
 * scaler.step(opt);                           // skipped if gradients hold inf/NaN
 * scaler.update();
 * ```
 */
export class GradScaler {
  /** The device type whose gradients it scales (`'cuda'` by default). */
  readonly device: 'cuda' | 'cpu';
  #enabled: boolean;
  #initScale: number;
  #growthFactor: number;
  #backoffFactor: number;
  #growthInterval: number;
  #initGrowthTracker = 0;
  #scale: Tensor | null = null;
  #growthTracker: Tensor | null = null;
  #states = new Map<Optimizer<object>, OptimizerState>();

  constructor(options: GradScalerOptions = {}) {
    checkOptions('GradScaler', options, ['device', 'initScale', 'growthFactor', 'backoffFactor', 'growthInterval', 'enabled']);
    const device = options.device ?? 'cuda';
    if (device !== 'cuda' && device !== 'cpu') invalidArg('GradScaler', 'device', "'cuda' or 'cpu'", device);
    this.device = device;
    this.#enabled = options.enabled ?? true;
    if (typeof this.#enabled !== 'boolean') invalidArg('GradScaler', 'enabled', 'a boolean', this.#enabled);
    if (device === 'cuda' && this.#enabled && cudaDeviceCount() === 0) {
      process.emitWarning('GradScaler is enabled, but CUDA is not available. Disabling.', 'UserWarning');
      this.#enabled = false;
    }
    this.#initScale = options.initScale ?? 2 ** 16;
    this.#growthFactor = options.growthFactor ?? 2;
    this.#backoffFactor = options.backoffFactor ?? 0.5;
    this.#growthInterval = options.growthInterval ?? 2000;
    for (const [k, v] of [['initScale', this.#initScale], ['growthFactor', this.#growthFactor], ['backoffFactor', this.#backoffFactor]] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) invalidArg('GradScaler', k, 'a positive number', v);
    }
    if (!Number.isInteger(this.#growthInterval) || this.#growthInterval < 1) invalidArg('GradScaler', 'growthInterval', 'a positive integer', this.#growthInterval);
    if (this.#enabled) {
      if (this.#growthFactor <= 1) throw new RangeError('The growth factor must be > 1.0.');
      if (this.#backoffFactor >= 1) throw new RangeError('The backoff factor must be < 1.0.');
    }
  }

  #stateOf(opt: Optimizer<object>): OptimizerState {
    let s = this.#states.get(opt);
    if (!s) {
      s = { stage: 'ready', foundInfPerDevice: new Map() };
      this.#states.set(opt, s);
    }
    return s;
  }

  #resetStates(): void {
    for (const s of this.#states.values()) for (const t of s.foundInfPerDevice.values()) t.dispose();
    this.#states.clear();
  }

  #lazyInit(device: string): void {
    this.#scale = persist(full([], this.#initScale, { dtype: 'float32', device: device as 'cpu' }));
    this.#growthTracker = persist(full([], this.#initGrowthTracker, { dtype: 'int32', device: device as 'cpu' }));
  }

  #checkScale(fn: string): [Tensor, Tensor] {
    if (this.#scale === null || this.#growthTracker === null) throw new TorchError(`Attempted ${fn} but _scale is None.  ${FIX}`, 'ERR_STATE');
    return [this.#scale, this.#growthTracker];
  }

  /** Whether scaling is on (false when constructed disabled, or for CUDA without a GPU). */
  isEnabled(): boolean {
    return this.#enabled;
  }

  /** Multiplies `outputs` (a tensor or an array of them) by the scale. Returns new tensors. */
  scale(outputs: Tensor): Tensor;
  scale(outputs: Tensor[]): Tensor[];
  scale(outputs: Tensor | Tensor[]): Tensor | Tensor[] {
    if (Array.isArray(outputs)) return outputs.map((o) => this.scale(o));
    if (!(outputs instanceof Tensor)) throw new TypeError('outputs must be a Tensor or an iterable of Tensors');
    if (!this.#enabled) return outputs;
    if (this.#scale === null) this.#lazyInit(outputs.device);
    return tidy(() => outputs.mul(this.#scale!.to(outputs.device)));
  }

  #unscaleGrads(opt: Optimizer<object>, invScale: Tensor, allowFp16: boolean): Map<string, Tensor> {
    const params = opt.paramGroups.flatMap((g) => g.params);
    if (!allowFp16) {
      for (const p of params) {
        const g = native.hasGrad(p._h) ? p.grad : null;
        const half = g !== null && g.dtype === 'float16';
        g?.dispose();
        if (half) {
          throw new TypeError('Attempting to unscale FP16 gradients. GradScaler needs float32 gradients: keep float32 master weights ' +
            "(precision '16-mixed' with autocast, not '16-true' or model.half()).");
        }
      }
    }
    const found = native.ampUnscaleGrads(params.map((p) => p._h), invScale._h, allowFp16);
    return new Map(found.map(([device, h]) => [device, persist(new Tensor(h))]));
  }

  /**
   * Divides the optimizer's gradients by the scale in place and records whether any is inf/NaN.
   * Call it before clipping gradients; `step` does it otherwise.
   */
  unscale_(optimizer: Optimizer<object>): void {
    if (!this.#enabled) return;
    const [scale] = this.#checkScale('unscale_');
    const s = this.#stateOf(optimizer);
    if (s.stage === 'unscaled') throw new TorchError('unscale_() has already been called on this optimizer since the last update().', 'ERR_STATE');
    if (s.stage === 'stepped') throw new TorchError('unscale_() is being called after step().', 'ERR_STATE');
    tidy(() => {
      // As PyTorch (`_scale.double().reciprocal().float()`): float32 division can be inexact under
      // some compile options (fast-math style approximate division), so the reciprocal is taken in
      // float64 and rounded to float32 once. Every gradient is multiplied by this one number, so an
      // error in it would scale them all.
      const invScale = scale.double().reciprocal().float();
      s.foundInfPerDevice = this.#unscaleGrads(optimizer, invScale, false);
    });
    s.stage = 'unscaled';
  }

  /**
   * Steps the optimizer unless its gradients hold inf/NaN (unscaling them first if `unscale_` was not
   * called). Returns whether the optimizer stepped. A skipped step still counts in the optimizer's
   * `stepAttempts`, so LR schedulers do not warn about it.
   */
  step(optimizer: Optimizer<object>): boolean {
    if (!this.#enabled) {
      optimizer.step();
      return true;
    }
    const [scale] = this.#checkScale('step');
    const s = this.#stateOf(optimizer);
    if (s.stage === 'stepped') throw new TorchError('step() has already been called since the last update().', 'ERR_STATE');
    if (optimizer.supportsAmpScaling) {
      // PyTorch's path for fused optimizers: the kernel divides by the scale and skips on inf itself.
      if (s.stage === 'ready') {
        tidy(() => {
          s.foundInfPerDevice = this.#unscaleGrads(optimizer, full([], 1.0, { dtype: 'float32', device: scale.device }), true);
        });
      }
      const stepped = tidy(() => {
        const infs = [...s.foundInfPerDevice.values()].map((t) => t.to(scale.device));
        // No gradients (e.g. an optimizer whose parameters took no part this iteration): PyTorch's
        // sum([]) is 0 and the step is a no-op, so this is not an error here either.
        const foundInf = infs.length === 0 ? full([], 0, { dtype: 'float32', device: scale.device }) : infs.reduce((a, b) => a.add(b));
        optimizer.stepWithScaling(s.stage === 'unscaled' ? null : scale, foundInf);
        return foundInf.item() === 0;
      });
      s.stage = 'stepped';
      return stepped;
    }
    if (s.stage === 'ready') this.unscale_(optimizer);
    if (s.foundInfPerDevice.size === 0) throw new TorchError('No inf checks were recorded for this optimizer.', 'ERR_STATE');
    const stepped = [...s.foundInfPerDevice.values()].every((t) => t.item() === 0);
    if (stepped) optimizer.step();
    else optimizer._recordSkippedStep();
    s.stage = 'stepped';
    return stepped;
  }

  /**
   * Updates the scale at the end of an iteration: backs off after a skipped step, grows after
   * `growthInterval` clean ones; or sets `newScale`.
   */
  update(newScale?: number | Tensor): void {
    if (!this.#enabled) return;
    const [scale, tracker] = this.#checkScale('update');
    if (newScale !== undefined) {
      if (typeof newScale === 'number') scale.fill_(newScale);
      else if (newScale instanceof Tensor && newScale.numel() === 1 && !newScale.requiresGrad) scale.copy_(newScale);
      else throw new TypeError('new_scale should be a number or a 1-element float tensor with requiresGrad false.');
    } else {
      const infs = [...this.#states.values()].flatMap((s) => [...s.foundInfPerDevice.values()]);
      if (infs.length === 0) throw new TorchError('No inf checks were recorded prior to update.', 'ERR_STATE');
      tidy(() => {
        const combined = infs[0].to({ device: scale.device, copy: true });
        for (const t of infs.slice(1)) combined.add_(t.to(scale.device));
        native.ampUpdateScale(scale._h, tracker._h, combined._h, this.#growthFactor, this.#backoffFactor, this.#growthInterval);
      });
    }
    this.#resetStates();
  }

  /** The current scale (the initial one before the first `scale()`; 1 when disabled). */
  getScale(): number {
    if (!this.#enabled) return 1;
    return this.#scale === null ? this.#initScale : (this.#scale.item() as number);
  }

  /** The factor the scale is multiplied by after `growthInterval` clean steps (PyTorch `get_growth_factor`). */
  getGrowthFactor(): number { return this.#growthFactor; }
  /** Sets the growth factor used by later `update()` calls (PyTorch `set_growth_factor`). */
  setGrowthFactor(v: number): void { this.#growthFactor = v; }
  /** The factor the scale is multiplied by after a step with inf/NaN gradients (PyTorch `get_backoff_factor`). */
  getBackoffFactor(): number { return this.#backoffFactor; }
  /** Sets the backoff factor used by later `update()` calls (PyTorch `set_backoff_factor`). */
  setBackoffFactor(v: number): void { this.#backoffFactor = v; }
  /** The number of consecutive clean steps before the scale grows (PyTorch `get_growth_interval`). */
  getGrowthInterval(): number { return this.#growthInterval; }
  /** Sets the growth interval used by later `update()` calls (PyTorch `set_growth_interval`). */
  setGrowthInterval(v: number): void { this.#growthInterval = v; }

  /** The scaler's state (empty when disabled), for checkpoints. */
  stateDict(): GradScalerState | Record<string, never> {
    if (!this.#enabled) return {};
    return {
      scale: this.getScale(), growthFactor: this.#growthFactor, backoffFactor: this.#backoffFactor, growthInterval: this.#growthInterval,
      growthTracker: this.#growthTracker === null ? this.#initGrowthTracker : (this.#growthTracker.item() as number),
    };
  }

  /** Restores a state from {@link stateDict} (before or after the first `scale()`). */
  loadStateDict(state: GradScalerState | Record<string, never>): void {
    if (!this.#enabled) return;
    if (!state || typeof state !== 'object' || !('scale' in state)) {
      throw new TorchError('The source state dict is empty, possibly because it was saved from a disabled instance of GradScaler.', 'ERR_STATE');
    }
    const s = state as GradScalerState;
    this.#initScale = s.scale;
    this.#scale?.fill_(s.scale);
    this.#growthFactor = s.growthFactor;
    this.#backoffFactor = s.backoffFactor;
    this.#growthInterval = s.growthInterval;
    this.#initGrowthTracker = s.growthTracker;
    this.#growthTracker?.fill_(s.growthTracker);
  }
}
