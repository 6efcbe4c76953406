/** Helpers for transfer-learning experiments: class subsets, label budgets, relabelling. */
import { InvalidArgumentError } from "../errors";
import { pick } from "../data/subset";
import { SeededRandom } from "../random";
import type { LabelledImages, PixelArray } from "../types";

/**
 * The images whose label is in `digits`, relabelled 0…digits.length-1 in the order given
 * (e.g. digits [5,6,7,8,9] → labels 0–4), optionally at most `perClass` of each, drawn with `seed`.
 */
export function selectClasses<T extends PixelArray>(
  split: LabelledImages<T>,
  digits: number[],
  options: { perClass?: number; seed?: number } = {},
): LabelledImages<T> {
  if (digits.length === 0 || new Set(digits).size !== digits.length) {
    throw new InvalidArgumentError("digits", "a non-empty list of distinct labels", JSON.stringify(digits));
  }
  const { perClass } = options;
  if (perClass !== undefined && (!Number.isInteger(perClass) || perClass < 1)) {
    throw new InvalidArgumentError("perClass", "a positive integer", String(perClass));
  }
  const byClass = digits.map(() => [] as number[]);
  const position = new Map(digits.map((d, i) => [d, i]));
  for (let i = 0; i < split.labels.length; i++) {
    const k = position.get(split.labels[i]);
    if (k !== undefined) byClass[k].push(i);
  }
  const rng = new SeededRandom(options.seed ?? 0);
  const chosen: number[] = [];
  byClass.forEach((indices, k) => {
    if (perClass !== undefined) {
      if (indices.length < perClass) {
        throw new InvalidArgumentError("perClass", `at most ${indices.length} (images of digit ${digits[k]})`, String(perClass));
      }
      rng.shuffle(indices);
      indices.length = perClass;
    }
    chosen.push(...indices);
  });
  chosen.sort((a, b) => a - b); // keep dataset order (classes interleaved), like the source
  const out = pick(split, chosen);
  for (let i = 0; i < out.labels.length; i++) out.labels[i] = position.get(out.labels[i])!;
  return out;
}
