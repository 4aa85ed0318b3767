// shared/aws/clients.ts
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
function createS3Client(env = process.env) {
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  return new S3Client({ forcePathStyle: endpoint !== void 0 });
}
function createSqsClient() {
  return new SQSClient({});
}
function createDynamoClient() {
  return new DynamoDBClient({});
}
function createDocumentClient(client = createDynamoClient()) {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export {
  createS3Client,
  createSqsClient,
  createDynamoClient,
  createDocumentClient
};
//# sourceMappingURL=chunk-Q5J7ZNL6.js.map
