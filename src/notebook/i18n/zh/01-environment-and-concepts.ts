/** 中文 for notebook 01-environment-and-concepts: English template → translation. */
import type { Catalogue } from "..";

export const ZH_01: Catalogue = {
};
