/** 中文 for the hints and verdicts of notebook 04's exercise checkers (src/book/exercises/04-*.ts). */
import type { Catalogue } from "../../catalogue";

export const EXERCISES_04: Catalogue = {
};
