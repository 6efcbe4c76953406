/** Run profiles: `full` is the article's recipe, `quick` the same code on small subsets (tests, CI). */
import { InvalidArgumentError } from "../../errors";

/** The two profiles notebooks read in their first cell. */
export type ProfileName = "quick" | "full";

/** Sizes and settings that differ between profiles. */
export interface Profile {
  name: ProfileName;
  /** Training images used (the article: all 60 000). */
  trainSize: number;
  /** Test images used for evaluation (always the real test set, possibly a prefix). */
  testSize: number;
  /** Epochs for the main training run (the article: 10). */
  epochs: number;
  /** Mini-batch size (the article: 32). */
  batchSize: number;
  /** The seed every notebook starts from. */
  seed: number;
}

const PROFILES: Record<ProfileName, Profile> = {
  full: { name: "full", trainSize: 60000, testSize: 10000, epochs: 10, batchSize: 32, seed: 42 },
  quick: { name: "quick", trainSize: 2000, testSize: 1000, epochs: 1, batchSize: 32, seed: 42 },
};

/** The profile named by `name` or `MNIST_PROFILE` (default `full`). */
export function getProfile(name: string | undefined = process.env.MNIST_PROFILE): Profile {
  const key = (name ?? "full").trim().toLowerCase();
  if (key !== "quick" && key !== "full") {
    throw new InvalidArgumentError("MNIST_PROFILE", "quick or full", JSON.stringify(name));
  }
  return { ...PROFILES[key] };
}
