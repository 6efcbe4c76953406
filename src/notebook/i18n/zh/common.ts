/** 中文 for text the package itself shows in notebooks (progress, checks, tables): English template → translation. */
import type { Catalogue } from "..";

export const COMMON: Catalogue = {
  "expected {0}, got {1}": "应为 {0}，实际为 {1}",
  "erratum — {0}: the article says {1}, the correct value is {2}": "勘误 — {0}：原文为 {1}，正确值为 {2}",
  "{0}/{1} checks passed": "{0}/{1} 项检查通过",
  "backend: {0} — {1}": "后端：{0} — {1}",
  "profile: {0} ({1} training and {2} test images, {3} epoch(s), batch {4}, seed {5})": "运行配置：{0}（训练图像 {1} 张，测试图像 {2} 张，{3} 轮，批大小 {4}，随机种子 {5}）",
};
