/** 中文 for notebook 08-practice-and-faq: English template → translation. */
import type { Catalogue } from "..";

export const ZH_08: Catalogue = {
};
