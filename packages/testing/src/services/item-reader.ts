import { ERR, StatesError } from '../engine/errors.js';
import type { Frame } from '../engine/frame.js';
import type { MemoryS3 } from './memory-s3.js';

/**
 * Distributed Map `ItemReader` against the in-memory S3 (developer guide, "input-output-itemreader"):
 * `s3:getObject` with InputType JSON (an array), JSONL or CSV (first row as header), and `s3:listObjectsV2`
 * (one item per object). A missing or malformed object is `States.ItemReaderFailed`.
 */
export async function readMapItems(s3: MemoryS3, stateName: string, reader: { Resource: string; ReaderConfig?: Record<string, unknown> }, args: unknown, _frame: Frame): Promise<unknown[]> {
  const a = (args ?? {}) as Record<string, unknown>;
  const bucket = String(a['Bucket']);
  const config = reader.ReaderConfig ?? {};
  const maxItems = typeof config['MaxItems'] === 'number' ? config['MaxItems'] : Infinity;
  let items: unknown[];
  try {
    if (reader.Resource.endsWith(':s3:listObjectsV2')) {
      const prefix = `s3://${bucket}/${String(a['Prefix'] ?? '')}`;
      items = [...s3.objects.entries()]
        .filter(([uri]) => uri.startsWith(prefix))
        .map(([uri, body]) => ({ Key: uri.slice(`s3://${bucket}/`.length), Size: Buffer.byteLength(body), StorageClass: 'STANDARD' }));
    } else {
      items = parseObject(s3.getText(bucket, String(a['Key']), ERR.ItemReaderFailed), String(config['InputType'] ?? 'JSON'), config);
    }
  } catch (error) {
    if (error instanceof StatesError) throw new StatesError(ERR.ItemReaderFailed, `ItemReader of '${stateName}': ${error.causeText}`);
    throw error;
  }
  return items.slice(0, maxItems);
}

function parseObject(text: string, type: string, config: Record<string, unknown>): unknown[] {
  if (type === 'JSON') {
    const value = JSON.parse(text) as unknown;
    if (!Array.isArray(value)) throw new StatesError(ERR.ItemReaderFailed, 'The JSON object read is not an array.');
    return value;
  }
  if (type === 'JSONL') return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown);
  if (type === 'CSV') {
    const delimiter = String(config['CSVDelimiter'] === 'SEMICOLON' ? ';' : config['CSVDelimiter'] === 'TAB' ? '\t' : ',');
    const rows = text.split(/\r?\n/).filter((line) => line !== '').map((line) => line.split(delimiter));
    const headers = config['CSVHeaderLocation'] === 'GIVEN' ? (config['CSVHeaders'] as string[]) : (rows.shift() ?? []);
    return rows.map((row) => Object.fromEntries(headers.map((h, i) => [h, row[i] ?? ''])));
  }
  throw new StatesError(ERR.ItemReaderFailed, `InputType ${type} is not simulated.`);
}
