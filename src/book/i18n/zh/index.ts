/** The 中文 catalogue: the text the book itself shows, and its exercise checkers' hints per notebook. */
import type { Catalogue } from "../catalogue";
import { BOOK } from "./book";
import { EXERCISES_01 } from "./exercises/01";
import { EXERCISES_02 } from "./exercises/02";
import { EXERCISES_03 } from "./exercises/03";
import { EXERCISES_04 } from "./exercises/04";
import { EXERCISES_05 } from "./exercises/05";
import { EXERCISES_06 } from "./exercises/06";
import { EXERCISES_07 } from "./exercises/07";
import { EXERCISES_08 } from "./exercises/08";
import { EXERCISES_09 } from "./exercises/09";

/** Every 中文 translation, by English template (a test checks that the files agree where they share a key). */
export const ZH_PARTS: Readonly<Record<string, Catalogue>> = {
  "book": BOOK,
  "exercises/01": EXERCISES_01,
  "exercises/02": EXERCISES_02,
  "exercises/03": EXERCISES_03,
  "exercises/04": EXERCISES_04,
  "exercises/05": EXERCISES_05,
  "exercises/06": EXERCISES_06,
  "exercises/07": EXERCISES_07,
  "exercises/08": EXERCISES_08,
  "exercises/09": EXERCISES_09,
};

/** The merged 中文 catalogue. */
export const ZH: Catalogue = Object.assign({}, ...Object.values(ZH_PARTS));
