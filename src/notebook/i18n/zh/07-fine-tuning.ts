/** 中文 for notebook 07-fine-tuning: English template → translation. */
import type { Catalogue } from "..";

export const ZH_07: Catalogue = {
};
