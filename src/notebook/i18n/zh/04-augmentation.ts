/** 中文 for notebook 04-augmentation: English template → translation. */
import type { Catalogue } from "..";

export const ZH_04: Catalogue = {
};
