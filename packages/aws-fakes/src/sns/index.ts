export { startFakeSns, type FakeSns, type FakeSnsOptions, type PublishedMessage, type SnsCall } from './fake-sns.js';
