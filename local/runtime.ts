import { buildTopology, type Topology } from '../infra/topology.js';
import type { Manifest } from '../shared/manifest/index.js';
import { applyLocalEnv, startLocalAws, type LocalAws } from './aws.js';
import { functionEnv } from './function-env.js';
import { createPlaceholderIngress, type ReceivedObject } from './placeholder-ingress.js';
import { startS3Notifications } from './s3-notifications.js';
import { startSqsTrigger } from './sqs-trigger.js';

export interface LocalRuntime {
  topology: Topology;
  local: LocalAws;
  stop(): Promise<void>;
}

export interface LocalRuntimeOptions {
  manifest: Manifest;
  onReceived: (received: ReceivedObject) => void;
  dataDir?: string;
}

/**
 * The embedded default as far as it goes today: the local AWS stack rendered from the topology, S3 notifications
 * into the ingress queue, and the ingress trigger invoking the placeholder with the ingress function's environment.
 */
export async function startLocalRuntime({ manifest, onReceived, dataDir }: LocalRuntimeOptions): Promise<LocalRuntime> {
  const topology = buildTopology(manifest);
  const local = await startLocalAws({ topology, ...(dataDir ? { dataDir } : {}) });
  // In-process functions share process.env; every function resolves a variable name to the same value.
  const restoreEnv = applyLocalEnv({ env: functionEnv(topology, 'ingress', local) });
  const bridge = await startS3Notifications({ local, topology });
  const trigger = startSqsTrigger({ local, topology, functionId: 'ingress', handler: createPlaceholderIngress(manifest, onReceived) });
  return {
    topology,
    local,
    async stop() {
      await bridge.stop();
      await trigger.stop();
      await local.stop();
      restoreEnv();
    },
  };
}
