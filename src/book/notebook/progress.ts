/** Renders `train()`'s events and `model.fit`'s epochs: one block of lines updated in place in a notebook, plain lines in a terminal. */
import * as tf from "@tensorflow/tfjs";
import type { EpochLog, TrainEvent, TrainEventHandler } from "../../model/train";
import { t } from "../i18n";
import { inNotebook, newDisplayHandle, type MimeBundle } from "./show";

/** Seconds as `41.7s`, `10m 5s` or `1h 2m`; rounds before splitting, so 659.6 s is `11m 0s`, never `10m 60s`. */
export function formatSeconds(s: number): string {
  if (s < 59.95) return t`${s.toFixed(1)}s`;
  const seconds = Math.round(s);
  if (seconds < 3600) return t`${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  const minutes = Math.round(s / 60);
  return t`${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/** One progress line, e.g. `epoch 2/10  loss 0.1234  acc 0.9612  val_loss …  812 img/s  74.1s  ETA 9m 52s`. */
export function formatEpochLine(log: EpochLog, epochs: number, etaSeconds?: number): string {
  const parts = [t`epoch ${log.epoch}/${epochs}`, t`loss ${log.loss.toFixed(4)}`, t`acc ${log.acc.toFixed(4)}`];
  if (log.val_loss !== undefined) parts.push(t`val_loss ${log.val_loss.toFixed(4)}`);
  if (log.val_acc !== undefined) parts.push(t`val_acc ${log.val_acc.toFixed(4)}`);
  if (log.learningRate !== undefined) parts.push(t`lr ${log.learningRate.toPrecision(2)}`);
  parts.push(t`${Math.round(log.imagesPerSecond)} img/s`, formatSeconds(log.seconds));
  if (etaSeconds !== undefined && etaSeconds > 0) parts.push(t`ETA ${formatSeconds(etaSeconds)}`);
  return parts.join("  ");
}

/** The in-epoch line: images done, running loss/accuracy, speed, and ETA of the epoch and of all epochs. */
export function formatBatchLine(event: Pick<Extract<TrainEvent, { type: "batch" }>, "epoch" | "seen" | "meanLoss" | "meanAcc" | "epochSeconds">, trainCount: number, epochs: number, completed: readonly EpochLog[]): string {
  const rate = event.seen / event.epochSeconds;
  const epochEta = (trainCount - event.seen) / rate;
  // The rest of training: this epoch, then the remaining epochs at the average epoch time so far.
  const averageEpoch = completed.length > 0 ? completed.reduce((a, e) => a + e.seconds, 0) / completed.length : trainCount / rate;
  const totalEta = epochEta + (epochs - event.epoch) * averageEpoch;
  const all = event.epoch < epochs ? t` (all epochs ${formatSeconds(totalEta)})` : "";
  return [
    t`epoch ${event.epoch}/${epochs}`, `${event.seen}/${trainCount}`, t`loss ${event.meanLoss.toFixed(4)}`, t`acc ${event.meanAcc.toFixed(4)}`,
    t`${Math.round(rate)} img/s`, t`ETA ${formatSeconds(epochEta)}` + all,
  ].join("  ");
}

const STEP_KIND: Record<string, () => string> = { train: () => t`training steps`, evaluate: () => t`evaluation steps`, predict: () => t`prediction steps` };

/** The finished lines a training run shows: one per epoch, then a note when best weights were restored. */
export function finishedLine(event: TrainEvent): string | undefined {
  if (event.type === "epoch") {
    const eta = (event.elapsedSeconds / event.log.epoch) * (event.epochs - event.log.epoch);
    return formatEpochLine(event.log, event.epochs, eta);
  }
  if (event.type === "compiled") {
    return t`${STEP_KIND[event.kind]?.() ?? event.kind} compiled into one TensorFlow call (${event.info.kernels} kernels, ${event.info.compileMs.toFixed(0)} ms)`;
  }
  if (event.type === "eager-fallback") return t`${STEP_KIND[event.kind]?.() ?? event.kind} run op by op: ${event.reason}`;
  if (event.type === "restore") {
    const note = t`restored weights of epoch ${event.bestEpoch} (best ${event.monitor})`;
    return event.stoppedEarly ? t`early stop; ${note}` : note;
  }
  return undefined;
}

/** The finished lines and the running one as a display bundle: plain text, and HTML for Lab. */
export function linesBundle(lines: readonly string[], current?: string): MimeBundle {
  const text = [...lines, ...(current ? [current] : [])].join("\n");
  const html = text.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]!);
  return { "text/plain": text, "text/html": `<pre style="margin:0">${html}</pre>` };
}

/** Options of `notebookProgress`. */
export interface ProgressOptions {
  /** Seconds between in-place updates of the running line (default 1). */
  interval?: number;
  /** Where terminal lines go (default `console.log`). */
  log?: (line: string) => void;
}

