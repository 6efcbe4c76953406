/**
 * When a model's steps run compiled: per model, one compiled function per batch shape, made once
 * the same shape has come twice in a row (a lone last batch of another size stays op by op), and
 * dropped when the model gets another optimizer or the optimizer other slot variables. A step
 * that cannot be compiled runs op by op and says why through the events.
 *
 * `compileSteps(model)` routes the model's own training function (so `trainOnBatch`, `fit` and
 * `fitDataset`), its test function (`evaluate`, `evaluateDataset`, fit's validation) and `predict`
 * through compiled steps; `predictBatch` is the compiled prediction of one batch.
 */
import * as tf from "@tensorflow/tfjs";
import { functionBackend } from "./native";
import { CompiledStep, NotCompiled, type CompiledStepInfo, type StepFunction, type StepKind } from "./step";

/** What compiled steps report: a step compiled, or why steps run op by op. */
export type CompiledStepEvent =
  | { type: "compiled"; kind: StepKind; /** Batch shape, e.g. `float32[32,28,28,1]`. */ shape: string; info: CompiledStepInfo }
  | { type: "eager-fallback"; kind: StepKind; /** Batch shape, or undefined when no step of this model can compile. */ shape?: string; reason: string };

let enabled = process.env.MNIST_COMPILED !== "0";

/** Turns compiled steps on or off for every model (default on; `MNIST_COMPILED=0` starts with off). */
export function setCompiledSteps(on: boolean): void {
  enabled = on;
}

/** Whether compiled steps are on, and when not possible here, why (e.g. not the native backend). */
export function compiledStepsStatus(): { enabled: boolean; unavailable?: string } {
  const found = functionBackend();
  return { enabled, ...("reason" in found ? { unavailable: found.reason } : {}) };
}

interface Streak {
  key: string;
  count: number;
}

interface ModelState {
  optimizer?: tf.Optimizer;
  optimizerVariables: tf.Variable[];
  steps: Record<StepKind, Map<string, CompiledStep | NotCompiled>>;
  streaks: Record<StepKind, Streak>;
  listeners: Set<(event: CompiledStepEvent) => void>;
  /** Names of the model's functions in TensorFlow's context (removed when the model is collected). */
  functions: Set<string>;
}

const states = new WeakMap<tf.LayersModel, ModelState>();

/**
 * A function holds its kernels' state in TensorFlow's context (about a megabyte for the article's
 * training step): once its model is garbage, the function goes too.
 */
const functionsOfCollected = new FinalizationRegistry<Set<string>>((names) => {
  const found = functionBackend();
  if ("reason" in found) return;
  for (const name of names) found.backend.binding.removeFunction(name);
});

/** Removes a step's function from TensorFlow and from its model's list. */
function dropStep(state: ModelState, step: CompiledStep): void {
  step.dispose();
  state.functions.delete(step.info.name);
}

/** The model that trains and predicts (a Sequential delegates to its inner LayersModel). */
function innerModel(model: tf.LayersModel): tf.LayersModel {
  const inner = (model as unknown as { model?: unknown }).model;
  return inner instanceof tf.LayersModel ? inner : model;
}

/** The variables an optimizer holds (slots, bias-correction powers), in property order. */
function optimizerVariables(optimizer: tf.Optimizer | undefined): tf.Variable[] {
  const found: tf.Variable[] = [];
  for (const value of Object.values(optimizer ?? {})) {
    if (value instanceof tf.Variable) found.push(value);
    else if (Array.isArray(value)) {
      for (const item of value) {
        if (item instanceof tf.Variable) found.push(item);
        else if ((item as { variable?: unknown } | null)?.variable instanceof tf.Variable) found.push((item as { variable: tf.Variable }).variable);
      }
    }
  }
  return found;
}

const KINDS: readonly StepKind[] = ["train", "predict", "evaluate"];

function disposeSteps(state: ModelState, kinds: readonly StepKind[]): void {
  for (const k of kinds) {
    for (const step of state.steps[k].values()) if (step instanceof CompiledStep) dropStep(state, step);
    state.steps[k].clear();
  }
}

/**
 * The model's state; its training and test steps are dropped when its optimizer changed since they
 * were compiled (a new `compile` may also have changed the loss and metrics).
 */
function stateOf(model: tf.LayersModel): ModelState {
  let state = states.get(model);
  if (!state) {
    state = {
      optimizerVariables: [],
      steps: { train: new Map(), predict: new Map(), evaluate: new Map() },
      streaks: { train: { key: "", count: 0 }, predict: { key: "", count: 0 }, evaluate: { key: "", count: 0 } },
      listeners: new Set(),
      functions: new Set(),
    };
    states.set(model, state);
    functionsOfCollected.register(model, state.functions);
  }
  const optimizer = model.optimizer ?? undefined;
  const variables = optimizerVariables(optimizer);
  if (optimizer !== state.optimizer || variables.length !== state.optimizerVariables.length || variables.some((v, i) => v !== state!.optimizerVariables[i])) {
    disposeSteps(state, ["train", "evaluate"]);
    state.optimizer = optimizer;
    state.optimizerVariables = variables;
  }
  return state;
}

