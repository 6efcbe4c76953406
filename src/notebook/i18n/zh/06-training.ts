/** 中文 for notebook 06-training: English template → translation. */
import type { Catalogue } from "..";

export const ZH_06: Catalogue = {
};
