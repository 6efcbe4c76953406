/** 中文 for notebook 02-loading-and-exploring: English template → translation. */
import type { Catalogue } from "..";

export const ZH_02: Catalogue = {
};
