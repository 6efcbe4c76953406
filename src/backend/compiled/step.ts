/**
 * A compiled step: one call of a tf.LayersModel's own training function (forward pass, tfjs's
 * gradients, the optimizer's update) or of its prediction, recorded on the native backend, turned
 * into a TensorFlow function and then run in one binding call per batch.
 *
 * Compiling a training step records it twice, each time with a different stand-in learning rate,
 * and puts every variable back afterwards, so the records change nothing. The two records must run
 * the same kernels on the same data flow; the tensors JavaScript made that differ between them are
 * the learning rate (an argument, so schedules need no new record) or fresh uniform draws (dropout
 * masks: an argument drawn anew each call). A prediction is recorded once and must write nothing.
 * Before it is used, the function reruns the first record's step and must give its results (loss,
 * metrics, new variables; or the predictions) within round-off; the graph keeps the rounding of the
 * kernels tfjs-node runs one by one (trace.ts, CALL_ATTRS), so for the models tested it gives them
 * bit for bit.
 */
import * as tf from "@tensorflow/tfjs";
import { ATTR, DT } from "./graph-def";
import { ProtoWriter } from "./proto";
import { functionBackend, type FunctionBinding, type NativeBackend } from "./native";
import { buildGraph, record, sameBytes, structuralDifference, toProgram, type ArgumentSource, type Program, type Ref } from "./trace";

/** A function of tensors to compile: a training function as tfjs-layers makes it (inputs and targets in, `[loss, ...metrics]` out) or a prediction. */
export type StepFunction = (data: tf.Tensor[]) => tf.Tensor[];

/**
 * `train`: a training step (writes variables, takes the learning rate); `predict` and `evaluate`
 * (loss and metrics of a labelled batch): pure functions of the batch and the weights.
 */
export type StepKind = "train" | "predict" | "evaluate";

/** Stand-in learning rates for the two records: unlike any constant an optimizer uses. */
const STAND_IN_RATES = [0.0123456789, 0.0234567891] as const;

/**
 * Largest difference allowed between the compiled step and the recorded one, relative to the
 * size of the values (TensorFlow's graph optimiser may fuse kernels and round differently).
 */
const VERIFY_TOLERANCE = 1e-4;

/** One argument of a compiled step at call time. */
type StepArgument =
  | { kind: "feed"; index: number }
  | { kind: "variable"; variable: tf.Variable }
  | { kind: "learning-rate"; sign: 1 | -1 }
  | { kind: "uniform"; shape: number[] };

/** Why a step could not be compiled (the step then runs op by op). */
export class NotCompiled extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "NotCompiled";
  }
}

/** What a compiled step reports about itself. */
export interface CompiledStepInfo {
  kind: StepKind;
  /** The function's name in TensorFlow's eager context. */
  name: string;
  /** Kernel calls the step replaced. */
  kernels: number;
  /** Arguments: batch tensors, variables read, learning rates, uniform draws. */
  arguments: { feeds: number; variables: number; learningRates: number; uniformDraws: number };
  /** Variables the step writes (weights, optimizer slots). */
  variablesWritten: number;
  /** Size of the serialized graph, bytes. */
  graphBytes: number;
  /** Largest relative difference between the compiled step and the recorded one. */
  verifiedDifference: number;
  /** Milliseconds spent recording, building, registering and verifying. */
  compileMs: number;
}

let functionCount = 0;

/**
 * Attributes of every call. TensorFlow runs its graph optimiser (Grappler) on a function only when
 * the call carries a `config_proto`: this one keeps its exact passes (pruning, common subgraphs,
 * kernel fusions such as convolution + bias + relu) and turns off the two that round differently
 * from the recorded kernels: the arithmetic optimiser (algebraic rewrites) and constant folding
 * (which turns a division by a constant into a multiplication by its reciprocal).
 */
const CALL_ATTRS = (() => {
  const CONSTANT_FOLDING = 3;
  const ARITHMETIC_OPTIMIZATION = 7;
  const OFF = 2;
  // ConfigProto.graph_options (10) → GraphOptions.rewrite_options (10) → RewriterConfig.
  const rewriter = new ProtoWriter().varint(CONSTANT_FOLDING, OFF).varint(ARITHMETIC_OPTIMIZATION, OFF).finish();
  const config = new ProtoWriter().message(10, (graph) => graph.bytes(10, rewriter)).finish();
  // Every byte is below 0x80, so the binding's UTF-8 string attribute carries it unchanged.
  return [
    { name: "config_proto", type: ATTR.string, value: String.fromCharCode(...config) },
    { name: "executor_type", type: ATTR.string, value: "" },
  ];
})();

