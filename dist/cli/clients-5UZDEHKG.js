import {
  createDocumentClient,
  createDynamoClient,
  createS3Client,
  createSqsClient
} from "./chunk-Q5J7ZNL6.js";
export {
  createDocumentClient,
  createDynamoClient,
  createS3Client,
  createSqsClient
};
//# sourceMappingURL=clients-5UZDEHKG.js.map
