/** 中文 for the hints and verdicts of notebook 07's exercise checkers (src/book/exercises/07-*.ts). */
import type { Catalogue } from "../../catalogue";

export const EXERCISES_07: Catalogue = {
};
