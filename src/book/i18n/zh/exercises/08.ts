/** 中文 for the hints and verdicts of notebook 08's exercise checkers (src/book/exercises/08-*.ts). */
import type { Catalogue } from "../../catalogue";

export const EXERCISES_08: Catalogue = {
};
