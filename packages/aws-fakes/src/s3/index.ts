export { startFakeS3, type FakeS3, type FakeS3Options, type S3Call } from './fake-s3.js';
