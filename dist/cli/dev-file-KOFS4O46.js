import {
  DEV_FILE,
  readDevFile,
  removeDevFile,
  writeDevFile
} from "./chunk-ZJ5EZHZB.js";
export {
  DEV_FILE,
  readDevFile,
  removeDevFile,
  writeDevFile
};
//# sourceMappingURL=dev-file-KOFS4O46.js.map