/**
 * A `train()` event handler that shows progress: in a notebook one area rewritten in place (epoch
 * lines plus the running line, at most once per `interval`); elsewhere one plain line per epoch.
 */
export function notebookProgress(options: ProgressOptions = {}): TrainEventHandler {
  const live = inNotebook();
  const handle = live ? newDisplayHandle() : undefined;
  const log = options.log ?? console.log;
  const interval = 1000 * (options.interval ?? 1);
  const lines: string[] = [];
  const completed: EpochLog[] = [];
  let trainCount = 0, epochs = 0, lastShown = 0;
  const show = (current?: string) => handle?.update(linesBundle(lines, current));
  return async (event) => {
    if (event.type === "start") ({ trainCount, epochs } = event);
    if (event.type === "batch" && live && performance.now() - lastShown > interval) {
      lastShown = performance.now();
      show(formatBatchLine(event, trainCount, epochs, completed));
      await new Promise((resolve) => setImmediate(resolve)); // lets the kernel send the update
    }
    const line = finishedLine(event);
    if (event.type === "epoch") completed.push(event.log);
    if (line === undefined) return;
    lines.push(line);
    if (live) show();
    else log(line);
  };
}

type Logs = Record<string, number | tf.Tensor>;
const logValue = async (logs: Logs | undefined, key: string): Promise<number | undefined> => {
  const v = logs?.[key];
  return v === undefined ? undefined : typeof v === "number" ? v : (await v.data())[0];
};

/**
 * A `model.fit` callback that shows progress as `notebookProgress` shows `train()`'s (one line per
 * epoch, a running line rewritten in place in a notebook) and measures the run: pass it as
 * `callbacks`, with `verbose: 0`, and read `seconds` and `epochs` afterwards.
 */
export class FitProgress extends tf.Callback {
  /** The finished epochs, as `train()` logs them. */
  readonly epochs: EpochLog[] = [];
  /** Wall-clock seconds of the last `fit` (0 before it ends). */
  seconds = 0;
  private readonly live = inNotebook();
  private readonly handle = this.live ? newDisplayHandle() : undefined;
  private readonly lines: string[] = [];
  private started = 0;
  private epochStarted = 0;
  private seen = 0;
  private sums = { loss: 0, acc: 0 };
  private lastShown = 0;

  constructor(private readonly options: ProgressOptions = {}) {
    super();
  }

  private async show(current?: string): Promise<void> {
    this.handle?.update(linesBundle(this.lines, current));
    await new Promise((resolve) => setImmediate(resolve)); // lets the kernel send the update
  }

  override async onTrainBegin(): Promise<void> {
    this.started = performance.now();
    this.epochs.length = 0;
    this.lines.length = 0;
    this.seconds = 0;
  }

  override async onEpochBegin(): Promise<void> {
    this.epochStarted = performance.now();
    this.seen = 0;
    this.sums = { loss: 0, acc: 0 };
  }

  override async onBatchEnd(_batch: number, logs?: Logs): Promise<void> {
    const size = (await logValue(logs, "size")) ?? 0;
    this.seen += size;
    this.sums.loss += size * ((await logValue(logs, "loss")) ?? 0);
    this.sums.acc += size * ((await logValue(logs, "acc")) ?? 0);
    if (!this.live || performance.now() - this.lastShown < 1000 * (this.options.interval ?? 1)) return;
    this.lastShown = performance.now();
    const running = {
      epoch: this.epochs.length + 1, seen: this.seen, meanLoss: this.sums.loss / this.seen, meanAcc: this.sums.acc / this.seen,
      epochSeconds: (performance.now() - this.epochStarted) / 1000,
    };
    await this.show(formatBatchLine(running, Number(this.params.samples), Number(this.params.epochs), this.epochs));
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    const seconds = (performance.now() - this.epochStarted) / 1000;
    const log: EpochLog = { epoch: epoch + 1, loss: (await logValue(logs, "loss")) ?? NaN, acc: (await logValue(logs, "acc")) ?? NaN, seconds, imagesPerSecond: this.seen / seconds };
    const [valLoss, valAcc] = [await logValue(logs, "val_loss"), await logValue(logs, "val_acc")];
    if (valLoss !== undefined) log.val_loss = valLoss;
    if (valAcc !== undefined) log.val_acc = valAcc;
    this.epochs.push(log);
    const elapsed = (performance.now() - this.started) / 1000;
    const epochs = Number(this.params.epochs);
    const line = formatEpochLine(log, epochs, (elapsed / this.epochs.length) * (epochs - this.epochs.length));
    this.lines.push(line);
    if (this.live) await this.show();
    else (this.options.log ?? console.log)(line);
  }

  override async onTrainEnd(): Promise<void> {
    this.seconds = (performance.now() - this.started) / 1000;
  }
}

/** A `model.fit` callback that shows one line per epoch and measures the run's seconds (see `FitProgress`). */
export const fitProgress = (options: ProgressOptions = {}): FitProgress => new FitProgress(options);
