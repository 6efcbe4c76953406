/** 中文 for the hints and verdicts of notebook 03's exercise checkers (src/book/exercises/03-*.ts). */
import type { Catalogue } from "../../catalogue";

export const EXERCISES_03: Catalogue = {
};
