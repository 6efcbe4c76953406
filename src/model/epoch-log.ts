/** Metrics of one epoch, as `train` logs them (shared by training and early stopping). */
export type EpochLog = {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean training loss over the epoch's batches (weighted by batch size). */
  loss: number;
  /** Training accuracy over the epoch. */
  acc: number;
  /** Validation loss, when validating. */
  val_loss?: number;
  /** Validation accuracy, when validating. */
  val_acc?: number;
  /** Wall-clock seconds for the epoch (training + validation). */
  seconds: number;
  /** Training images per second. */
  imagesPerSecond: number;
  /** The optimizer's learning rate during the epoch. */
  learningRate?: number;
  /** Seconds of the epoch spent augmenting training batches, when augmenting. */
  augmentSeconds?: number;
};