/** The optimizer's learning rate, which the records replace by stand-ins. */
function learningRateHolder(model: tf.LayersModel): { learningRate: number } {
  const optimizer = model.optimizer as unknown as { learningRate?: unknown };
  if (typeof optimizer?.learningRate !== "number") throw new NotCompiled(`the optimizer ${model.optimizer?.getClassName()} keeps no numeric learningRate`);
  return optimizer as { learningRate: number };
}

/** The learning rate the model's optimizer holds now, if it holds a number. */
const rateOf = (model: tf.LayersModel): number | undefined => {
  const rate = (model.optimizer as unknown as { learningRate?: unknown } | undefined)?.learningRate;
  return typeof rate === "number" ? rate : undefined;
};

function registeredVariables(): tf.Variable[] {
  return Object.values(tf.engine().registeredVariables);
}

function ids(backend: NativeBackend, tensors: tf.Tensor[]): number[] {
  return tensors.length === 0 ? [] : backend.getInputTensorIds(tensors);
}

/** The binding ids of the feeds; -1 for an absent one (tfjs-layers passes null for unused sample weights). */
function feedIdsOf(backend: NativeBackend, feeds: Array<tf.Tensor | null>): number[] {
  return feeds.map((t) => (t == null ? -1 : ids(backend, [t])[0]));
}

/** Largest |a − b| / max(1, |a|) over two arrays of the same length. */
function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i]));
    if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
  }
  return worst;
}

interface StepRecord {
  program: Program;
  results: Ref[];
  written: Array<{ variable: tf.Variable; ref: Ref }>;
  resultValues: Float32Array[];
  writtenValues: Float32Array[];
}

/**
 * Runs `fn` once while recording, then puts every variable and the optimizer's count back; a
 * training step runs with `learningRate` in place of the optimizer's.
 */
function recordStep(backend: NativeBackend, model: tf.LayersModel, fn: StepFunction, feeds: tf.Tensor[], learningRate?: number): StepRecord {
  const holder = learningRate === undefined ? { learningRate: NaN } : learningRateHolder(model);
  const optimizer = (model.optimizer ?? {}) as unknown as { iterations_?: unknown };
  const variables = registeredVariables();
  const before = ids(backend, variables);
  const known = new Set([...before, ...feedIdsOf(backend, feeds)]);
  const saved = variables.map((v) => tf.clone(v));
  const iterations = optimizer.iterations_;
  const rate = holder.learningRate;
  if (learningRate !== undefined) holder.learningRate = learningRate;
  tf.engine().startScope();
  try {
    const { result, recording } = record(backend, known, () => fn(feeds));
    if (recording.reads.length > 0) throw new NotCompiled(`the step reads ${recording.reads.length} tensor(s) back to JavaScript while it runs`);
    const program = toProgram(recording);
    const resultIds = ids(backend, result);
    const results = resultIds.map((id, i) => {
      const ref = program.refOf(id);
      if (!ref) throw new NotCompiled(`the step's result ${i} was made outside its kernels`);
      return ref;
    });
    const created = registeredVariables().filter((v) => !variables.includes(v));
    if (created.length > 0) throw new NotCompiled(`the step created ${created.length} variable(s) (an optimizer's first step; the next one compiles)`);
    const after = ids(backend, variables);
    const written: StepRecord["written"] = [];
    variables.forEach((variable, i) => {
      if (after[i] === before[i]) return;
      const ref = program.refOf(after[i]);
      if (!ref) throw new NotCompiled(`variable ${variable.name} was given a tensor made outside the step's kernels`);
      if (variable.dtype !== "float32") throw new NotCompiled(`variable ${variable.name} is ${variable.dtype}`);
      written.push({ variable, ref });
    });
    const resultValues = result.map((t) => t.dataSync() as Float32Array);
    const writtenValues = written.map((w) => w.variable.dataSync() as Float32Array);
    tf.dispose(result);
    return { program, results, written, resultValues, writtenValues };
  } finally {
    tf.engine().endScope();
    if (learningRate !== undefined) {
      holder.learningRate = rate;
      optimizer.iterations_ = iterations;
    }
    variables.forEach((v, i) => {
      if (v.dataId !== saved[i].dataId && !v.isDisposed) v.assign(saved[i]);
    });
    tf.dispose(saved);
  }
}

