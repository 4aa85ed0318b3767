import { S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

/**
 * An S3 client for a pull source. With a role (cross-account), credentials come from STS AssumeRole; the SDK caches
 * them and asks again shortly before they expire. Endpoint overrides (AWS_ENDPOINT_URL_S3) apply as for the inbox.
 */
export function sourceS3Client(roleArn: string | undefined, sessionName: string, env: NodeJS.ProcessEnv = process.env): S3Client {
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  return new S3Client({
    forcePathStyle: endpoint !== undefined,
    ...(roleArn ? { credentials: assumedRole(roleArn, sessionName) } : {}),
  });
}

interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

function assumedRole(roleArn: string, sessionName: string): () => Promise<TemporaryCredentials> {
  const sts = new STSClient({});
  return async () => {
    const r = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: 900 }));
    const c = r.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
  };
}
