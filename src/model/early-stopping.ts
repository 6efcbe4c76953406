/** Keras's EarlyStopping rule: watch a metric, stop after `patience` epochs without improvement. */
import { InvalidArgumentError } from "../errors";
import type { EpochLog } from "./epoch-log";

/** Early-stopping settings (Keras's `EarlyStopping`). */
export interface EarlyStoppingOptions {
  /** What to watch: a log key, or a function of the epoch's log (default "val_loss"). */
  monitor?: "loss" | "acc" | "val_loss" | "val_acc" | ((log: EpochLog) => number);
  /** "min" or "max"; default: "max" for accuracies, else "min". */
  mode?: "min" | "max";
  /** Epochs without improvement before stopping (default 3). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** At the end, put back the best epoch's weights if a later epoch was worse (default true). */
  restoreBestWeights?: boolean;
}

/** Tracks a monitored value and decides when to stop (Keras's EarlyStopping rule). */
export class EarlyStopper {
  private best: number;
  private wait = 0;
  /** Epoch (1-based) of the best value so far. */
  bestEpoch = 0;
  readonly mode: "min" | "max";
  readonly patience: number;
  readonly minDelta: number;

  constructor(readonly options: EarlyStoppingOptions = {}) {
    const monitor = options.monitor ?? "val_loss";
    this.mode = options.mode ?? (typeof monitor === "string" && monitor.endsWith("acc") ? "max" : "min");
    this.patience = options.patience ?? 3;
    this.minDelta = Math.abs(options.minDelta ?? 0);
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new InvalidArgumentError("earlyStopping.patience", "a non-negative integer", String(options.patience));
    this.best = this.mode === "min" ? Infinity : -Infinity;
  }

  /** The monitored metric's name ("monitored value" for a function). */
  get monitorName(): string {
    const monitor = this.options.monitor ?? "val_loss";
    return typeof monitor === "function" ? "monitored value" : monitor;
  }

  /** The monitored value of a log (throws if the log lacks it, e.g. no validation data). */
  value(log: EpochLog): number {
    const monitor = this.options.monitor ?? "val_loss";
    const v = typeof monitor === "function" ? monitor(log) : log[monitor];
    if (typeof v !== "number" || Number.isNaN(v)) {
      throw new InvalidArgumentError("earlyStopping.monitor", "a metric present in every epoch's log (validation metrics need validation data)", String(typeof monitor === "function" ? "function" : monitor));
    }
    return v;
  }

  /** Feeds one epoch; returns whether it improved on the best and whether to stop now. */
  update(log: EpochLog): { improved: boolean; stop: boolean } {
    const v = this.value(log);
    const improved = this.mode === "min" ? v < this.best - this.minDelta : v > this.best + this.minDelta;
    if (improved) {
      this.best = v;
      this.bestEpoch = log.epoch;
      this.wait = 0;
    } else {
      this.wait++;
    }
    return { improved, stop: !improved && this.wait >= Math.max(1, this.patience) };
  }
}