/** Which of the tensors JavaScript made are arguments: learning rates (by sign) and uniform draws. */
function classifyCreated(a: Program, b: Program): Map<number, StepArgument> {
  const args = new Map<number, StepArgument>();
  a.created.forEach((x, i) => {
    const y = b.created[i];
    if (sameBytes(x.values, y.values)) return;
    const xs = x.values as Float32Array;
    const ys = y.values as Float32Array;
    if (x.dtype === DT.float32 && x.shape.length === 0) {
      for (const sign of [1, -1] as const) {
        if (xs[0] === Math.fround(sign * STAND_IN_RATES[0]) && ys[0] === Math.fround(sign * STAND_IN_RATES[1])) {
          args.set(i, { kind: "learning-rate", sign });
          return;
        }
      }
    }
    const uniform = (v: Float32Array) => v.every((u) => u >= 0 && u < 1);
    if (x.dtype === DT.float32 && x.shape.length > 0 && uniform(xs) && uniform(ys)) {
      args.set(i, { kind: "uniform", shape: [...x.shape] });
      return;
    }
    throw new NotCompiled(`a tensor of shape [${x.shape.join(", ")}] made in JavaScript changes from step to step in a way the compiler does not know`);
  });
  return args;
}

/** A step compiled into one TensorFlow function. */
export class CompiledStep {
  private constructor(
    private readonly backend: NativeBackend & { binding: FunctionBinding },
    private readonly model: tf.LayersModel,
    private readonly args: StepArgument[],
    private readonly written: tf.Variable[],
    private readonly resultCount: number,
    private readonly hasPacked: boolean,
    readonly info: CompiledStepInfo,
    /** The graph the function was made of, with its argument and result names (for profiling it elsewhere). */
    readonly graph: { graphDef: Uint8Array; inputs: string[]; outputs: string[] },
  ) {
    this.rateAtCompile = rateOf(model);
  }

  /** The optimizer's learning rate when the step was recorded (a step with no rate argument holds it as a constant). */
  private readonly rateAtCompile: number | undefined;

  /**
   * Records `fn` on `feeds` and compiles it; throws `NotCompiled` with the reason when the step
   * cannot be compiled. Changes no variable.
   */
  static compile(kind: StepKind, model: tf.LayersModel, fn: StepFunction, feeds: tf.Tensor[]): CompiledStep {
    const started = performance.now();
    const found = functionBackend();
    if ("reason" in found) throw new NotCompiled(found.reason);
    const { backend } = found;
    const first = recordStep(backend, model, fn, feeds, kind === "train" ? STAND_IN_RATES[0] : undefined);
    let created = new Map<number, StepArgument>();
    if (kind === "train") {
      const second = recordStep(backend, model, fn, feeds, STAND_IN_RATES[1]);
      const difference = structuralDifference(first.program, second.program);
      if (difference) throw new NotCompiled(`the step runs differently each time: ${difference}`);
      if (first.written.length !== second.written.length || first.written.some((w, i) => w.variable !== second.written[i].variable)) {
        throw new NotCompiled("the step writes other variables each time");
      }
      created = classifyCreated(first.program, second.program);
    } else if (first.written.length > 0) {
      throw new NotCompiled(`the prediction writes ${first.written.length} variable(s)`);
    }
    const program = first.program;

    const feedIds = feedIdsOf(backend, feeds);
    const variableById = new Map<number, tf.Variable>();
    const variables = registeredVariables();
    ids(backend, variables).forEach((id, i) => variableById.set(id, variables[i]));
    const sources: ArgumentSource[] = [];
    const args: StepArgument[] = [];
    program.externalIds.forEach((id, index) => {
      const feed = feedIds.indexOf(id);
      const variable = variableById.get(id);
      if (feed >= 0) args.push({ kind: "feed", index: feed });
      else if (variable) args.push({ kind: "variable", variable });
      else return; // a tensor from before the step that is no variable: a constant
      sources.push({ kind: "external", index });
    });
    for (const [index, arg] of created) {
      sources.push({ kind: "created", index });
      args.push(arg);
    }
    const results = [...first.written.map((w) => w.ref), ...first.results];
    const packed = kind === "train" ? first.results : undefined;
    const graph = buildGraph({ program, args: sources, results, packed });
    const name = `mnist_prep_${kind}_step_${++functionCount}`;
    try {
      backend.binding.registerGraphFunction(name, graph.graphDef, graph.inputs, graph.outputs);
    } catch (error) {
      throw new NotCompiled(`TensorFlow rejected the recorded graph: ${(error as Error).message.split("\n").slice(-1)[0].slice(0, 300)}`);
    }
    const step = new CompiledStep(backend, model, args, first.written.map((w) => w.variable), first.results.length, packed !== undefined, {
      kind, name, kernels: program.ops.length,
      arguments: {
        feeds: args.filter((a) => a.kind === "feed").length, variables: args.filter((a) => a.kind === "variable").length,
        learningRates: args.filter((a) => a.kind === "learning-rate").length, uniformDraws: args.filter((a) => a.kind === "uniform").length,
      },
      variablesWritten: first.written.length, graphBytes: graph.graphDef.length, verifiedDifference: NaN, compileMs: NaN,
    }, graph);
    try {
      step.info.verifiedDifference = step.verify(feeds, first, created);
    } catch (error) {
      backend.binding.removeFunction(name);
      throw error instanceof NotCompiled ? error : new NotCompiled(`the compiled step fails: ${(error as Error).message.split("\n").slice(-1)[0].slice(0, 300)}`);
    }
    step.info.compileMs = performance.now() - started;
    return step;
  }

