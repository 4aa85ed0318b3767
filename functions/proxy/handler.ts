import * as z from 'zod';
import { DEFAULT_MANIFEST_PATH, loadManifest } from '../../shared/manifest/index.js';
import { flatfileKeyFromEnv } from '../../shared/proxy/call.js';
import { proxyRequest, type ProxyDeps } from '../../shared/proxy/proxy.js';
import { readEnv } from '../../shared/runtime/env.js';
import { once } from '../../shared/runtime/once.js';
import { urlHandler } from '../../shared/runtime/url-handler.js';
import { createTelemetry, MetricUnit } from '../../shared/telemetry/index.js';
import { SERVICE_NAMES } from '../../shared/telemetry/metric-names.js';

const Env = z.object({ MANIFEST_PATH: z.string().default(DEFAULT_MANIFEST_PATH) });

const telemetry = createTelemetry(SERVICE_NAMES.proxy);
const { logger, metrics } = telemetry;

const deps = once(async (): Promise<ProxyDeps> => {
  const manifest = await loadManifest(readEnv(Env).MANIFEST_PATH);
  const key = once(() => flatfileKeyFromEnv());
  return {
    rules: manifest.proxy?.allow ?? [],
    maxBodyBytes: manifest.proxy?.maxBodyBytes ?? 0,
    key,
    audit: (entry) => {
      logger.info('proxy', { ...entry });
      metrics.addMetric(entry.outcome === 'refused' ? 'ProxyRequestsRefused' : 'ProxyRequestsForwarded', MetricUnit.Count, 1);
    },
  };
});

/** Function URL (AWS_IAM auth) → Flatfile with the secret key, on the manifest's allow-list only. */
export const handler = urlHandler(telemetry, async (event) => {
  const iam = (event.requestContext as { authorizer?: { iam?: { userArn?: string } } }).authorizer?.iam;
  return proxyRequest(await deps(), {
    method: event.requestContext.http.method,
    path: event.rawPath,
    ...(event.rawQueryString ? { rawQueryString: event.rawQueryString } : {}),
    ...(event.body !== undefined ? { body: event.body, isBase64Encoded: event.isBase64Encoded } : {}),
    ...(event.headers['content-type'] ? { contentType: event.headers['content-type'] } : {}),
    ...(iam?.userArn ? { caller: iam.userArn } : {}),
  });
});
