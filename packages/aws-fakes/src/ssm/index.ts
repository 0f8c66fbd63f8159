export { startFakeSsm, SSM_CIPHERTEXT_MARKER, type FakeSsm, type FakeSsmOptions, type SsmCall } from './fake-ssm.js';
