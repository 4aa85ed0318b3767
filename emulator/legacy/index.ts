// The legacy Portal/Concierge API (v2/v3), served by the emulator beside the platform API.
export { handleLegacy, isLegacyPath } from './routes.js';
export { LegacyPortal, type LegacyBatch, type LegacyKey, type SubmitBatch } from './portal.js';
