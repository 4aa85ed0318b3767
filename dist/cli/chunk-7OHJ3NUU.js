// shared/manifest/default-path.ts
var DEFAULT_MANIFEST_PATH = "feeds/feeds.yaml";

export {
  DEFAULT_MANIFEST_PATH
};
//# sourceMappingURL=chunk-7OHJ3NUU.js.map
