/** 中文 for notebook 03-cleaning: English template → translation. */
import type { Catalogue } from "..";

export const ZH_03: Catalogue = {
};
