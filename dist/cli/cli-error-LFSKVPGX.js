import {
  CliError
} from "./chunk-6LCKXXPL.js";
export {
  CliError
};
//# sourceMappingURL=cli-error-LFSKVPGX.js.map
