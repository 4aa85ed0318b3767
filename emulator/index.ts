// Public surface of the Flatfile Platform API emulator.
export { Emulator, startEmulator, type EmulatorOptions } from './server.js';
export type { FaultOptions, RouteFaults } from './faults.js';
export { sign, verifySignature, TIMESTAMP_HEADER, SIGNATURE_HEADER, EVENT_ID_HEADER, type PushTarget } from './push.js';
export type { Services } from './services.js';
