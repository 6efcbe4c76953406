/** 中文 for the hints and verdicts of notebook 02's exercise checkers (src/book/exercises/02-*.ts). */
import type { Catalogue } from "../../catalogue";

export const EXERCISES_02: Catalogue = {
};
