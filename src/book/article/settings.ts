/** The article's own settings (§5.2), named once so notebooks, tests and benchmarks share them. */
import type { ImageDataGeneratorOptions } from "../../prep/augment";

/** The article's `ImageDataGenerator(...)` arguments (§3.4 and §5.2.3), in this package's names. */
export const ARTICLE_AUGMENTATION: Readonly<ImageDataGeneratorOptions> = Object.freeze({
  rotationRange: 10,
  widthShiftRange: 0.1,
  heightShiftRange: 0.1,
  zoomRange: 0.1,
  shearRange: 0.1,
  horizontalFlip: false,
  fillMode: "nearest",
});