function shapeKey(data: Array<tf.Tensor | null>): string {
  return data.map((t) => (t == null ? "none" : `${t.dtype}[${t.shape.join(",")}]`)).join(" ");
}

function emit(state: ModelState, event: CompiledStepEvent): void {
  for (const listener of state.listeners) listener(event);
}

/**
 * The compiled step for `data`, compiling it when its shape has come twice in a row; null when
 * the step runs op by op (not yet seen twice, compiled steps off, or not compilable).
 */
function stepFor(kind: StepKind, model: tf.LayersModel, fn: StepFunction, data: tf.Tensor[]): CompiledStep | null {
  // compileSteps reports once when no step can compile here; no event per batch shape.
  if (!enabled || "reason" in functionBackend()) return null;
  const state = stateOf(model);
  const key = shapeKey(data);
  const streak = state.streaks[kind];
  streak.count = streak.key === key ? streak.count + 1 : 1;
  streak.key = key;
  const cached = state.steps[kind].get(key);
  if (cached instanceof CompiledStep) {
    if (cached.usable) return cached;
    dropStep(state, cached);
    state.steps[kind].delete(key);
  } else if (cached) {
    return null;
  }
  // An optimizer makes its slot variables on its first step: record only after one.
  if (streak.count < 2 || (kind === "train" && (model.optimizer?.iterations ?? 0) < 1)) return null;
  try {
    const step = CompiledStep.compile(kind, model, fn, data);
    state.steps[kind].set(key, step);
    state.functions.add(step.info.name);
    emit(state, { type: "compiled", kind, shape: key, info: step.info });
    return step;
  } catch (error) {
    const reason = error instanceof NotCompiled ? error : new NotCompiled(`unexpected: ${(error as Error).message.split("\n")[0].slice(0, 300)}`);
    state.steps[kind].set(key, reason);
    emit(state, { type: "eager-fallback", kind, shape: key, reason: reason.reason });
    return null;
  }
}

/** The compiled steps a model holds now (for profiling them). */
export function compiledStepsOf(model: tf.LayersModel): CompiledStep[] {
  const state = states.get(innerModel(model));
  return state ? KINDS.flatMap((kind) => [...state.steps[kind].values()]).filter((s): s is CompiledStep => s instanceof CompiledStep) : [];
}

/** Runs a training or test function compiled when possible; the result is what `fn(data)` returns. */
function runStep(kind: "train" | "evaluate", model: tf.LayersModel, fn: StepFunction, data: tf.Tensor[]): tf.Tensor[] {
  const step = stepFor(kind, model, fn, data);
  if (!step) return fn(data);
  const { results, packed } = step.run(data);
  packed?.dispose();
  return results;
}

/**
 * Predictions of `model` for one batch `x`, compiled when possible (same values as
 * `model.predict(x)` within round-off); the caller disposes the result.
 */
export function predictBatch(model: tf.LayersModel, x: tf.Tensor): tf.Tensor {
  const inner = innerModel(model);
  // The class's own predict: compileSteps may have routed the instance's through here.
  const predict = (Object.getPrototypeOf(inner) as tf.LayersModel).predict;
  const eager = (data: tf.Tensor[]) => [predict.call(inner, data[0], { batchSize: data[0].shape[0] }) as tf.Tensor];
  if (inner.outputs.length !== 1 || inner.inputs.length !== 1) return predict.call(inner, x) as tf.Tensor;
  const step = stepFor("predict", inner, eager, [x]);
  return step ? step.run([x]).results[0] : eager([x])[0];
}

/** A model's steps routed through compiled functions until `release()`. */
export interface CompiledSteps {
  /**
   * `model.trainOnBatch(x, y)` without its promise: the step compiled when possible, the loss and
   * metrics (the loss alone when there are none) read back in one call.
   */
  trainOnBatch(x: tf.Tensor, y: tf.Tensor): number | number[];
  /** Stops routing: the model's own methods run op by op again (compiled functions stay cached). */
  release(): void;
}

/** The methods `compileSteps` routes, and what the instance had of its own before. */
const ROUTED = ["makeTrainFunction", "makeTestFunction", "predict"] as const;

interface Installed {
  count: number;
  previous: Record<(typeof ROUTED)[number], PropertyDescriptor | undefined>;
}

