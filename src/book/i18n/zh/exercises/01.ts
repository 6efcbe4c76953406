/** 中文 for the hints and verdicts of notebook 01's exercise checkers (src/book/exercises/01-*.ts). */
import type { Catalogue } from "../../catalogue";

export const EXERCISES_01: Catalogue = {
};
