// Makes `import ... from "mnist-prep"` work inside this repository (notebooks, tslab):
// node_modules/mnist-prep -> the repository root, whose package.json points at dist/.
import { lstatSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const link = join(root, "node_modules", "mnist-prep");
mkdirSync(dirname(link), { recursive: true });
try {
  lstatSync(link);
  rmSync(link, { recursive: false, force: true });
} catch {
  // no previous link
}
symlinkSync("..", link, "dir");
console.log(`linked ${link} -> ${root}`);
