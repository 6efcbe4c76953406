/** 中文 for the hints and verdicts of notebook 09's exercise checkers (src/book/exercises/09-*.ts). */
import type { Catalogue } from "../../catalogue";

export const EXERCISES_09: Catalogue = {
};
