import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context, LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import type { Telemetry } from '../telemetry/index.js';

/**
 * The one shape of every Function URL function (webhook, record-write, proxy): Powertools logging, metrics flushed
 * per request, header names lower-cased. The event is never logged whatever POWERTOOLS_LOGGER_LOG_EVENT says: a
 * request carries a caller's data, and may carry a bearer token.
 */
export function urlHandler(
  { logger, metrics }: Pick<Telemetry, 'logger' | 'metrics'>,
  handle: (event: LambdaFunctionURLEvent) => Promise<LambdaFunctionURLResult>,
): middy.MiddyfiedHandler<LambdaFunctionURLEvent, LambdaFunctionURLResult, Error, Context> {
  return middy<LambdaFunctionURLEvent, LambdaFunctionURLResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(logMetrics(metrics))
    .use(httpHeaderNormalizer())
    .handler(handle);
}
