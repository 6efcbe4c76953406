/** 中文 for text the package itself shows in notebooks (progress, checks, tables): English template → translation. */
import type { Catalogue } from "..";

export const COMMON: Catalogue = {
  "expected {0}, got {1}": "应为 {0}，实际为 {1}",
  "erratum — {0}: the article says {1}, the correct value is {2}": "勘误 — {0}：原文为 {1}，正确值为 {2}",
  "{0}/{1} checks passed": "{0}/{1} 项检查通过",
  "backend: {0} — {1}": "后端：{0} — {1}",
  "profile: {0} ({1} training and {2} test images, {3} epoch(s), batch {4}, seed {5})": "运行配置：{0}（训练图像 {1} 张，测试图像 {2} 张，{3} 轮，批大小 {4}，随机种子 {5}）",
  "from PyPI's tensorflow-cpu wheel (binding built by npm run setup)": "来自 PyPI 的 tensorflow-cpu wheel（绑定由 npm run setup 构建）",
  "official download (tfjs-node's install script)": "官方下载（tfjs-node 的安装脚本）",
  "origin unknown: {0}": "来源未知：{0}",
  "on": "开启",
  "off": "关闭",
  "threads": "线程",
  "pure JavaScript": "纯 JavaScript",
  "{0} unavailable ({1})": "{0} 不可用（{1}）",
  "forced by {0}={1}; {2}": "由 {0}={1} 指定；{2}",
  "argument": "参数",
  "fastest available: {0}": "可用后端中最快：{0}",
  "{0}; using {1}: {2}": "{0}；改用 {1}：{2}",
};
