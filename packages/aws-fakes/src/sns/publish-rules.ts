/**
 * The checks SNS applies to a Publish request, as pure functions of the decoded form, each citing its rule in the
 * SNS API reference (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html). A refusal is a `SnsRefusal`
 * carrying the awsQuery error code and HTTP status from the SNS model (@aws-sdk/client-sns 3.1164.0 schemas).
 */

export class SnsRefusal extends Error {
  constructor(
    readonly code: 'InvalidParameter' | 'ParameterValueInvalid' | 'NotFound',
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface MessageAttribute {
  dataType: string;
  stringValue?: string;
  binaryValue?: string;
}

/** "The total size limit for a single SMS Publish action is 1,600 characters; for other protocols 262,144 bytes
 *  (256 KiB)", message and attributes together (Publish reference, `Message`, and "message attributes count toward
 *  the size restriction"). */
export const MAX_PUBLISH_BYTES = 262_144;
/** Publish reference, `Subject`: ASCII text beginning with a letter, number or punctuation mark, no line breaks or
 *  control characters, under 100 characters (taken here as at most 100). */
export const MAX_SUBJECT_LENGTH = 100;

const invalid = (what: string): SnsRefusal => new SnsRefusal('InvalidParameter', 400, `Invalid parameter: ${what}`);

/** `arn:aws:sns:<region>:<account>:<name>`; topic names are 1–256 of A-Z a-z 0-9 - _ (CreateTopic reference), `.fifo` allowed. */
export function checkTopicArn(arn: string | null): string {
  if (arn === null || arn === '') throw invalid('TopicArn or TargetArn Reason: no value for required parameter');
  if (!/^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(arn)) throw invalid(`TopicArn Reason: '${arn}' is not a topic ARN (arn:aws:sns:<region>:<account>:<topic name>)`);
  return arn;
}

export function checkSubject(subject: string | null): string | undefined {
  if (subject === null) return undefined;
  if (subject.length === 0 || subject.length > MAX_SUBJECT_LENGTH) throw invalid(`Subject Reason: must be 1 to ${MAX_SUBJECT_LENGTH} characters, not ${subject.length}`);
  if (/[\r\n]/.test(subject)) throw invalid('Subject Reason: must not include line breaks');
  if (!/^[\x20-\x7e]+$/.test(subject)) throw invalid('Subject Reason: must be printable ASCII text with no control characters');
  if (subject.startsWith(' ')) throw invalid('Subject Reason: must begin with a letter, number or punctuation mark');
  return subject;
}

/**
 * `MessageAttributes.entry.N.Name`, `.Value.DataType`, `.Value.StringValue`, `.Value.BinaryValue` (awsQuery map
 * encoding). A String or Number attribute needs a non-empty StringValue (MessageAttributeValue reference,
 * ParameterValueInvalid); data types are String, String.Array, Number and Binary, optionally with a custom suffix.
 */
export function readMessageAttributes(form: URLSearchParams): Record<string, MessageAttribute> {
  const attributes: Record<string, MessageAttribute> = {};
  for (let n = 1; form.has(`MessageAttributes.entry.${n}.Name`); n += 1) {
    const prefix = `MessageAttributes.entry.${n}`;
    const name = form.get(`${prefix}.Name`) ?? '';
    const dataType = form.get(`${prefix}.Value.DataType`);
    const stringValue = form.get(`${prefix}.Value.StringValue`);
    const binaryValue = form.get(`${prefix}.Value.BinaryValue`);
    if (name === '' || name.length > 256) throw new SnsRefusal('ParameterValueInvalid', 400, `The message attribute name '${name}' must be 1 to 256 characters`);
    if (!dataType) throw new SnsRefusal('ParameterValueInvalid', 400, `The message attribute '${name}' must contain non-empty message attribute type.`);
    if (!/^(String|Number|Binary|String\.Array)(\..+)?$/.test(dataType)) throw new SnsRefusal('ParameterValueInvalid', 400, `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
    if (dataType.startsWith('Binary') ? !binaryValue : !stringValue) {
      throw new SnsRefusal('ParameterValueInvalid', 400, `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`);
    }
    attributes[name] = { dataType, ...(stringValue !== null ? { stringValue } : {}), ...(binaryValue !== null ? { binaryValue } : {}) };
  }
  return attributes;
}

export function checkSize(message: string, attributes: Record<string, MessageAttribute>): void {
  let bytes = Buffer.byteLength(message, 'utf8');
  for (const [name, value] of Object.entries(attributes)) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value.dataType) + Buffer.byteLength(value.stringValue ?? '') + Buffer.from(value.binaryValue ?? '', 'base64').length;
  }
  if (bytes > MAX_PUBLISH_BYTES) throw invalid(`Message too long (${bytes} bytes with attributes; at most ${MAX_PUBLISH_BYTES})`);
}
