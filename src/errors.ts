/**
 * Typed errors. Each names the input it is about, what was expected and what was found,
 * so a message alone tells the reader what to fix.
 */

/** Base class of every error this package throws on purpose. */
export class MnistPrepError extends Error {
  /** The file, argument or option the error is about. */
  readonly input: string;
  /** What the code expected to find. */
  readonly expected: string;
  /** What it found instead. */
  readonly found: string;

  constructor(input: string, expected: string, found: string, hint?: string) {
    super(`${input}: expected ${expected}, found ${found}${hint ? ` (${hint})` : ""}`);
    this.name = new.target.name;
    this.input = input;
    this.expected = expected;
    this.found = found;
  }
}

/** A file that is not a well-formed IDX file (bad magic, dimensions or size). */
export class IdxFormatError extends MnistPrepError {}

/** A dataset whose parts disagree (image/label counts, label range, image size). */
export class DatasetError extends MnistPrepError {}

/** A function argument or option outside what the function accepts. */
export class InvalidArgumentError extends MnistPrepError {}

/** A requested backend, tool or file that is not available on this machine. */
export class UnavailableError extends MnistPrepError {}

/** An option of a Keras-compatible API that this package deliberately does not implement. */
export class UnsupportedOptionError extends InvalidArgumentError {}
