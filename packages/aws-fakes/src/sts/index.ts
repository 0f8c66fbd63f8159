export { startFakeSts, type FakeSts, type FakeStsOptions } from './fake-sts.js';
