/** 中文 for notebook 05-math: English template → translation. */
import type { Catalogue } from "..";

export const ZH_05: Catalogue = {
};