/** One training step of `inner` on a batch, compiled when possible; its loss and metrics, as `trainOnBatch` returns them. */
function trainOnBatch(inner: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): number | number[] {
  const model = inner as unknown as { standardizeUserDataXY(x: tf.Tensor, y: tf.Tensor): [tf.Tensor[], tf.Tensor[]] };
  const [xs, ys] = model.standardizeUserDataXY(x, y);
  const data = [...xs, ...ys];
  // The class's own training function: the instance's may route back here.
  const eager = (Object.getPrototypeOf(inner) as { makeTrainFunction(): StepFunction }).makeTrainFunction.call(inner);
  const step = stepFor("train", inner, eager, data);
  const outputs = step ? step.run(data) : { results: eager(data), packed: undefined };
  const values = outputs.packed ? Array.from(outputs.packed.dataSync()) : outputs.results.map((t) => t.dataSync()[0]);
  tf.dispose([...outputs.results, ...(outputs.packed ? [outputs.packed] : [])]);
  return values.length === 1 ? values[0] : values;
}

/** Gives `inner` its own makeTrainFunction, makeTestFunction and predict that go through compiled steps. */
function route(inner: tf.LayersModel): void {
  const own = inner as unknown as {
    makeTrainFunction: () => StepFunction;
    makeTestFunction: () => void;
    testFunction: StepFunction;
    predict: (x: tf.Tensor | tf.Tensor[], args?: PredictArgs) => tf.Tensor | tf.Tensor[];
  };
  const { makeTrainFunction, makeTestFunction, predict } = own;
  own.makeTrainFunction = function (this: tf.LayersModel) {
    const eager = makeTrainFunction.call(this);
    return (data: tf.Tensor[]) => runStep("train", inner, eager, data);
  };
  own.makeTestFunction = function (this: tf.LayersModel) {
    makeTestFunction.call(this);
    const eager = own.testFunction;
    own.testFunction = (data: tf.Tensor[]) => runStep("evaluate", inner, eager, data);
  };
  own.predict = function (this: tf.LayersModel, x, args) {
    if (!(x instanceof tf.Tensor) || inner.outputs.length !== 1 || inner.inputs.length !== 1 || args?.verbose) return predict.call(this, x, args);
    const batchSize = args?.batchSize ?? 32;
    const n = x.shape[0];
    if (n <= batchSize) return predictBatch(inner, x);
    return tf.tidy(() => {
      const parts: tf.Tensor[] = [];
      for (let from = 0; from < n; from += batchSize) parts.push(predictBatch(inner, x.slice(from, Math.min(batchSize, n - from))));
      return tf.concat(parts, 0);
    });
  };
}

/** What `model.predict` takes besides the inputs. */
type PredictArgs = Parameters<tf.LayersModel["predict"]>[1];

const installed = new WeakMap<tf.LayersModel, Installed>();

/**
 * Routes `model`'s training function (`trainOnBatch`, `fit`, `fitDataset`), its test function
 * (`evaluate`, `evaluateDataset`, fit's validation) and `predict` (batch by batch, as tfjs-layers
 * slices it) through compiled steps, reporting to `onEvent`: which steps compiled, and why a step
 * runs op by op (including, once, when compiled steps cannot run here at all). Call it after
 * `model.compile`: compiling a Sequential again gives it a new inner model, routed no more.
 */
export function compileSteps(model: tf.LayersModel, options: { onEvent?: (event: CompiledStepEvent) => void } = {}): CompiledSteps {
  const inner = innerModel(model);
  const state = stateOf(inner);
  const listener = options.onEvent;
  if (listener) state.listeners.add(listener);
  const status = compiledStepsStatus();
  if (listener && status.unavailable) listener({ type: "eager-fallback", kind: "train", reason: status.unavailable });
  else if (listener && !status.enabled) listener({ type: "eager-fallback", kind: "train", reason: "compiled steps are off (setCompiledSteps(false) or MNIST_COMPILED=0)" });
  let entry = installed.get(inner);
  if (!entry) {
    entry = { count: 0, previous: Object.fromEntries(ROUTED.map((name) => [name, Object.getOwnPropertyDescriptor(inner, name)])) as Installed["previous"] };
    installed.set(inner, entry);
    route(inner);
  }
  entry.count++;
  let released = false;
  return {
    trainOnBatch: (x, y) => trainOnBatch(inner, x, y),
    release() {
      if (released) return;
      released = true;
      if (listener) state.listeners.delete(listener);
      if (--entry!.count > 0) return;
      installed.delete(inner);
      for (const name of ROUTED) {
        const previous = entry!.previous[name];
        if (previous) Object.defineProperty(inner, name, previous);
        else delete (inner as unknown as Record<string, unknown>)[name];
      }
    },
  };
}
