// cli/flatfile-target.ts
function flatfileFromEnv(env = process.env) {
  const token = env.FLATFILE_API_KEY;
  const environmentId = env.FLATFILE_ENVIRONMENT_ID;
  if (!token || !environmentId) return void 0;
  return { token, environmentId, ...env.FLATFILE_API_URL ? { apiUrl: env.FLATFILE_API_URL } : {} };
}

export {
  flatfileFromEnv
};
//# sourceMappingURL=chunk-73TCTKQX.js.map
