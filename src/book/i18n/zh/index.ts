/** The 中文 catalogue: one file a notebook, plus the text the package itself shows. */
import type { Catalogue } from "../catalogue";
import { COMMON } from "./common";
import { ZH_01 } from "./01-environment-and-concepts";
import { ZH_02 } from "./02-loading-and-exploring";
import { ZH_03 } from "./03-cleaning";
import { ZH_04 } from "./04-augmentation";
import { ZH_05 } from "./05-math";
import { ZH_06 } from "./06-training";
import { ZH_07 } from "./07-fine-tuning";
import { ZH_08 } from "./08-practice-and-faq";
import { ZH_09 } from "./09-deployment";

/** Every 中文 translation, by English template (a test checks that the files agree where they share a key). */
export const ZH_PARTS: Readonly<Record<string, Catalogue>> = {
  "common": COMMON,
  "01-environment-and-concepts": ZH_01,
  "02-loading-and-exploring": ZH_02,
  "03-cleaning": ZH_03,
  "04-augmentation": ZH_04,
  "05-math": ZH_05,
  "06-training": ZH_06,
  "07-fine-tuning": ZH_07,
  "08-practice-and-faq": ZH_08,
  "09-deployment": ZH_09,
};

/** The merged 中文 catalogue. */
export const ZH: Catalogue = Object.assign({}, ...Object.values(ZH_PARTS));
