/** What an exercise checker is: it looks at a learner's attempt and answers ✓ or a hint. */

/** What a checker concludes: passed (with what it saw) or a hint towards the answer. */
export type ExerciseVerdict = { ok: true; seen: string } | { ok: false; hint: string };

/** A checker: looks at the learner's attempt (a model, a generator, a number …) and judges it. */
export type ExerciseChecker = (attempt: unknown) => ExerciseVerdict | Promise<ExerciseVerdict>;
