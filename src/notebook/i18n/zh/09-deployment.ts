/** 中文 for notebook 09-deployment: English template → translation. */
import type { Catalogue } from "..";

export const ZH_09: Catalogue = {
};
