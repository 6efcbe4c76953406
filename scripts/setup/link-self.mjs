// Makes `import ... from "mnist-prep"` work inside this repository (notebooks, tslab):
// node_modules/mnist-prep -> the repository root, whose package.json points at dist/.
import { lstatSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const link = join(root, "node_modules", "mnist-prep");
mkdirSync(dirname(link), { recursive: true });
try {
  lstatSync(link);
  rmSync(link, { recursive: false, force: true });
} catch {
  // no previous link
}
symlinkSync("..", link, "dir");
// The package's own command, as `npx mnist-prep` inside the repository.
const bin = join(root, "node_modules", ".bin", "mnist-prep");
mkdirSync(dirname(bin), { recursive: true });
rmSync(bin, { force: true });
symlinkSync("../../scripts/cli.mjs", bin);
console.log(`linked ${link} -> ${root} and node_modules/.bin/mnist-prep`);