  /** Reruns the first record's step (same stand-in rate, same draws) without writing; returns the worst difference. */
  private verify(feeds: tf.Tensor[], recorded: StepRecord, created: Map<number, StepArgument>): number {
    const draws = [...created.keys()].map((i) => recorded.program.created[i].values as Float32Array);
    const inputs = this.inputsFor(feeds, STAND_IN_RATES[0], (shape) => tf.tensor(draws.shift()!, shape, "float32"));
    const outputs = this.backend.executeMultipleOutputs(this.info.name, CALL_ATTRS, inputs, this.outputCount);
    try {
      const expected = [...recorded.writtenValues, ...recorded.resultValues];
      let worst = 0;
      expected.forEach((values, i) => {
        worst = Math.max(worst, relativeDifference(values, outputs[i].dataSync() as Float32Array));
      });
      if (!(worst <= VERIFY_TOLERANCE)) throw new NotCompiled(`the compiled step differs from the recorded one by ${worst.toExponential(2)} (more than ${VERIFY_TOLERANCE})`);
      return worst;
    } finally {
      tf.dispose(outputs);
      this.disposeMade(inputs);
    }
  }

  private get outputCount(): number {
    return this.written.length + this.resultCount + (this.hasPacked ? 1 : 0);
  }

  /** The tensors a call takes, in argument order: `feeds`, the variables as they are now, the learning rate by its sign, and draws. */
  private inputsFor(feeds: tf.Tensor[], learningRate: number, draw: (shape: number[]) => tf.Tensor): tf.Tensor[] {
    return this.args.map((arg) => {
      if (arg.kind === "feed") return feeds[arg.index];
      if (arg.kind === "variable") return arg.variable;
      return arg.kind === "learning-rate" ? tf.scalar(arg.sign * learningRate) : draw(arg.shape);
    });
  }

  /** Disposes the inputs a call made (learning rates, draws), not the feeds or variables. */
  private disposeMade(inputs: tf.Tensor[]): void {
    inputs.forEach((t, k) => (this.args[k].kind === "learning-rate" || this.args[k].kind === "uniform" ? t.dispose() : undefined));
  }

  /** The tensors one call takes now, in argument order (for profiling the graph elsewhere); made ones are the caller's to dispose. */
  argumentsFor(feeds: tf.Tensor[]): tf.Tensor[] {
    const learningRate = (this.model.optimizer as unknown as { learningRate?: number } | undefined)?.learningRate ?? NaN;
    return this.inputsFor(feeds, learningRate, (shape) => tf.randomUniform(shape, 0, 1, "float32"));
  }

  /** Whether every variable the step reads or writes still exists. */
  get usable(): boolean {
    // SGD and Momentum keep their rate in a tensor made before the step, so it is recorded as a
    // constant: a new rate (a schedule's setLearningRate) needs a new record.
    const rateHolds = this.args.some((a) => a.kind === "learning-rate") || Object.is(rateOf(this.model), this.rateAtCompile);
    return rateHolds && this.written.every((v) => !v.isDisposed) && this.args.every((a) => a.kind !== "variable" || !a.variable.isDisposed);
  }

  /**
   * Runs one step on `feeds` (as the compiled function takes them): a training step writes the new
   * variables, counts the optimizer's iteration, and returns the loss and metrics as scalars and
   * packed in one vector (one read for all); a prediction returns its outputs.
   */
  run(feeds: tf.Tensor[]): { results: tf.Tensor[]; packed?: tf.Tensor1D } {
    const inputs = this.argumentsFor(feeds);
    const outputs = this.backend.executeMultipleOutputs(this.info.name, CALL_ATTRS, inputs, this.outputCount);
    this.disposeMade(inputs);
    this.written.forEach((variable, i) => {
      variable.assign(outputs[i]);
      outputs[i].dispose();
    });
    const results = outputs.slice(this.written.length, this.written.length + this.resultCount);
    if (this.info.kind !== "train") return { results };
    (this.model.optimizer as unknown as { incrementIterations(): void }).incrementIterations();
    return { results, packed: outputs[outputs.length - 1] as tf.Tensor1D };
  }

  /** Removes the function from TensorFlow's context. */
  dispose(): void {
    this.backend.binding.removeFunction(this.info.name);
  }
}
