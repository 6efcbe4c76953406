/** 中文 for the hints and verdicts of notebook 04's exercise checkers (src/book/exercises/04-*.ts). */
import type { Catalogue } from "../../catalogue";

export const EXERCISES_04: Catalogue = {
  "a digit moved {0} px sideways, more than 10% of the width (2.8 px): use a range of 0.1": "有个数字左右移动了 {0} 像素，超过了宽度的 10%（2.8 像素）：请把范围设为 0.1",
  "no six turned by more than {0}°, so none looks like a 9: set rotationRange: 180": "没有哪个 6 转过了 {0}° 以上，所以没有一个像 9：请设 rotationRange: 180",
  "pass the generator (shearing) to the checker": "请把生成器（shearing）交给检查函数",
  "pass the generator (sideways) to the checker": "请把生成器（sideways）交给检查函数",
  "pass the parameters of the turned sixes (turned.params)": "请传入旋转后那些 6 的参数（turned.params）",
  "shearRange {0} moves a pixel at the border by at most {1} px: try shearRange: 20": "shearRange {0} 最多让边缘的像素移动 {1} 像素：试试 shearRange: 20",
  "shearRange {0} slants the digits so far that they leave the image: try 20": "shearRange {0} 让数字倾斜得太厉害，都跑出图像了：试试 20",
  "shears up to ±{0}°: a pixel at the border moves up to {1} px": "剪切角最大 ±{0}°：边缘的像素最多移动 {1} 像素",
  "sideways by up to {0} px (on average {1} px), up or down by {2} px: heightShiftRange moves digits sideways": "左右最多移动 {0} 像素（平均 {1} 像素），上下移动 {2} 像素：heightShiftRange 让数字左右移动",
  "your generator hardly moves the digits sideways (on average {0} px): give it a shift range of 0.1": "你的生成器几乎没有让数字左右移动（平均 {0} 像素）：请给它 0.1 的平移范围",
  "your generator moves the digits up and down (on average {0} px): in Keras, widthShiftRange draws the shift that moves rows — use the other range": "你的生成器让数字上下移动（平均 {0} 像素）：在 Keras 中，widthShiftRange 抽取的是移动行的那个平移量——请改用另一个范围",
  "{0} of the {1} sixes turned by more than 120°: those read as 9s, with the wrong label": "{1} 个 6 中有 {0} 个转过了 120° 以上：它们看起来像 9，标签却是 6",
};
