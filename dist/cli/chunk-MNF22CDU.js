// shared/manifest/routing.ts
function feedForKey(manifest, key) {
  return manifest.feeds.find(
    (f) => key.startsWith(f.source.inboxPrefix) && (!f.source.suffixes || f.source.suffixes.some((s) => key.toLowerCase().endsWith(s.toLowerCase())))
  );
}
function destinationPrefix(feed) {
  return feed.egress.prefix ?? `${feed.name}/`;
}

export {
  feedForKey,
  destinationPrefix
};
//# sourceMappingURL=chunk-MNF22CDU.js.map
