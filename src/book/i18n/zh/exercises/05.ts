/** 中文 for the hints and verdicts of notebook 05's exercise checkers (src/book/exercises/05-*.ts). */
import type { Catalogue } from "../../catalogue";

export const EXERCISES_05: Catalogue = {
};
