// cli/dev-file.ts
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
var DEV_FILE = ".flatfeed/dev.json";
async function writeDevFile(stack, path = DEV_FILE) {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(stack, null, 2)}
`);
}
async function readDevFile(path = DEV_FILE) {
  const text = await readFile(path, "utf8").catch((err) => {
    if (err.code === "ENOENT") return void 0;
    throw err;
  });
  if (text === void 0) return void 0;
  const stack = JSON.parse(text);
  return isAlive(stack.pid) ? stack : void 0;
}
async function removeDevFile(path = DEV_FILE) {
  await rm(path, { force: true });
}
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

export {
  DEV_FILE,
  writeDevFile,
  readDevFile,
  removeDevFile
};
//# sourceMappingURL=chunk-ZJ5EZHZB.js.map
